import { getAgenda } from '../community/index.ts';
import { OpfError, type RequestView } from '../core/index.ts';
import { applyRequestAction, type Actor as RequestActor } from '../onboarding/index.ts';
import {
  appendAuditEvent,
  enqueueJob,
  findOpenOffboardingProposal,
  findRequest,
  insertAgendaItem,
  insertComment,
  insertOffboardingProposal,
  listMeetings,
  listOffboardingProposals,
  type OffboardingProposalRow,
  settleOffboardingProposal,
  type Tx,
} from '../store/index.ts';
import { DAY_MS, type EngagementContext, nowOf } from './context.ts';

/** The outbox job that announces a proposal. */
export const OFFBOARD_PROPOSAL_ANNOUNCE_JOB = 'engagement.offboarding-proposed';

/** opf's own actor, when the sweep proposes offboarding for an inactive project. */
export const ENGAGEMENT_ACTOR: RequestActor = { name: 'system:engagement', source: 'job' };

const actsForCloud = (actor: RequestActor) =>
  actor.role === 'ops' || actor.role === 'admin' || actor.name.startsWith('system:');

/** The next occurrence of a coordination meeting (one that reviews requests), if any. */
async function nextCoordinationMeeting(
  ctx: EngagementContext,
): Promise<{ slug: string; date: string } | null> {
  const meetings = (await listMeetings({ tx: ctx.db })).filter((m) => m.reviewsRequests);
  const next: { slug: string; date: string; start: string }[] = [];
  for (const meeting of meetings) {
    try {
      const agenda = await getAgenda(ctx, meeting.slug);
      next.push({
        slug: meeting.slug,
        date: agenda.occurrence.date,
        start: agenda.occurrence.start,
      });
    } catch (error) {
      // A meeting with no occurrence in the coming year is simply not the next one.
      if (!(error instanceof OpfError)) throw error;
    }
  }
  next.sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  return next[0] ? { slug: next[0].slug, date: next[0].date } : null;
}

/**
 * Propose offboarding an active project: on its request (a comment and its history), on the
 * next coordination meeting's agenda, and announced. Ops (or opf, for an inactive project)
 * give the project the notice period to answer; a project that asks to leave itself needs
 * no notice, only the ops decision.
 */
