/**
 * Error codes of identity (src/identity): sign-in, sessions, API tokens, project roles.
 * Same rules as errors.ts: stable, never reused.
 */
export const IDENTITY_ERROR_REGISTRY = {
  OPF_ERR_AUTH_PROVIDER_UNKNOWN: {
    kind: 'input',
    summary: 'The sign-in provider is not one this opf is configured with.',
  },
  OPF_ERR_AUTH_STATE_INVALID: {
    kind: 'input',
    summary:
      'The sign-in callback does not belong to a sign-in started in this browser, or it expired or was used; start again.',
  },
  OPF_ERR_AUTH_LOGIN_FAILED: {
    kind: 'unauthenticated',
    summary: 'The provider refused the sign-in or gave no usable user.',
  },
  OPF_ERR_AUTH_PROVIDER_UNAVAILABLE: {
    kind: 'unavailable',
    summary: 'The sign-in provider cannot be reached or its configuration read; try again later.',
  },
  OPF_ERR_AUTH_DEMO_REFUSED: {
    kind: 'forbidden',
    summary:
      'Demo sign-in is offered only by an opf on loopback, with demo data and no sign-in provider configured, to a browser on the same machine.',
  },
  OPF_ERR_AUTH_CSRF: {
    kind: 'forbidden',
    summary:
      'A write with a session cookie lacks the x-csrf-token header of that session (see GET /api/v1/me).',
  },
  OPF_ERR_AUTH_NOT_MEMBER: {
    kind: 'forbidden',
    summary: 'Only members of the request’s project team (or ops) may do this.',
  },
  OPF_ERR_AUTH_NOT_OWNER: {
    kind: 'forbidden',
    summary: 'Only the owner of the project’s team (or ops) may do this.',
  },
  OPF_ERR_TOKEN_REVOKED: { kind: 'unauthenticated', summary: 'The API token was revoked.' },
  OPF_ERR_TOKEN_EXPIRED: { kind: 'unauthenticated', summary: 'The API token has expired.' },
  OPF_ERR_TOKEN_SCOPE: {
    kind: 'forbidden',
    summary: 'The API token’s scopes do not cover this action (or the scopes asked for).',
  },
} as const;
