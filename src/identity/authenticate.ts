import { OpfError } from '../core/index.ts';
import {
  findApiTokenByHash,
  findLiveSession,
  findUserById,
  touchApiToken,
} from '../store/index.ts';
import type { Scope } from './config.ts';
import type { IdentityContext } from './context.ts';
import { type Principal, roleOf } from './roles.ts';
import { csrfTokenFor, hashSecret } from './secrets.ts';

/**
 * An API token from an Authorization header. Unknown tokens answer like any bad credential;
 * a token opf knows but that was revoked or expired says so, so its owner knows what to do.
 */
export async function principalFromApiToken(
  ctx: IdentityContext,
  token: string,
): Promise<Principal> {
  const now = ctx.now();
  const usable = await findApiTokenByHash({ tx: ctx.db }, hashSecret(token));
  if (!usable) throw new OpfError('OPF_ERR_UNAUTHENTICATED', 'the token is not valid');
  if (usable.revokedAt)
    throw new OpfError('OPF_ERR_TOKEN_REVOKED', `API token "${usable.name}" was revoked`);
  if (new Date(usable.expiresAt) <= now)
    throw new OpfError(
      'OPF_ERR_TOKEN_EXPIRED',
      `API token "${usable.name}" expired at ${usable.expiresAt}; create a new one`,
    );
  const user =
    usable.userId === null ? undefined : await findUserById({ tx: ctx.db }, usable.userId);
  await touchApiToken({ tx: ctx.db }, usable.id, now);
  return {
    name: user?.login ?? usable.owner,
    // A token made with the bootstrap admin token has no user: it acts as that admin.
    role: user ? roleOf(ctx.config, user.login, user.groups) : 'admin',
    via: 'token',
    scopes: usable.scopes as Scope[],
    ...(user && { userId: user.id }),
    tokenId: usable.id,
  };
}

/** A browser session from its cookie; a stale or unknown cookie is simply no session. */
export async function principalFromSession(
  ctx: IdentityContext,
  sessionToken: string,
): Promise<Principal | undefined> {
  const session = await findLiveSession({ tx: ctx.db }, hashSecret(sessionToken), ctx.now());
  if (!session) return undefined;
  const user = await findUserById({ tx: ctx.db }, session.userId);
  if (!user) return undefined;
  return {
    name: user.login,
    role: roleOf(ctx.config, user.login, user.groups),
    via: 'session',
    csrfToken: csrfTokenFor(sessionToken),
    userId: user.id,
  };
}