export async function proposeOffboarding(
  ctx: EngagementContext,
  actor: RequestActor,
  requestId: number,
  reason: string,
): Promise<OffboardingProposalRow> {
  const why = reason.trim();
  if (!why)
    throw new OpfError(
      'OPF_ERR_VALIDATION',
      'offboarding needs a reason, in plain words, for the project to read',
      [{ path: 'reason', message: 'required' }],
    );
  const meeting = await nextCoordinationMeeting(ctx);
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const now = nowOf(ctx);
    const request = await findRequest({ tx }, requestId);
    if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${requestId} does not exist`);
    if (request.state !== 'active')
      throw new OpfError(
        'OPF_ERR_OFFBOARD_NOT_ACTIVE',
        `request ${requestId} is ${request.state}; only an active project can be proposed for offboarding`,
      );
    const byProject = !actsForCloud(actor);
    const noticeEndsAt = byProject
      ? now
      : new Date(now.getTime() + ctx.settings.offboardNoticeDays * DAY_MS);
    const proposal = await insertOffboardingProposal(
      { tx },
      {
        requestId,
        project: request.projectName,
        reason: why,
        proposedBy: actor.name,
        byProject,
        proposedAt: now,
        noticeEndsAt,
        meeting,
      },
    );
    if (!proposal)
      throw new OpfError(
        'OPF_ERR_OFFBOARD_PROPOSED',
        `request ${requestId} already has an open offboarding proposal`,
      );
    const until = noticeEndsAt.toISOString().slice(0, 10);
    const where = meeting ? ` It is on the agenda of ${meeting.slug} on ${meeting.date}.` : '';
    await insertComment(
      { tx },
      {
        requestId,
        author: actor.name,
        body: byProject
          ? `The project asks to leave the cloud: ${why}. Ops decide on removing its namespaces.${where}`
          : `Offboarding proposed: ${why}. The project has until ${until} to answer here or at the coordination meeting; after that ops decide, and opf removes its namespaces from the GitOps repository.${where}`,
      },
    );
    if (meeting)
      await insertAgendaItem(
        { tx },
        {
          meeting: meeting.slug,
          date: meeting.date,
          kind: 'request',
          requestId,
          title: `Offboarding proposal: ${request.spec.project.displayName ?? request.projectName} (${request.projectName}), request ${requestId}`,
          notes: `${why} (decision possible from ${until})`,
          addedBy: actor.name,
        },
      );
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'request.propose-offboarding',
        subjectType: 'request',
        subjectId: String(requestId),
        reason: why,
        before: { state: request.state, version: request.version },
        after: {
          state: request.state,
          version: request.version,
          noticeEndsAt: proposal.noticeEndsAt,
        },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    await enqueueJob(
      { tx },
      {
        kind: OFFBOARD_PROPOSAL_ANNOUNCE_JOB,
        payload: { proposalId: proposal.id, requestId },
        dedupeKey: `offboarding-proposed:${proposal.id}`,
      },
    );
    return proposal;
  });
}

/** Ops take back a proposal (the project answered); the request stays active. */
export async function cancelOffboarding(
  ctx: EngagementContext,
  actor: RequestActor,
  requestId: number,
  reason: string | undefined,
): Promise<OffboardingProposalRow> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const proposal = await requireProposal(tx, requestId);
    await settleOffboardingProposal({ tx }, proposal.id, 'cancelled', actor.name, nowOf(ctx));
    const why = reason?.trim() || 'the project answered';
    await insertComment(
      { tx },
      { requestId, author: actor.name, body: `Offboarding proposal withdrawn: ${why}.` },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'request.cancel-offboarding',
        subjectType: 'request',
        subjectId: String(requestId),
        reason: why,
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    return { ...proposal, state: 'cancelled', decidedBy: actor.name };
  });
}

async function requireProposal(tx: Tx, requestId: number): Promise<OffboardingProposalRow> {
  const request = await findRequest({ tx }, requestId);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${requestId} does not exist`);
  const proposal = await findOpenOffboardingProposal({ tx }, requestId);
  if (!proposal)
    throw new OpfError(
      'OPF_ERR_OFFBOARD_NO_PROPOSAL',
      `request ${requestId} has no open offboarding proposal; propose one first: opf request offboard ${requestId} -r WHY`,
    );
  return proposal;
}

/**
 * The ops decision: once the notice period is over, the request starts offboarding and the
 * removal leaves through the outbox (src/provisioning writes it into the GitOps repository;
 * the request becomes offboarded once the removal is on the branch ArgoCD applies).
 */
export async function decideOffboarding(
  ctx: EngagementContext,
  actor: RequestActor,
  requestId: number,
  options: { reason?: string; expectedVersion?: number } = {},
): Promise<RequestView> {
  const proposal = await requireProposal(ctx.db, requestId);
  const now = nowOf(ctx);
  if (Date.parse(proposal.noticeEndsAt) > now.getTime())
    throw new OpfError(
      'OPF_ERR_OFFBOARD_NOTICE_RUNNING',
      `the notice period of the offboarding proposal ends on ${proposal.noticeEndsAt}; the project may still answer until then`,
    );
  const after = await applyRequestAction(ctx, actor, requestId, 'start-offboarding', {
    reason: options.reason?.trim() || proposal.reason,
    ...(options.expectedVersion !== undefined && { expectedVersion: options.expectedVersion }),
  });
  await settleOffboardingProposal({ tx: ctx.db }, proposal.id, 'decided', actor.name, now);
  return after;
}

export async function offboardingProposals(
  ctx: EngagementContext,
  requestId: number,
): Promise<OffboardingProposalRow[]> {
  const request = await findRequest({ tx: ctx.db }, requestId);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${requestId} does not exist`);
  return listOffboardingProposals({ tx: ctx.db }, requestId);
}
