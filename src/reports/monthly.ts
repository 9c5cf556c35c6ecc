import { DELIVER_ANNOUNCEMENT_JOB, deliveryMessageId, getAgenda } from '../community/index.ts';
import { OpfError } from '../core/index.ts';
import type { EngagementContext } from '../engagement/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import {
  enqueueJob,
  insertAgendaItem,
  insertAnnouncement,
  insertAnnouncementDelivery,
  listAgendaItems,
  listMeetings,
  projectsForMonthlyReport,
  teamAddressesOfProject,
} from '../store/index.ts';
import { cloudReport, projectReport, type ReportContext } from './load.ts';
import { renderProjectReportMarkdown } from './markdown.ts';

export const REPORTS_MONTHLY_JOB = 'reports.monthly';
export const REPORTS_AUTHOR = 'system:reports';
/** The hour of the 1st of the month (UTC) the monthly reports go out. */
const SEND_HOUR = 6;
/** An announcement's body holds at most this; a longer report links to the rest. */
const BODY_LIMIT = 20_000;

/** The month before the one that holds `at`: [its 1st, the next 1st). */
export function previousMonth(at: Date): { from: Date; to: Date; key: string } {
  const to = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const from = new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 1, 1));
  return { from, to, key: from.toISOString().slice(0, 7) };
}

/** The next sending time after `at`: the 1st of a month at 06:00 UTC. */
export function nextSendTime(at: Date): Date {
  const thisMonth = new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1, SEND_HOUR));
  return thisMonth > at
    ? thisMonth
    : new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, 1, SEND_HOUR));
}

/**
 * Leave the next monthly run in the outbox; its dedupe key (the month) makes every replica
 * and every restart agree on one run a month.
 */
export async function scheduleMonthlyReports(
  ctx: { db: ReportContext['db'] },
  at: Date,
): Promise<void> {
  const runAt = nextSendTime(at);
  const month = runAt.toISOString().slice(0, 7);
  await enqueueJob(
    { tx: ctx.db },
    {
      kind: REPORTS_MONTHLY_JOB,
      payload: { runAt: runAt.toISOString() },
      dedupeKey: `reports-monthly:${month}`,
      runAt,
    },
  );
}

export interface MonthlyContext extends ReportContext {
  publicUrl: string;
  engagement: EngagementContext;
}

/**
 * The monthly run: each active project that did not turn it off gets last month's report
 * as an announcement delivered to its team, and the cloud's report goes on the agenda of
 * the next coordination meeting. Keyed by project and month: a retry sends nothing twice.
 */
export async function sendMonthlyReports(ctx: MonthlyContext, at: Date): Promise<string[]> {
  const month = previousMonth(at);
  const sent: string[] = [];
  for (const project of await projectsForMonthlyReport({ tx: ctx.db })) {
    const report = await projectReport(ctx, project, month);
    const link = `${ctx.publicUrl}/projects/${encodeURIComponent(project)}/report?from=${month.from.toISOString().slice(0, 10)}&to=${month.to.toISOString().slice(0, 10)}`;
    const markdown = renderProjectReportMarkdown(report);
    const body = `${markdown.length > BODY_LIMIT - 400 ? `${markdown.slice(0, BODY_LIMIT - 400)}\n\n(cut here)` : markdown}\n\nThe whole report, with charts: ${link}\nTurn this message off: opf report ${project} --monthly-message off`;
    const delivered = await ctx.db.transaction().execute(async (tx) => {
      const created = await insertAnnouncement(
        { tx },
        {
          kind: 'general',
          title: `${project}: how it ran in ${month.key} (${report.findings.length} findings)`,
          body,
          author: REPORTS_AUTHOR,
          autoKey: `report:${project}:${month.key}`,
          // To the team only: the other channels do not carry every project's report.
          channels: [],
        },
      );
      if (!created) return false;
      const addresses = await teamAddressesOfProject({ tx }, project);
      if (addresses.length === 0) return true;
      const channel = `project:${project}`;
      const row = await insertAnnouncementDelivery(
        { tx },
        {
          announcementId: created.id,
          channel,
          transport: 'email',
          target: addresses.join(', '),
          messageId: deliveryMessageId(created.id, channel, 'email', ctx.publicUrl),
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
      return true;
    });
    if (delivered) sent.push(project);
  }
  await linkCloudReport(ctx, month);
  return sent;
}

/** The cloud's report of the month, as a topic on the next coordination meeting's agenda. */
async function linkCloudReport(
  ctx: MonthlyContext,
  month: ReturnType<typeof previousMonth>,
): Promise<void> {
  const next = await nextCoordinationMeeting(ctx);
  if (!next) return;
  const report = await cloudReport(ctx, month, ctx.engagement);
  const range = `from=${month.from.toISOString().slice(0, 10)}&to=${month.to.toISOString().slice(0, 10)}`;
  const title = `The cloud’s report for ${month.key}`;
  const existing = await listAgendaItems({ tx: ctx.db }, next.slug, next.date);
  if (existing.some((item) => item.title === title)) return;
  await insertAgendaItem(
    { tx: ctx.db },
    {
      meeting: next.slug,
      date: next.date,
      kind: 'topic',
      requestId: null,
      title,
      notes: `${ctx.publicUrl}/api/v1/report.md?${range} — ${report.topConsumers.length} top consumers, ${report.incidentsPerCluster.reduce((n, c) => n + c.incidents, 0)} incidents, ${report.onboarding.activated} projects onboarded, ${report.projectsAtRisk.length} at risk.`,
      addedBy: REPORTS_AUTHOR,
    },
  );
}

async function nextCoordinationMeeting(
  ctx: MonthlyContext,
): Promise<{ slug: string; date: string } | null> {
  const next: { slug: string; date: string; start: string }[] = [];
  for (const meeting of (await listMeetings({ tx: ctx.db })).filter((m) => m.reviewsRequests)) {
    try {
      const agenda = await getAgenda(
        {
          db: ctx.db,
          publicUrl: ctx.publicUrl,
          ...(ctx.engagement.now && { now: ctx.engagement.now }),
        },
        meeting.slug,
      );
      next.push({
        slug: meeting.slug,
        date: agenda.occurrence.date,
        start: agenda.occurrence.start,
      });
    } catch (error) {
      // A meeting with no occurrence in the coming year is not the next one.
      if (!(error instanceof OpfError)) throw error;
    }
  }
  next.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return next[0] ? { slug: next[0].slug, date: next[0].date } : null;
}

export function reportJobs(ctx: MonthlyContext): Record<string, JobHandler> {
  return {
    [REPORTS_MONTHLY_JOB]: async (job) => {
      const { runAt } = job.payload as { runAt: string };
      await sendMonthlyReports(ctx, new Date(runAt));
      await scheduleMonthlyReports(ctx, new Date(Date.parse(runAt) + 1000));
    },
  };
}
