/**
 * What the sign-in page says when the provider's callback failed (the server redirects a
 * browser to /sign-in?failed=CODE): one plain sentence per stable code, never the provider's
 * own error text, which may carry details meant for the operator's log.
 */
const SENTENCES: Record<string, string> = {
  OPF_ERR_AUTH_LOGIN_FAILED:
    'The sign-in provider did not accept this sign-in, or did not say who you are. Try again; if it keeps failing, tell the operators.',
  OPF_ERR_AUTH_STATE_INVALID:
    'This sign-in expired, was already used, or was started in another browser. Start again below.',
  OPF_ERR_AUTH_PROVIDER_UNAVAILABLE:
    'The sign-in provider cannot be reached just now. Try again in a few minutes.',
  OPF_ERR_AUTH_PROVIDER_UNKNOWN:
    'That sign-in provider is not one this opf offers. Choose one below.',
};

/** The sentence for a failed sign-in's code, or undefined when the page was not sent one. */
export function failedSignInSentence(code: string | null): string | undefined {
  if (!code) return undefined;
  return SENTENCES[code] ?? 'Signing in did not complete. Start again below.';
}
