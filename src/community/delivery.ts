import type { JobHandler } from '../jobs/index.ts';
import {
  enqueueJob,
  findAnnouncement,
  findAnnouncementDelivery,
  insertAnnouncementDelivery,
  listAnnouncementDeliveries,
  listChannels,
  recordAnnouncementDeliveryAttempt,
  type Tx,
} from '../store/index.ts';
import { ANNOUNCE_JOB, DELIVER_ANNOUNCEMENT_JOB } from './announcements.ts';
import type { CommunityContext, CommunitySettings } from './context.ts';
import { postChat, sendMail } from './transports.ts';

/** The Message-ID of one delivery: the same on every attempt, unique across opf sites. */
export function deliveryMessageId(
  announcementId: number,
  channel: string,
  transport: string,
  publicUrl: string,
): string {
  return `<announcement-${announcementId}.${channel}.${transport}@${new URL(publicUrl).hostname}>`;
}

/**
 * Fan out: one delivery row (state visible per channel) and one outbox job per target, in
 * one transaction. Targets: the announcing mailing lists with an address, and the chat
 * webhooks configured for announcing channels. Re-running it adds nothing twice.
 */
function fanOut(ctx: CommunityContext, settings: CommunitySettings): JobHandler {
  return async (job) => {
    const { announcementId } = job.payload as { announcementId: number };
    await ctx.db.transaction().execute(async (tx: Tx) => {
      const announcement = await findAnnouncement({ tx }, announcementId);
      if (!announcement) return;
      const existing = await listAnnouncementDeliveries({ tx }, [announcementId]);
      const have = new Set(existing.map((d) => `${d.channel}/${d.transport}`));
      // The channels chosen when it was composed, else every channel marked to announce.
      const chosen = announcement.channels;
      const channels = (await listChannels({ tx })).filter((c) =>
        chosen ? chosen.includes(c.slug) : c.announce,
      );
      // Chat first: a quick post each; mail servers are the slow, flaky part.
      const targets = [
        ...settings.webhooks
          .filter((w) => channels.some((c) => c.slug === w.channel))
          .map((w) => ({ channel: w.channel, transport: w.format, target: w.channel })),
        ...channels
          .filter((c) => c.kind === 'mailing-list' && c.address)
          .map((c) => ({ channel: c.slug, transport: 'email', target: c.address! })),
      ].filter((t) => !have.has(`${t.channel}/${t.transport}`));
      for (const target of targets) {
        const row = await insertAnnouncementDelivery(
          { tx },
          {
            announcementId,
            ...target,
            messageId: deliveryMessageId(
              announcementId,
              target.channel,
              target.transport,
              ctx.publicUrl,
            ),
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
    });
  };
}

/**
 * Deliver to one channel. A delivery already sent is never sent again; a failure is
 * recorded on the row (visible) and thrown, so the job runner retries it with backoff.
 */
function deliver(ctx: CommunityContext, settings: CommunitySettings): JobHandler {
  return async (job) => {
    const { deliveryId } = job.payload as { deliveryId: number };
    const delivery = await findAnnouncementDelivery({ tx: ctx.db }, deliveryId);
    if (delivery?.state !== 'pending') return;
    const announcement = await findAnnouncement({ tx: ctx.db }, delivery.announcementId);
    if (!announcement) return;
    const message = {
      title: announcement.title,
      body: announcement.body,
      idempotencyKey: `opf-announcement-${announcement.id}-${delivery.channel}-${delivery.transport}`,
      messageId: delivery.messageId,
      date: new Date(announcement.createdAt),
      link: `${ctx.publicUrl}/api/v1/announcements/${announcement.id}`,
    };
    try {
      if (delivery.transport === 'email') {
        if (!settings.smtp) throw new Error('no SMTP server configured (OPF_SMTP_HOST)');
        await sendMail(settings.smtp, delivery.target, message, settings.timeoutMs);
      } else {
        const webhook = settings.webhooks.find(
          (w) => w.channel === delivery.channel && w.format === delivery.transport,
        );
        if (!webhook)
          throw new Error(`no ${delivery.transport} webhook configured for ${delivery.channel}`);
        await postChat(webhook, message, settings.timeoutMs);
      }
    } catch (error) {
      const last = job.attempts >= settings.maxAttempts;
      await recordAnnouncementDeliveryAttempt({ tx: ctx.db }, deliveryId, {
        state: last ? 'failed' : 'pending',
        error: (error as Error).message,
      });
      throw error;
    }
    await recordAnnouncementDeliveryAttempt({ tx: ctx.db }, deliveryId, { state: 'sent' });
  };
}

export function announcementJobs(
  ctx: CommunityContext,
  settings: CommunitySettings,
): Record<string, JobHandler> {
  return {
    [ANNOUNCE_JOB]: fanOut(ctx, settings),
    [DELIVER_ANNOUNCEMENT_JOB]: deliver(ctx, settings),
  };
}
