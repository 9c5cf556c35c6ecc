import { createAnnouncement } from '../community/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import {
  claimNoticesDueReminder,
  type Db,
  enqueueJob,
  findRequest,
  listOffboardingProposals,
  listProjectsWithOpenProposal,
} from '../store/index.ts';
import { type EngagementContext, nowOf } from './context.ts';
import { getNotice, NOTICE_ANNOUNCE_JOB } from './notices.ts';
import {
  ENGAGEMENT_ACTOR,
  OFFBOARD_PROPOSAL_ANNOUNCE_JOB,
  proposeOffboarding,
} from './offboarding.ts';
import { engagementOfAll } from './record.ts';

/** The hourly sweep: reminders of unanswered notices, proposals for inactive projects. */
export const ENGAGEMENT_SWEEP_JOB = 'engagement.sweep';
export const SWEEP_EVERY_MS = 3_600_000;

const ANNOUNCE_KIND: Record<string, 'upgrade' | 'maintenance' | 'general'> = {
  upgrade: 'upgrade',
  maintenance: 'maintenance',
};

/**
 * Leave the sweep of the hour that holds `at` in the outbox (run at the start of that hour):
 * the dedupe key makes every process that starts, and every sweep that plans the next, agree
 * on one job per hour.
 */
export async function scheduleSweep(db: Db, at: Date): Promise<void> {
  const slot = Math.floor(at.getTime() / SWEEP_EVERY_MS) * SWEEP_EVERY_MS;
  await enqueueJob(
    { tx: db },
    {
      kind: ENGAGEMENT_SWEEP_JOB,
      payload: { slot: new Date(slot).toISOString() },
      dedupeKey: `engagement-sweep:${new Date(slot).toISOString()}`,
      runAt: new Date(slot),
    },
  );
}

/** Reminders of notices unanswered for `reminderHours`, each through the announcements outbox. */
export async function remindUnansweredNotices(ctx: EngagementContext): Promise<number[]> {
  const now = nowOf(ctx);
  const before = new Date(now.getTime() - ctx.settings.reminderHours * 3_600_000);
  return ctx.db.transaction().execute(async (tx) => {
    const due = await claimNoticesDueReminder({ tx }, before, now);
    for (const notice of due)
      await enqueueJob(
        { tx },
        {
          kind: NOTICE_ANNOUNCE_JOB,
          payload: { noticeId: notice.id, reminder: now.toISOString() },
          dedupeKey: `notice-announce:${notice.id}:${now.toISOString()}`,
        },
      );
    return due.map((n) => n.id);
  });
}

/** Propose offboarding for every inactive project that has no open proposal yet. */
export async function proposeForInactive(ctx: EngagementContext): Promise<number[]> {
  if (!ctx.settings.autoProposeOffboarding) return [];
  const open = await listProjectsWithOpenProposal({ tx: ctx.db });
  const proposed: number[] = [];
  for (const record of await engagementOfAll(ctx, { status: ['inactive'] })) {
    if (open.has(record.project) || record.requestId === null) continue;
    if (record.projectStatus !== 'active') continue;
    const why = record.reasons.map((r) => r.text).join('; ');
    await proposeOffboarding(ctx, ENGAGEMENT_ACTOR, record.requestId, `inactive: ${why}`);
    proposed.push(record.requestId);
  }
  return proposed;
}

export function engagementJobs(ctx: EngagementContext): Record<string, JobHandler> {
  return {
    [NOTICE_ANNOUNCE_JOB]: async (job) => {
      const { noticeId, reminder } = job.payload as { noticeId: number; reminder: string | null };
      const notice = await getNotice(ctx, noticeId);
      const waiting = notice.recipients.filter((r) => !r.acknowledgedAt).map((r) => r.project);
      if (reminder && (notice.closedAt || waiting.length === 0)) return;
      const by = notice.respondBy.slice(0, 10);
      const how =
        notice.kind === 'terms'
          ? `Each project re-accepts them by ${by}: in the portal (${ctx.publicUrl}/notices/${notice.id}) or with "opf notices ack ${notice.id} --project NAME --accept-terms".`
          : `Each project acknowledges it by ${by}: in the portal (${ctx.publicUrl}/notices/${notice.id}) or with "opf notices ack ${notice.id} --project NAME".`;
      const to = notice.clusters.length
        ? `projects on ${notice.clusters.join(', ')}`
        : 'every active project';
      await createAnnouncement(
        ctx,
        'system:engagement',
        {
          kind: ANNOUNCE_KIND[notice.kind] ?? 'general',
          title: `${reminder ? 'Reminder: ' : ''}${notice.title}`.slice(0, 200),
          body: [
            notice.body,
            '',
            how,
            `Sent to ${to}.`,
            waiting.length ? `Not answered yet: ${waiting.join(', ')}.` : '',
          ]
            .join('\n')
            .trim()
            .slice(0, 20_000),
        },
        `notice:${notice.id}:${reminder ?? 'posted'}`,
      );
    },
    [OFFBOARD_PROPOSAL_ANNOUNCE_JOB]: async (job) => {
      const { proposalId, requestId } = job.payload as { proposalId: number; requestId: number };
      const [request, proposals] = await Promise.all([
        findRequest({ tx: ctx.db }, requestId),
        listOffboardingProposals({ tx: ctx.db }, requestId),
      ]);
      const proposal = proposals.find((p) => p.id === proposalId);
      if (!request || !proposal) return;
      const name = `${request.spec.project.displayName ?? request.projectName} (${request.projectName})`;
      const meeting = proposal.meeting
        ? ` It is on the agenda of the coordination meeting on ${proposal.meeting.date}.`
        : '';
      await createAnnouncement(
        ctx,
        'system:engagement',
        {
          kind: 'general',
          title: proposal.byProject
            ? `${name} asks to leave the cloud`
            : `Offboarding proposed for ${name}`,
          body: proposal.byProject
            ? `${proposal.reason}\n\nOps decide on removing its namespaces.${meeting}\n\nRequest: ${ctx.publicUrl}/requests/${requestId}`
            : `${proposal.reason}\n\nThe project has until ${proposal.noticeEndsAt.slice(0, 10)} to answer; then ops decide, and its namespaces are removed from the GitOps repository.${meeting}\n\nRequest: ${ctx.publicUrl}/requests/${requestId}`,
        },
        `offboarding-proposed:${proposalId}`,
      );
    },
    [ENGAGEMENT_SWEEP_JOB]: async (job) => {
      const { slot } = job.payload as { slot: string };
      await remindUnansweredNotices(ctx);
      await proposeForInactive(ctx);
      await scheduleSweep(ctx.db, new Date(Date.parse(slot) + SWEEP_EVERY_MS));
    },
  };
}
