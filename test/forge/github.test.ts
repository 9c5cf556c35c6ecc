import { describe, expect, it } from 'vitest';
import type { OpfError } from '../../src/core/index.ts';
import { GitHubForge } from '../../src/forge/index.ts';
import { recordedGitHubFetch } from '../support/recorded-forge.ts';

describe('GitHub forge adapter, against the recorded contract', () => {
  const calls: { method: string; url: string; body: unknown; auth: string | null }[] = [];
  const forge = new GitHubForge({
    owner: 'operate-first',
    repo: 'apps',
    token: 'ghp_test',
    fetch: recordedGitHubFetch(calls),
  });

  it('opens a pull request when none is open for the branch', async () => {
    const pr = await forge.openPullRequest({
      head: 'opf/request-1',
      base: 'main',
      title: 'Onboard demo (opf request 1)',
      body: 'details',
    });
    expect(pr).toEqual({
      number: 1347,
      url: 'https://github.com/operate-first/apps/pull/1347',
      state: 'open',
    });
    expect(calls.map((c) => c.method)).toEqual(['GET', 'POST']);
    expect(calls[1]?.body).toMatchObject({ head: 'opf/request-1', base: 'main', body: 'details' });
    expect(calls[1]?.auth).toBe('token ghp_test');
  });

  it('returns the open pull request instead of opening a second one', async () => {
    calls.length = 0;
    const pr = await forge.openPullRequest({
      head: 'opf/request-8',
      base: 'main',
      title: 't',
      body: 'b',
    });
    expect(pr.number).toBe(1348);
    expect(calls.map((c) => c.method)).toEqual(['GET']);
  });

  it('reads a merged pull request as merged', async () => {
    expect((await forge.getPullRequest(1347)).state).toBe('merged');
  });

  it('turns GitHub refusals into a stable code', async () => {
    await expect(forge.getPullRequest(9999)).rejects.toSatisfy(
      (error: OpfError) => error.code === 'OPF_ERR_FORGE_FAILED' && /401/.test(error.message),
    );
  });
});
