import type { TxContext } from '../schema.ts';

export interface SessionRecord {
  tokenHash: string;
  userId: number;
  provider: string;
  createdAt: Date;
  expiresAt: Date;
}

export async function insertSession(
  { tx }: TxContext,
  session: {
    tokenHash: string;
    userId: number;
    provider: string;
    expiresAt: Date;
    source: string | null;
  },
): Promise<void> {
  await tx
    .insertInto('sessions')
    .values({
      token_hash: session.tokenHash,
      user_id: session.userId,
      provider: session.provider,
      expires_at: session.expiresAt,
      source: session.source,
    })
    .execute();
}

/** A session that has not expired at `now`; expired ones are as good as absent. */
export async function findLiveSession(
  { tx }: TxContext,
  tokenHash: string,
  now: Date,
): Promise<SessionRecord | undefined> {
  const row = await tx
    .selectFrom('sessions')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return (
    row && {
      tokenHash: row.token_hash,
      userId: row.user_id,
      provider: row.provider,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    }
  );
}

/** Ends a session (logout); returns whether one was there. Expired rows go too. */
export async function deleteSession(
  { tx }: TxContext,
  tokenHash: string,
  now: Date,
): Promise<boolean> {
  const gone = await tx
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('token_hash', '=', tokenHash), eb('expires_at', '<=', now)]))
    .returning('token_hash')
    .execute();
  return gone.some((row) => row.token_hash === tokenHash);
}

/** Drop sessions past their expiry (they already count for nothing); returns how many. */
export async function sweepExpiredSessions({ tx }: TxContext, now: Date): Promise<number> {
  const gone = await tx.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(gone.numDeletedRows);
}
