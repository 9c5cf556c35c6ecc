import type { ApiToken, Me, Scope } from '../../shared/types.ts';

/** The scopes in the order the form offers them, with what each lets a token do. */
export const SCOPE_CHOICES: { scope: Scope; description: string }[] = [
  { scope: 'read', description: 'Read what needs signing in: who you are, your tokens.' },
  {
    scope: 'request',
    description:
      'Your projects’ writes: submit, edit, withdraw and comment on requests; make tokens.',
  },
  {
    scope: 'review',
    description: 'Ops work: start reviews, ask for changes, approve, reject, offboard.',
  },
  { scope: 'admin', description: 'Everything your role allows.' },
];

/**
 * The scopes worth offering: a token never does more than its user's role (the API caps it),
 * so a plain user is not offered review or admin, which would grant nothing.
 */
export function scopesForRole(role: Me['role']): Scope[] {
  if (role === 'admin') return ['read', 'request', 'review', 'admin'];
  if (role === 'ops') return ['read', 'request', 'review'];
  return ['read', 'request'];
}

/** Expiry presets in days; "custom" asks for a number (the API allows 1 to 366). */
export const EXPIRY_CHOICES = [
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '90', label: '90 days' },
  { value: '180', label: '180 days' },
  { value: '366', label: 'One year (366 days)' },
  { value: 'custom', label: 'Another number of days…' },
];
export const DEFAULT_EXPIRY = '90';

/** Whether a listed token still works, as the API would decide it. */
export function tokenState(token: ApiToken, now: Date): 'active' | 'revoked' | 'expired' {
  if (token.revokedAt) return 'revoked';
  return new Date(token.expiresAt) <= now ? 'expired' : 'active';
}
