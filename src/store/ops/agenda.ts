import type { Selectable } from 'kysely';
import type { AgendaItemsTable } from '../community-schema.ts';
import type { TxContext } from '../schema.ts';

export interface AgendaItemRow {
  id: number;
  meeting: string;
  date: string;
  kind: 'request' | 'topic';
  requestId: number | null;
  title: string;
  notes: string;
  addedBy: string;
  createdAt: string;
  decision: string | null;
  decisionAction: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

/** Add an item; a request already on that date's agenda is returned as it is. */
export async function insertAgendaItem(
  { tx }: TxContext,
  item: Pick<
    AgendaItemRow,
    'meeting' | 'date' | 'kind' | 'requestId' | 'title' | 'notes' | 'addedBy'
  >,
): Promise<AgendaItemRow> {
  const row = await tx
    .insertInto('agenda_items')
    .values({
      meeting_slug: item.meeting,
      date: item.date,
      kind: item.kind,
      request_id: item.requestId,
      title: item.title,
      notes: item.notes,
      added_by: item.addedBy,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return toItem(row);
  const existing = await tx
    .selectFrom('agenda_items')
    .selectAll()
    .where('meeting_slug', '=', item.meeting)
    .where('date', '=', item.date)
    .where('request_id', '=', item.requestId)
    .executeTakeFirstOrThrow();
  return toItem(existing);
}

export async function listAgendaItems({ tx }: TxContext, meeting: string, date: string) {
  const rows = await tx
    .selectFrom('agenda_items')
    .selectAll()
    .where('meeting_slug', '=', meeting)
    .where('date', '=', date)
    .orderBy('id')
    .execute();
  return rows.map(toItem);
}

export async function recordAgendaDecision(
  { tx }: TxContext,
  id: number,
  d: { decision: string; action: string | null; decidedBy: string },
): Promise<AgendaItemRow> {
  const row = await tx
    .updateTable('agenda_items')
    .set({
      decision: d.decision,
      decision_action: d.action,
      decided_by: d.decidedBy,
      decided_at: new Date(),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toItem(row);
}

export interface MeetingRecordRow {
  meeting: string;
  date: string;
  attendance: string[];
  minutes: string;
  recordedBy: string;
  updatedAt: string;
}

export async function upsertMeetingRecord(
  { tx }: TxContext,
  r: Omit<MeetingRecordRow, 'updatedAt'>,
): Promise<MeetingRecordRow> {
  const fields = {
    attendance: JSON.stringify(r.attendance),
    minutes: r.minutes,
    recorded_by: r.recordedBy,
  };
  const row = await tx
    .insertInto('meeting_records')
    .values({ meeting_slug: r.meeting, date: r.date, ...fields })
    .onConflict((oc) =>
      oc.columns(['meeting_slug', 'date']).doUpdateSet({ ...fields, updated_at: new Date() }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRecord(row);
}

export async function findMeetingRecord({ tx }: TxContext, meeting: string, date: string) {
  const row = await tx
    .selectFrom('meeting_records')
    .selectAll()
    .where('meeting_slug', '=', meeting)
    .where('date', '=', date)
    .executeTakeFirst();
  return row && toRecord(row);
}

export async function listMeetingRecords({ tx }: TxContext, meeting: string, limit: number) {
  const rows = await tx
    .selectFrom('meeting_records')
    .selectAll()
    .where('meeting_slug', '=', meeting)
    .orderBy('date', 'desc')
    .limit(limit)
    .execute();
  return rows.map(toRecord);
}

/** Who asked for an invitation in (after, upTo]: the newcomers an agenda shows. */
export async function listInvitationsAskedBetween(
  { tx }: TxContext,
  meeting: string,
  after: Date,
  upTo: Date,
) {
  return tx
    .selectFrom('invitations')
    .select(['name', 'email', 'created_at'])
    .where('meeting_slug', '=', meeting)
    .where('created_at', '>', after)
    .where('created_at', '<=', upTo)
    .orderBy('id')
    .execute();
}

function toItem(row: Selectable<AgendaItemsTable>): AgendaItemRow {
  return {
    id: row.id,
    meeting: row.meeting_slug,
    date: row.date,
    kind: row.kind as AgendaItemRow['kind'],
    requestId: row.request_id,
    title: row.title,
    notes: row.notes,
    addedBy: row.added_by,
    createdAt: row.created_at.toISOString(),
    decision: row.decision,
    decisionAction: row.decision_action,
    decidedBy: row.decided_by,
    decidedAt: row.decided_at ? new Date(row.decided_at).toISOString() : null,
  };
}

function toRecord(row: {
  meeting_slug: string;
  date: string;
  attendance: string[];
  minutes: string;
  recorded_by: string;
  updated_at: Date;
}): MeetingRecordRow {
  return {
    meeting: row.meeting_slug,
    date: row.date,
    attendance: row.attendance,
    minutes: row.minutes,
    recordedBy: row.recorded_by,
    updatedAt: row.updated_at.toISOString(),
  };
}
