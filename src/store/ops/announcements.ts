import type { Selectable } from 'kysely';
import { sql } from 'kysely';
import type { AnnouncementDeliveriesTable, AnnouncementsTable } from '../community-schema.ts';
import type { TxContext } from '../schema.ts';

export interface AnnouncementRow {
  id: number;
  kind: string;
  title: string;
  body: string;
  author: string;
  /** The chosen channels; null: every channel marked to announce. */
  channels: string[] | null;
  createdAt: string;
}

export interface DeliveryRow {
  id: number;
  announcementId: number;
  channel: string;
  transport: string;
  target: string;
  state: 'pending' | 'sent' | 'failed';
  attempts: number;
  lastError: string | null;
  messageId: string;
  sentAt: string | null;
}

/** Insert an announcement; with an `autoKey` already used, nothing is inserted (undefined). */
export async function insertAnnouncement(
  { tx }: TxContext,
  a: {
    kind: string;
    title: string;
    body: string;
    author: string;
    autoKey?: string;
    channels?: string[] | null;
  },
): Promise<AnnouncementRow | undefined> {
  const row = await tx
    .insertInto('announcements')
    .values({
      kind: a.kind,
      title: a.title,
      body: a.body,
      author: a.author,
      auto_key: a.autoKey ?? null,
      channels: a.channels ? JSON.stringify(a.channels) : null,
    })
    .onConflict((oc) => oc.column('auto_key').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toAnnouncement(row);
}

export async function insertAnnouncementDelivery(
  { tx }: TxContext,
  d: {
    announcementId: number;
    channel: string;
    transport: string;
    target: string;
    messageId: string;
  },
): Promise<DeliveryRow> {
  const row = await tx
    .insertInto('announcement_deliveries')
    .values({
      announcement_id: d.announcementId,
      channel_slug: d.channel,
      transport: d.transport,
      target: d.target,
      message_id: d.messageId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDelivery(row);
}

export async function findAnnouncement({ tx }: TxContext, id: number) {
  const row = await tx
    .selectFrom('announcements')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toAnnouncement(row);
}

export async function listAnnouncements(
  { tx }: TxContext,
  limit: number,
  /** Only those whose title or text names this project (a whole word, any case). */
  mentions?: string,
): Promise<AnnouncementRow[]> {
  let query = tx.selectFrom('announcements').selectAll();
  if (mentions !== undefined) {
    // A project name is letters, digits and '-': nothing a regular expression reads as
    // special, so it is matched as it is, between word boundaries.
    const pattern = `\\m${mentions}\\M`;
    query = query.where(sql<boolean>`(title || ' ' || body) ~* ${pattern}`);
  }
  const rows = await query.orderBy('id', 'desc').limit(limit).execute();
  return rows.map(toAnnouncement);
}

export async function findAnnouncementDelivery(
  { tx }: TxContext,
  id: number,
): Promise<DeliveryRow | undefined> {
  const row = await tx
    .selectFrom('announcement_deliveries')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDelivery(row);
}

export async function listAnnouncementDeliveries(
  { tx }: TxContext,
  announcementIds: number[],
): Promise<DeliveryRow[]> {
  if (announcementIds.length === 0) return [];
  const rows = await tx
    .selectFrom('announcement_deliveries')
    .selectAll()
    .where('announcement_id', 'in', announcementIds)
    .orderBy('id')
    .execute();
  return rows.map(toDelivery);
}

/** Record one attempt's outcome; `sent` is final and never undone by a late failure. */
export async function recordAnnouncementDeliveryAttempt(
  { tx }: TxContext,
  id: number,
  outcome: { state: 'sent' } | { state: 'pending' | 'failed'; error: string },
): Promise<void> {
  await tx
    .updateTable('announcement_deliveries')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      state: outcome.state,
      updated_at: new Date(),
      ...(outcome.state === 'sent'
        ? { sent_at: new Date(), last_error: null }
        : { last_error: outcome.error }),
    }))
    .where('id', '=', id)
    .where('state', '!=', 'sent')
    .execute();
}

function toAnnouncement(row: Selectable<AnnouncementsTable>): AnnouncementRow {
  return {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    author: row.author,
    channels: (row.channels as string[] | null) ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

function toDelivery(row: Selectable<AnnouncementDeliveriesTable>): DeliveryRow {
  return {
    id: row.id,
    announcementId: row.announcement_id,
    channel: row.channel_slug,
    transport: row.transport,
    target: row.target,
    state: row.state as DeliveryRow['state'],
    attempts: row.attempts,
    lastError: row.last_error,
    messageId: row.message_id,
    sentAt: row.sent_at ? new Date(row.sent_at).toISOString() : null,
  };
}
