import { describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/identity/index.ts';
import { SCOPE_CHOICES, scopesForRole, tokenState } from '../../web/src/features/tokens/choices.ts';
import type { ApiToken } from '../../web/src/shared/types.ts';

describe('the API tokens page’s choices', () => {
  it('offers each role the scopes its tokens can use, in the API’s own scope names', () => {
    expect(SCOPE_CHOICES.map((choice) => choice.scope)).toEqual([...SCOPES]);
    expect(scopesForRole('user')).toEqual(['read', 'request']);
    expect(scopesForRole('ops')).toEqual(['read', 'request', 'review']);
    expect(scopesForRole('admin')).toEqual([...SCOPES]);
  });

  it('tells active, expired and revoked tokens apart as the API decides it', () => {
    const now = new Date('2026-11-22T12:00:00Z');
    const token: ApiToken = {
      id: 1,
      name: 'ci',
      owner: 'octo',
      prefix: 'opf_pat_abcd',
      scopes: ['read'],
      createdAt: '2026-11-01T00:00:00Z',
      expiresAt: '2026-12-01T00:00:00Z',
      lastUsedAt: null,
      revokedAt: null,
    };
    expect(tokenState(token, now)).toBe('active');
    expect(tokenState({ ...token, expiresAt: now.toISOString() }, now)).toBe('expired');
    expect(tokenState({ ...token, revokedAt: '2026-11-20T00:00:00Z' }, now)).toBe('revoked');
  });
});
