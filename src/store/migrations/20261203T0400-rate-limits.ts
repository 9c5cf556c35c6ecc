import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Request counts per client and limit group, in fixed windows: every replica counts into
 * the same row, and a restart forgets nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table rate_limits (
      key text primary key,
      window_start timestamptz not null,
      count integer not null
    );
    create index rate_limits_window on rate_limits (window_start);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop table rate_limits;');
}
