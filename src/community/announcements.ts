import { z } from 'zod';
import { OpfError } from '../core/index.ts';
import {
  appendAuditEvent,
  type DeliveryRow,
  enqueueJob,
  findAnnouncement,
  insertAnnouncement,
  listAnnouncementDeliveries,
  listAnnouncements,
  listChannels,
  type Tx,
} from '../store/index.ts';
import type { CommunityContext } from './context.ts';

/** Outbox jobs: fan an announcement out to its channels, then deliver to each one. */
export const ANNOUNCE_JOB = 'community.announce';
export const DELIVER_ANNOUNCEMENT_JOB = 'community.deliver';

export const ANNOUNCEMENT_KINDS = [
  'maintenance',
  'upgrade',
  'incident',
  'new-project',
  'general',
] as const;

export const announcementInputSchema = z.strictObject({
  kind: z.enum(ANNOUNCEMENT_KINDS).default('general'),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20_000),
  /** Where it goes: channel slugs (GET /api/v1/channels). Absent: every announcing channel. */
  channels: z
    .array(z.string().min(1).max(63))
    .min(1, 'choose at least one channel, or leave channels out to use every announcing one')
    .max(50)
    .optional(),
});
export type AnnouncementInput = z.infer<typeof announcementInputSchema>;

export interface AnnouncementView {
  id: number;
  kind: string;
  title: string;
  body: string;
  author: string;
  channels: string[] | null;
  createdAt: string;
  deliveries: Omit<DeliveryRow, 'announcementId'>[];
}

/**
 * Record an announcement and leave its fan-out in the outbox, in one transaction: once it
 * commits, delivery happens (retried) even if this process dies; with `autoKey`, an
 * announcement already made for the same event is not made again (undefined).
 */
export async function createAnnouncement(
  ctx: CommunityContext,
  author: string,
  input: AnnouncementInput,
  autoKey?: string,
): Promise<AnnouncementView | undefined> {
  const created = await ctx.db.transaction().execute(async (tx: Tx) => {
    if (input.channels) await checkChannels(tx, input.channels);
    const row = await insertAnnouncement(
      { tx },
      { ...input, channels: input.channels ?? null, author, ...(autoKey && { autoKey }) },
    );
    if (!row) return undefined;
    await enqueueJob(
      { tx },
      { kind: ANNOUNCE_JOB, payload: { announcementId: row.id }, dedupeKey: `announce:${row.id}` },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: author,
        action: 'announcement.create',
        subjectType: 'announcement',
        subjectId: String(row.id),
        after: { kind: row.kind, title: row.title },
        visibility: 'public',
      },
    );
    return row;
  });
  return created && { ...created, deliveries: [] };
}

/** Every chosen channel must exist; all unknown ones are named at once. */
async function checkChannels(tx: Tx, chosen: string[]): Promise<void> {
  const known = new Set((await listChannels({ tx })).map((c) => c.slug));
  const details = chosen.flatMap((slug, index) =>
    known.has(slug)
      ? []
      : [{ path: `channels.${index}`, message: `no channel "${slug}" (see GET /api/v1/channels)` }],
  );
  if (details.length > 0)
    throw new OpfError(
      'OPF_ERR_VALIDATION',
      'an announcement names channels that do not exist',
      details,
    );
}

export async function getAnnouncements(
  ctx: CommunityContext,
  limit = 50,
  mentions?: string,
): Promise<AnnouncementView[]> {
  const rows = await listAnnouncements({ tx: ctx.db }, limit, mentions);
  const deliveries = await listAnnouncementDeliveries(
    { tx: ctx.db },
    rows.map((r) => r.id),
  );
  return rows.map((row) => ({
    ...row,
    deliveries: deliveries
      .filter((d) => d.announcementId === row.id)
      .map(({ announcementId: _id, ...d }) => d),
  }));
}

export async function getAnnouncement(
  ctx: CommunityContext,
  id: number,
): Promise<AnnouncementView> {
  const row = await findAnnouncement({ tx: ctx.db }, id);
  if (!row) throw new OpfError('OPF_ERR_ANNOUNCEMENT_UNKNOWN', `no announcement ${id}`);
  const deliveries = await listAnnouncementDeliveries({ tx: ctx.db }, [id]);
  return { ...row, deliveries: deliveries.map(({ announcementId: _id, ...d }) => d) };
}
