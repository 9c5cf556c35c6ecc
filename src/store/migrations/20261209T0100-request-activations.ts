import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * When each request became active is the newest of its `request.activate` audit events. The
 * engagement list asks it of every active project at once (4,548 on the bench): through
 * (subject_type, subject_id, id) each request's five or so events were read and filtered by
 * action; this partial index answers each with one index-only probe.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `create index audit_events_request_activations on audit_events (subject_id, at)
      where subject_type = 'request' and action = 'request.activate'`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop index audit_events_request_activations');
}
