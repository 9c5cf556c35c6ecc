import { randomPKCECodeVerifier } from 'openid-client';
import { OpfError } from '../core/index.ts';
import {
  appendAuditEvent,
  deleteSession,
  findLiveSession,
  findUserById,
  findUserIdByIdentity,
  insertLoginAttempt,
  insertSession,
  linkIdentity,
  sweepExpiredSessions,
  type Tx,
  takeLoginAttempt,
  type UserRecord,
  upsertUser,
} from '../store/index.ts';
import type { IdentityContext } from './context.ts';
import type { LoginProvider } from './providers.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** A sign-in must come back from the provider within this time. */
const LOGIN_ATTEMPT_MS = 10 * 60_000;

export function findProvider(ctx: IdentityContext, id: string): LoginProvider {
  const provider = ctx.providers.find((p) => p.id === id);
  if (!provider)
    throw new OpfError(
      'OPF_ERR_AUTH_PROVIDER_UNKNOWN',
      `no sign-in provider "${id}"; this opf offers: ${ctx.providers.map((p) => p.id).join(', ') || 'none'}`,
    );
  return provider;
}

function redirectUri(ctx: IdentityContext): string {
  return `${ctx.publicUrl}/auth/callback`;
}

/** Only a path on this opf: never an open redirect to another site. */
export function safeReturnTo(value: string | undefined): string | null {
  if (!value?.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

/**
 * Start signing in: remember the PKCE verifier (and nonce) under the hash of a new state,
 * and give back the provider's URL plus the state for the browser's cookie.
 */
export async function startLogin(
  ctx: IdentityContext,
  providerId: string,
  returnTo: string | undefined,
): Promise<{ url: URL; state: string }> {
  const provider = findProvider(ctx, providerId);
  const state = newSecret('opf_st');
  const codeVerifier = randomPKCECodeVerifier();
  const nonce = provider.usesNonce ? newSecret('opf_st') : null;
  const url = await provider.authorizationUrl({
    state,
    codeVerifier,
    nonce,
    redirectUri: redirectUri(ctx),
  });
  await insertLoginAttempt(
    { tx: ctx.db },
    {
      stateHash: hashSecret(state),
      provider: provider.id,
      codeVerifier,
      nonce,
      returnTo: safeReturnTo(returnTo),
      expiresAt: new Date(ctx.now().getTime() + LOGIN_ATTEMPT_MS),
    },
  );
  return { url, state };
}

export interface FinishedLogin {
  sessionToken: string;
  expiresAt: Date;
  user: UserRecord;
  returnTo: string;
}

/**
 * The provider sent the browser back. The state in the query must be the one this browser
 * started with (its cookie) and still be pending; then the code is exchanged (with the PKCE
 * verifier), the user is found or made, and a session begins.
 */
export async function finishLogin(
  ctx: IdentityContext,
  input: { callbackUrl: URL; cookieState: string | undefined; source: string },
): Promise<FinishedLogin> {
  const state = input.callbackUrl.searchParams.get('state');
  if (!state || !input.cookieState || state !== input.cookieState)
    throw new OpfError(
      'OPF_ERR_AUTH_STATE_INVALID',
      'this sign-in was not started in this browser; start again at /auth/login',
    );
  const attempt = await takeLoginAttempt({ tx: ctx.db }, hashSecret(state), ctx.now());
  if (!attempt)
    throw new OpfError(
      'OPF_ERR_AUTH_STATE_INVALID',
      'this sign-in expired or was already used; start again at /auth/login',
    );
  const provider = findProvider(ctx, attempt.provider);
  const profile = await provider.finish(input.callbackUrl, {
    state,
    codeVerifier: attempt.codeVerifier,
    nonce: attempt.nonce,
    redirectUri: redirectUri(ctx),
  });
  const sessionToken = newSecret('opf_ses');
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlMs);
  const user = await ctx.db.transaction().execute(async (tx: Tx) => {
    const linked = await findUserIdByIdentity({ tx }, provider.id, profile.subject);
    const known = linked === undefined ? undefined : await findUserById({ tx }, linked);
    // A linked identity keeps its user even if the provider's login changed since.
    const saved = await upsertUser(
      { tx },
      { ...profile, login: known?.login ?? profile.login },
      ctx.now(),
    );
    await linkIdentity(
      { tx },
      { provider: provider.id, subject: profile.subject, userId: saved.id },
    );
    // Each sign-in also clears away sessions that expired unused.
    await sweepExpiredSessions({ tx }, ctx.now());
    await insertSession(
      { tx },
      {
        tokenHash: hashSecret(sessionToken),
        userId: saved.id,
        provider: provider.id,
        expiresAt,
        source: input.source,
      },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: saved.login,
        action: 'auth.login',
        subjectType: 'user',
        subjectId: saved.login,
        after: { provider: provider.id, sessionExpiresAt: expiresAt.toISOString() },
        source: input.source,
        visibility: 'restricted',
      },
    );
    return saved;
  });
  return { sessionToken, expiresAt, user, returnTo: attempt.returnTo ?? '/' };
}

/** End a session. Logging out twice, or with an expired cookie, is not an error. */
export async function logout(
  ctx: IdentityContext,
  sessionToken: string | undefined,
  source: string,
): Promise<boolean> {
  if (!sessionToken) return false;
  const tokenHash = hashSecret(sessionToken);
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const session = await findLiveSession({ tx }, tokenHash, ctx.now());
    const ended = await deleteSession({ tx }, tokenHash, ctx.now());
    if (!session || !ended) return false;
    const user = await findUserById({ tx }, session.userId);
    await appendAuditEvent(
      { tx },
      {
        actor: user?.login ?? `user:${session.userId}`,
        action: 'auth.logout',
        subjectType: 'user',
        subjectId: user?.login ?? String(session.userId),
        source,
        visibility: 'restricted',
      },
    );
    return true;
  });
}

/** A failed sign-in is a security event too: who tried, from where, and why it failed. */
export async function recordFailedLogin(
  ctx: IdentityContext,
  error: OpfError,
  source: string,
): Promise<void> {
  await appendAuditEvent(
    { tx: ctx.db },
    {
      actor: 'anonymous',
      action: 'auth.login-failed',
      subjectType: 'user',
      subjectId: 'unknown',
      reason: error.code,
      source,
      visibility: 'restricted',
    },
  );
}
