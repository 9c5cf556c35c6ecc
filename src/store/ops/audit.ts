import type { Selectable } from 'kysely';
import type { AuditEventView } from '../../core/index.ts';
import type { AuditEventsTable, TxContext } from '../schema.ts';

export interface NewAuditEvent {
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  before?: unknown;
  after?: unknown;
  source?: string | null;
  visibility: 'public' | 'restricted';
}

/** Append one event. The audit log is append-only: there is no update or delete. */
export async function appendAuditEvent({ tx }: TxContext, event: NewAuditEvent): Promise<number> {
  const row = await tx
    .insertInto('audit_events')
    .values({
      actor: event.actor,
      action: event.action,
      subject_type: event.subjectType,
      subject_id: event.subjectId,
      reason: event.reason ?? null,
      before: event.before === undefined ? null : JSON.stringify(event.before),
      after: event.after === undefined ? null : JSON.stringify(event.after),
      source: event.source ?? null,
      visibility: event.visibility,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export interface AuditQuery {
  subjectType?: string;
  subjectId?: string;
  publicOnly: boolean;
  afterId?: number;
  /** Only events older than this one (paging back through a long history). */
  beforeId?: number;
  /** The newest `limit` events instead of the oldest; still returned oldest first. */
  newest?: boolean;
  limit: number;
}

export async function listAuditEvents(
  { tx }: TxContext,
  query: AuditQuery,
): Promise<AuditEventView[]> {
  let q = tx
    .selectFrom('audit_events')
    .selectAll()
    .orderBy('id', query.newest ? 'desc' : 'asc')
    .limit(query.limit);
  if (query.subjectType) q = q.where('subject_type', '=', query.subjectType);
  if (query.subjectId) q = q.where('subject_id', '=', query.subjectId);
  if (query.publicOnly) q = q.where('visibility', '=', 'public');
  if (query.afterId !== undefined) q = q.where('id', '>', query.afterId);
  if (query.beforeId !== undefined) q = q.where('id', '<', query.beforeId);
  const rows = (await q.execute()).map(toAuditView);
  return query.newest ? rows.reverse() : rows;
}

/** How many events match (the paging fields are ignored). */
export async function countAuditEvents(
  { tx }: TxContext,
  query: Pick<AuditQuery, 'subjectType' | 'subjectId' | 'publicOnly'>,
): Promise<number> {
  let q = tx.selectFrom('audit_events').select((eb) => eb.fn.countAll<string>().as('count'));
  if (query.subjectType) q = q.where('subject_type', '=', query.subjectType);
  if (query.subjectId) q = q.where('subject_id', '=', query.subjectId);
  if (query.publicOnly) q = q.where('visibility', '=', 'public');
  return Number((await q.executeTakeFirstOrThrow()).count);
}

function toAuditView(row: Selectable<AuditEventsTable>): AuditEventView {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    reason: row.reason,
    before: row.before,
    after: row.after,
    source: row.source,
    visibility: row.visibility as AuditEventView['visibility'],
  };
}
