import type { Selectable } from 'kysely';
import type { MeetingExceptionsTable, MeetingsTable } from '../community-schema.ts';
import type { TxContext } from '../schema.ts';

/** A meeting as stored; src/community checks and types the recurrence. */
export interface MeetingRow {
  slug: string;
  title: string;
  description: string;
  zone: string;
  localTime: string;
  durationMinutes: number;
  recurrence: { rule: string; anchor: string; until: string | null };
  url: string | null;
  contact: string | null;
  reviewsRequests: boolean;
  sequence: number;
  updatedAt: string;
}

export type MeetingFields = Omit<MeetingRow, 'sequence' | 'updatedAt'>;

function values(m: MeetingFields) {
  return {
    title: m.title,
    description: m.description,
    zone: m.zone,
    local_time: m.localTime,
    duration_minutes: m.durationMinutes,
    recurrence: JSON.stringify(m.recurrence),
    url: m.url,
    contact: m.contact,
    reviews_requests: m.reviewsRequests,
  };
}

/** Create or replace a meeting; a change bumps its sequence (calendar clients see an update). */
export async function upsertMeeting({ tx }: TxContext, m: MeetingFields): Promise<MeetingRow> {
  const row = await tx
    .insertInto('meetings')
    .values({ slug: m.slug, ...values(m) })
    .onConflict((oc) =>
      oc.column('slug').doUpdateSet((eb) => ({
        ...values(m),
        sequence: eb('meetings.sequence', '+', 1),
        updated_at: new Date(),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMeetingRow(row);
}

export async function bumpMeetingSequence({ tx }: TxContext, slug: string): Promise<void> {
  await tx
    .updateTable('meetings')
    .set((eb) => ({ sequence: eb('sequence', '+', 1), updated_at: new Date() }))
    .where('slug', '=', slug)
    .execute();
}

export async function findMeeting(
  { tx }: TxContext,
  slug: string,
): Promise<MeetingRow | undefined> {
  const row = await tx
    .selectFrom('meetings')
    .selectAll()
    .where('slug', '=', slug)
    .executeTakeFirst();
  return row && toMeetingRow(row);
}

export async function listMeetings({ tx }: TxContext): Promise<MeetingRow[]> {
  const rows = await tx.selectFrom('meetings').selectAll().orderBy('slug').execute();
  return rows.map(toMeetingRow);
}

export interface ExceptionRow {
  date: string;
  kind: 'cancel' | 'move';
  start: string | null;
  durationMinutes: number | null;
  reason: string;
}

export async function upsertMeetingException(
  { tx }: TxContext,
  slug: string,
  e: ExceptionRow,
  actor: string,
): Promise<void> {
  const fields = {
    kind: e.kind,
    start: e.start,
    duration_minutes: e.durationMinutes,
    reason: e.reason,
    created_by: actor,
  };
  await tx
    .insertInto('meeting_exceptions')
    .values({ meeting_slug: slug, date: e.date, ...fields })
    .onConflict((oc) => oc.columns(['meeting_slug', 'date']).doUpdateSet(fields))
    .execute();
}

export async function deleteMeetingException(
  { tx }: TxContext,
  slug: string,
  date: string,
): Promise<boolean> {
  const result = await tx
    .deleteFrom('meeting_exceptions')
    .where('meeting_slug', '=', slug)
    .where('date', '=', date)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export async function listMeetingExceptions(
  { tx }: TxContext,
  slug?: string,
): Promise<(ExceptionRow & { meeting: string })[]> {
  let q = tx.selectFrom('meeting_exceptions').selectAll().orderBy('meeting_slug').orderBy('date');
  if (slug) q = q.where('meeting_slug', '=', slug);
  return (await q.execute()).map((row: Selectable<MeetingExceptionsTable>) => ({
    meeting: row.meeting_slug,
    date: row.date,
    kind: row.kind as ExceptionRow['kind'],
    start: row.start,
    durationMinutes: row.duration_minutes,
    reason: row.reason,
  }));
}

function toMeetingRow(row: Selectable<MeetingsTable>): MeetingRow {
  return {
    slug: row.slug,
    title: row.title,
    description: row.description,
    zone: row.zone,
    localTime: row.local_time,
    durationMinutes: row.duration_minutes,
    recurrence: row.recurrence,
    url: row.url,
    contact: row.contact,
    reviewsRequests: row.reviews_requests,
    sequence: row.sequence,
    updatedAt: row.updated_at.toISOString(),
  };
}
