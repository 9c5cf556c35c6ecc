import type { TxContext } from '../schema.ts';

/** The newest public audit events with one of `actions` (feeds of request decisions). */
export async function listPublicEventsByAction(
  { tx }: TxContext,
  actions: string[],
  limit: number,
) {
  const rows = await tx
    .selectFrom('audit_events')
    .selectAll()
    .where('visibility', '=', 'public')
    .where('action', 'in', actions)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    reason: row.reason,
  }));
}
