import { type Selectable, sql } from 'kysely';
import type { InvitationsTable } from '../community-schema.ts';
import type { TxContext } from '../schema.ts';

export interface InvitationRow {
  id: number;
  meeting: string;
  email: string;
  name: string;
  askedBy: string;
  createdAt: string;
  sentSequence: number | null;
  sentAt: string | null;
  /** How the newest mail went: queued (not tried yet, or retrying), sent, or failed for good. */
  delivery: { state: 'queued' | 'sent' | 'failed'; error: string | null; attempts: number };
}

/** Record who asked; asking again for the same address returns the first record (created false). */
export async function insertInvitation(
  { tx }: TxContext,
  i: { meeting: string; email: string; name: string; askedBy: string },
): Promise<{ invitation: InvitationRow; created: boolean }> {
  const row = await tx
    .insertInto('invitations')
    .values({ meeting_slug: i.meeting, email: i.email, name: i.name, asked_by: i.askedBy })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  if (row) return { invitation: toInvitation(row), created: true };
  const existing = await tx
    .selectFrom('invitations')
    .selectAll()
    .where('meeting_slug', '=', i.meeting)
    .where((eb) => eb(eb.fn('lower', ['email']), '=', i.email.toLowerCase()))
    .executeTakeFirstOrThrow();
  return { invitation: toInvitation(existing), created: false };
}

export async function findInvitation(
  { tx }: TxContext,
  id: number,
): Promise<InvitationRow | undefined> {
  const row = await tx
    .selectFrom('invitations')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toInvitation(row);
}

export async function listInvitations(
  { tx }: TxContext,
  meeting: string,
): Promise<InvitationRow[]> {
  const rows = await tx
    .selectFrom('invitations')
    .selectAll()
    .where('meeting_slug', '=', meeting)
    .orderBy('id')
    .execute();
  return rows.map(toInvitation);
}

/** Remember which version of the series an invitee has; an older one never overwrites it. */
export async function markInvitationSent(
  { tx }: TxContext,
  id: number,
  sequence: number,
): Promise<void> {
  await tx
    .updateTable('invitations')
    .set({
      sent_sequence: sequence,
      sent_at: new Date(),
      delivery_state: 'sent',
      delivery_error: null,
      delivery_attempts: sql`delivery_attempts + 1`,
    })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('sent_sequence', 'is', null), eb('sent_sequence', '<', sequence)]))
    .execute();
}

/** A failed attempt: retried (still queued) until the last, then failed for good. */
export async function recordInvitationFailure(
  { tx }: TxContext,
  id: number,
  failure: { error: string; final: boolean },
): Promise<void> {
  await tx
    .updateTable('invitations')
    .set({
      delivery_state: failure.final ? 'failed' : 'queued',
      delivery_error: failure.error,
      delivery_attempts: sql`delivery_attempts + 1`,
    })
    .where('id', '=', id)
    .execute();
}

/** A new version of the series is on its way to the invitee. */
export async function markInvitationQueued({ tx }: TxContext, id: number): Promise<void> {
  await tx
    .updateTable('invitations')
    .set({ delivery_state: 'queued' })
    .where('id', '=', id)
    .execute();
}

function toInvitation(row: Selectable<InvitationsTable>): InvitationRow {
  return {
    id: row.id,
    meeting: row.meeting_slug,
    email: row.email,
    name: row.name,
    askedBy: row.asked_by,
    createdAt: row.created_at.toISOString(),
    sentSequence: row.sent_sequence,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
    delivery: {
      state: row.delivery_state as InvitationRow['delivery']['state'],
      error: row.delivery_error,
      attempts: row.delivery_attempts,
    },
  };
}
