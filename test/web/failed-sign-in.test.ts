import { describe, expect, it } from 'vitest';
import { failedSignInSentence } from '../../web/src/features/auth/failedSignIn.ts';

describe('the sign-in page after a failed callback', () => {
  it('says each known code in a plain sentence of its own', () => {
    const codes = [
      'OPF_ERR_AUTH_LOGIN_FAILED',
      'OPF_ERR_AUTH_STATE_INVALID',
      'OPF_ERR_AUTH_PROVIDER_UNAVAILABLE',
      'OPF_ERR_AUTH_PROVIDER_UNKNOWN',
    ];
    const sentences = codes.map(failedSignInSentence);
    expect(new Set(sentences).size).toBe(codes.length);
    for (const sentence of sentences) {
      expect(sentence).toMatch(/^[A-Z].*\.$/);
      expect(sentence).not.toMatch(/OPF_ERR|undefined/);
    }
  });

  it('says something general for a code it does not know, and nothing without one', () => {
    expect(failedSignInSentence('OPF_ERR_SOMETHING_NEW')).toBe(
      'Signing in did not complete. Start again below.',
    );
    expect(failedSignInSentence(null)).toBeUndefined();
    expect(failedSignInSentence('')).toBeUndefined();
  });
});
