import { ANNOUNCE_JOB, DELIVER_ANNOUNCEMENT_JOB, deliveryMessageId } from '../community/index.ts';
import {
  enqueueJob,
  findAnnouncementIdByAutoKey,
  insertAnnouncement,
  insertAnnouncementDelivery,
  listAnnouncementDeliveries,
  type Tx,
  teamAddressesOfProject,
} from '../store/index.ts';
import type { IncidentsContext } from './context.ts';

/** The channel name a team's delivery is recorded under (not a directory channel). */
export const teamChannel = (project: string) => `project:${project}`;

export interface IncidentMessage {
  /** Unique per event: the same event is never announced twice (replays, retries). */
  autoKey: string;
  title: string;
  body: string;
  author: string;
}

/**
 * Announce an incident event through the announcements outbox, in the caller's transaction:
 * the announcing channels get it by the usual fan-out job, and each affected project's
 * team gets its own mail delivery (a row per project, visible like any delivery, retried
 * by the same job). Announcing an event again only adds teams it did not reach yet.
 */
export async function announceIncidentEvent(
  tx: Tx,
  ctx: IncidentsContext,
  message: IncidentMessage,
  projects: readonly string[],
): Promise<number> {
  const created = await insertAnnouncement(
    { tx },
    {
      kind: 'incident',
      title: message.title,
      body: message.body,
      author: message.author,
      autoKey: message.autoKey,
    },
  );
  const id = created?.id ?? (await findAnnouncementIdByAutoKey({ tx }, message.autoKey))!;
  if (created)
    await enqueueJob(
      { tx },
      { kind: ANNOUNCE_JOB, payload: { announcementId: id }, dedupeKey: `announce:${id}` },
    );
  const reached = new Set((await listAnnouncementDeliveries({ tx }, [id])).map((d) => d.channel));
  for (const project of projects) {
    const channel = teamChannel(project);
    if (reached.has(channel)) continue;
    const addresses = await teamAddressesOfProject({ tx }, project);
    if (addresses.length === 0) continue;
    const row = await insertAnnouncementDelivery(
      { tx },
      {
        announcementId: id,
        channel,
        transport: 'email',
        target: addresses.join(', '),
        messageId: deliveryMessageId(id, channel, 'email', ctx.publicUrl),
      },
    );
    await enqueueJob(
      { tx },
      {
        kind: DELIVER_ANNOUNCEMENT_JOB,
        payload: { deliveryId: row.id },
        dedupeKey: `deliver-announcement:${row.id}`,
      },
    );
  }
  return id;
}
