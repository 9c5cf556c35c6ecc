import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The channels an announcement goes to, as the ops engineer chose them when composing it:
 * null keeps the old meaning (every channel marked to announce).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'alter table announcements add column channels jsonb;');
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'alter table announcements drop column channels;');
}
