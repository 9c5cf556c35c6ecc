import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A dedupe key that holds only while a job is open (pending or running): for a job that
 * should be queued at most once at a time but may run again later, such as the adoption of
 * the GitOps repository every `opf serve` start asks for. `dedupe_key` cannot do this: it
 * is unique for ever, and done jobs are kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `alter table jobs add column open_key text;
     create unique index jobs_open_key on jobs (open_key) where state in ('pending', 'running');`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `drop index jobs_open_key;
     alter table jobs drop column open_key;`,
  );
}
