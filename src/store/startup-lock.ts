import { type Kysely, sql } from 'kysely';
import type { TxContext } from './schema.ts';

/**
 * Advisory locks for the work every replica does at start (migrate, seed an empty
 * database): the first to arrive does it, the others wait and then find it done. Keyed by
 * the schema opf lives in, so opfs in different schemas of one server do not queue.
 * 0x6f7066 is "opf": the namespace of opf's advisory locks.
 */
export const OPF_LOCKS = sql.lit(0x6f7066);

export function lockKey(purpose: string) {
  return sql`hashtext(${`${purpose}:`} || coalesce(current_schema(), ''))`;
}

/** Hold a session lock on one connection while `work` runs on that connection. */
export async function withMigrationLock<T>(
  db: Kysely<unknown>,
  work: (connection: Kysely<unknown>) => Promise<T>,
): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`select pg_advisory_lock(${OPF_LOCKS}, ${lockKey('migrate')})`.execute(connection);
    try {
      return await work(connection);
    } finally {
      await sql`select pg_advisory_unlock(${OPF_LOCKS}, ${lockKey('migrate')})`.execute(connection);
    }
  });
}

/**
 * Inside the seeding transaction, before it looks whether the database is empty: a second
 * replica waits until the first has committed, then sees the data and seeds nothing.
 */
export async function lockSeeding({ tx }: TxContext): Promise<void> {
  await sql`select pg_advisory_xact_lock(${OPF_LOCKS}, ${lockKey('seed')})`.execute(tx);
}
