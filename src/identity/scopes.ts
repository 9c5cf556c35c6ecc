import { OpfError } from '../core/index.ts';
import type { Scope } from './config.ts';
import type { Principal } from './roles.ts';

/** The routes' policies, as far as scopes are concerned. */
export type ScopedPolicy = 'public' | 'user' | 'member' | 'owner' | 'ops' | 'admin';

/**
 * The scope a token needs for a route: reads need `read`; a project's own writes
 * (submit, edit, comment, tokens) need `request`; review actions `review`; admin ones
 * `admin`. The `admin` scope covers everything.
 */
export function scopeNeeded(policy: ScopedPolicy, method: string): Scope | undefined {
  if (policy === 'public') return undefined;
  if (policy === 'admin') return 'admin';
  if (policy === 'ops') return 'review';
  return ['GET', 'HEAD'].includes(method) ? 'read' : 'request';
}

export function scopesCover(scopes: readonly Scope[], needed: Scope): boolean {
  if (scopes.includes('admin') || scopes.includes(needed)) return true;
  // Every token may read what its user may read.
  return needed === 'read' && scopes.length > 0;
}

/** A token may make tokens only within its own scopes: a leaked read token mints nothing more. */
export function assertMayGrant(principal: Principal, wanted: readonly Scope[]): void {
  if (!principal.scopes) return;
  const beyond = wanted.filter((scope) => !scopesCover(principal.scopes!, scope));
  if (beyond.length)
    throw new OpfError(
      'OPF_ERR_TOKEN_SCOPE',
      `this token (scopes ${principal.scopes.join(', ')}) cannot grant ${beyond.join(', ')}`,
    );
}

/**
 * The scope a token needs to create tokens: a project's own writes, `request` (or `admin`).
 * A browser session (which proved itself with its CSRF token) and the bootstrap token may.
 * Without this a leaked `read` token could mint fresh 90-day tokens, and revoking it would
 * not end its access.
 */
export const TOKEN_MINTING_SCOPE: Scope = 'request';

export function assertMayMintTokens(principal: Principal): void {
  if (principal.via !== 'token') return;
  const scopes = principal.scopes ?? [];
  if (scopes.includes('admin') || scopes.includes(TOKEN_MINTING_SCOPE)) return;
  throw new OpfError(
    'OPF_ERR_TOKEN_SCOPE',
    `creating a token needs a browser session or a token with the ${TOKEN_MINTING_SCOPE} scope; this one has ${scopes.join(', ') || 'none'}`,
  );
}
