import { OpfError } from '../core/index.ts';
import {
  appendAuditEvent,
  insertSession,
  sweepExpiredSessions,
  type Tx,
  type UserRecord,
  upsertUser,
} from '../store/index.ts';
import type { IdentityContext } from './context.ts';
import { DEMO_PROVIDER, DEMO_USERS, isLoopbackAddress } from './demo-users.ts';
import { hashSecret, newSecret } from './secrets.ts';

/** Sign a demo user in: the user is made on first use, a session begins, the audit log says so. */
export async function demoSignIn(
  ctx: IdentityContext,
  id: string,
  source: string,
): Promise<{ sessionToken: string; expiresAt: Date; user: UserRecord }> {
  if (!ctx.demoSignIn || ctx.providers.length > 0 || !isLoopbackAddress(source))
    throw new OpfError(
      'OPF_ERR_AUTH_DEMO_REFUSED',
      'demo sign-in is offered only on the embedded default (loopback, demo data, no sign-in provider), from this machine',
    );
  const demo = DEMO_USERS.find((user) => user.id === id);
  if (!demo)
    throw new OpfError('OPF_ERR_VALIDATION', `no demo user "${id}"`, [
      { path: 'user', message: `choose one of: ${DEMO_USERS.map((u) => u.id).join(', ')}` },
    ]);
  const sessionToken = newSecret('opf_ses');
  const expiresAt = new Date(ctx.now().getTime() + ctx.config.sessionTtlMs);
  const user = await ctx.db.transaction().execute(async (tx: Tx) => {
    const saved = await upsertUser(
      { tx },
      {
        login: demo.login,
        displayName: demo.displayName,
        email: null,
        groups: [],
      },
      ctx.now(),
    );
    await sweepExpiredSessions({ tx }, ctx.now());
    await insertSession(
      { tx },
      {
        tokenHash: hashSecret(sessionToken),
        userId: saved.id,
        provider: DEMO_PROVIDER,
        expiresAt,
        source,
      },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: saved.login,
        action: 'auth.login',
        subjectType: 'user',
        subjectId: saved.login,
        after: { provider: DEMO_PROVIDER, sessionExpiresAt: expiresAt.toISOString() },
        source,
        visibility: 'restricted',
      },
    );
    return saved;
  });
  return { sessionToken, expiresAt, user };
}
