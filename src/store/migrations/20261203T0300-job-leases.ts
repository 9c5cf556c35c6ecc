import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Whose lease a running job is under. Each lease gets a new token; a worker's completion,
 * failure or renewal names its token, so a worker whose lease ran out (and was taken by
 * another) cannot overwrite the newer worker's result (docs/adr/0011-job-runner.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'alter table jobs add column lease_token text;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'alter table jobs drop column lease_token;');
}
