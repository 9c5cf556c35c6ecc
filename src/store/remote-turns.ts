import { sql } from 'kysely';
import type { Db } from './schema.ts';
import { lockKey, OPF_LOCKS } from './startup-lock.ts';

/** PostgreSQL's lock_not_available: lock_timeout ran out while waiting. */
const LOCK_NOT_AVAILABLE = '55P03';

/** Runs `work` in this process's turn on a shared resource; `held` says whether it got one. */
export type TakeTurn = <T>(work: (held: boolean) => Promise<T>) => Promise<T>;

/**
 * Turns on one GitOps remote for every replica sharing the database: a session advisory lock
 * on a connection of its own, held while the delivery fetches, commits and pushes. Runners
 * that raced each other's pushes redid their whole change on every lost race; taking turns
 * makes each push land the first time. The lock goes with its connection, so a process
 * killed in its turn frees it at once. A holder that stalls (stopped, or a push hanging to
 * its deadline) is waited for `waitMs` at most; then the work runs without a turn, which is
 * still correct (a lost push is planned again on the new head), only slower.
 */
export function remoteTurns(db: Db, remote: string, waitMs: number): TakeTurn {
  const key = lockKey(`gitops-remote:${remote}`);
  return (work) =>
    db.connection().execute(async (connection) => {
      const held = await waitForTurn(connection, key, waitMs);
      try {
        return await work(held);
      } finally {
        // A failed unlock means the connection is gone, and the lock went with it.
        if (held)
          await sql`select pg_advisory_unlock(${OPF_LOCKS}, ${key})`
            .execute(connection)
            .catch(() => undefined);
      }
    });
}

async function waitForTurn(
  connection: Db,
  key: ReturnType<typeof lockKey>,
  waitMs: number,
): Promise<boolean> {
  // Session setting, on this connection only; put back before the pool hands it out again.
  await sql`select set_config('lock_timeout', ${`${Math.max(1, Math.round(waitMs))}ms`}, false)`.execute(
    connection,
  );
  try {
    await sql`select pg_advisory_lock(${OPF_LOCKS}, ${key})`.execute(connection);
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === LOCK_NOT_AVAILABLE) return false;
    throw error;
  } finally {
    await sql`select set_config('lock_timeout', '0', false)`.execute(connection);
  }
}
