import {
  type EngagementReason,
  type EngagementSignals,
  type EngagementStatus,
  evaluateEngagement,
  OpfError,
} from '../core/index.ts';
import {
  coordinationAttendanceSince,
  type EngagedProject,
  engagedProjectsWithSignals,
  findCurrentTerms,
  type OffboardingProposalRow,
  openOffboardingProposals,
  unansweredNoticesOf,
} from '../store/index.ts';
import { DAY_MS, type EngagementContext, nowOf } from './context.ts';

/** A project's engagement record: the status, why, and every signal it was built from. */
export interface EngagementRecord {
  project: string;
  displayName: string;
  projectStatus: string;
  requestId: number | null;
  status: EngagementStatus;
  reasons: EngagementReason[];
  lastSignOfLife: string | null;
  signals: Omit<EngagementSignals, 'project' | 'incidents'> & {
    incidents: { measured: boolean; items: EngagementSignals['incidents'] };
  };
  offboarding: OffboardingProposalRow | null;
  evaluatedAt: string;
}

/**
 * Who attended the coordination meetings, newest meeting first: for each word of the
 * attendance lines ("Alice (alice-dev)", "@bob", "bob"; lower-cased), the newest meeting it
 * appears in. Built once for every project's record, so a team's attendance is a lookup per
 * login, not a pass over every meeting.
 */
interface Attendance {
  dates: readonly string[];
  newestWith: ReadonlyMap<string, number>;
}

function attendanceOf(records: readonly { date: string; attendance: string[] }[]): Attendance {
  const newestWith = new Map<string, number>();
  records.forEach((record, index) => {
    for (const line of record.attendance)
      for (const word of line.toLowerCase().split(/[\s(),<>@;]+/))
        if (!newestWith.has(word)) newestWith.set(word, index);
  });
  return { dates: records.map((r) => r.date), newestWith };
}

/**
 * The team attended when one of its logins is among a meeting's words. Meetings before the
 * project became active do not count as missed.
 */
function meetingSignals(attendance: Attendance, logins: readonly string[], since: string | null) {
  const { dates, newestWith } = attendance;
  const sinceDay = since?.slice(0, 10);
  const counted = sinceDay === undefined ? -1 : dates.findIndex((date) => date < sinceDay);
  const meetings = counted === -1 ? dates.length : counted;
  let newest = meetings;
  for (const login of logins) newest = Math.min(newest, newestWith.get(login) ?? meetings);
  return newest < meetings
    ? { lastAttendedAt: `${dates[newest]}T00:00:00.000Z`, meetingsMissedInARow: newest }
    : { lastAttendedAt: null, meetingsMissedInARow: meetings };
}

/**
 * Everything the records of these projects are built from besides the projects' own signals,
 * each kind read once for all of them. For every active project (`only` absent) nothing is
 * sent per project: the notices, incidents and proposals of every project are few.
 */
async function sharedInputsOf(
  ctx: EngagementContext,
  only?: { names: readonly string[]; requestIds: readonly number[] },
) {
  const now = nowOf(ctx);
  const tx = { tx: ctx.db };
  const windowStart = new Date(now.getTime() - ctx.settings.thresholds.inactiveIdleDays * DAY_MS);
  // A year of coordination meetings covers any "missed in a row" threshold worth setting.
  const meetingsSince = new Date(now.getTime() - 366 * DAY_MS).toISOString();
  const [attendance, terms, unanswered, incidents, proposals] = await Promise.all([
    coordinationAttendanceSince(tx, meetingsSince),
    findCurrentTerms(tx),
    unansweredNoticesOf(tx, only?.names),
    ctx.incidents.responsesOf(only?.names, windowStart),
    openOffboardingProposals(tx, only?.requestIds),
  ]);
  return {
    now,
    attendance: attendanceOf(attendance),
    currentTerms: terms?.version ?? null,
    unanswered,
    incidents,
    proposals,
  };
}

type SharedInputs = Awaited<ReturnType<typeof sharedInputsOf>>;

/** A project's signals and the rule's verdict on them: what sorting and filtering need. */
interface Assessed {
  project: EngagedProject;
  signals: EngagementSignals;
  verdict: ReturnType<typeof evaluateEngagement>;
}

function assess(ctx: EngagementContext, project: EngagedProject, inputs: SharedInputs): Assessed {
  const { requestId, activeSince } = project;
  const unanswered = inputs.unanswered.get(project.name) ?? [];
  const signals: EngagementSignals = {
    project: project.name,
    activeSince,
    lastActivityAt: project.lastActivityAt,
    lastAcknowledgedAt: project.lastAcknowledgedAt,
    unansweredNotices: unanswered.map((n) => ({
      id: n.id,
      title: n.title,
      kind: n.kind,
      respondBy: n.respondBy,
    })),
    ...meetingSignals(inputs.attendance, project.logins, activeSince),
    incidents: inputs.incidents.get(project.name) ?? [],
    terms: inputs.currentTerms
      ? {
          current: inputs.currentTerms,
          accepted: requestId === null ? null : project.acceptedTerms,
        }
      : null,
  };
  return {
    project,
    signals,
    verdict: evaluateEngagement(signals, ctx.settings.thresholds, inputs.now),
  };
}

function recordOf(
  ctx: EngagementContext,
  { project, signals, verdict }: Assessed,
  inputs: SharedInputs,
): EngagementRecord {
  const { requestId } = project;
  const { project: _name, incidents: items, ...rest } = signals;
  return {
    project: project.name,
    displayName: project.displayName,
    projectStatus: project.status,
    requestId,
    ...verdict,
    signals: { ...rest, incidents: { measured: ctx.incidents.measured, items } },
    offboarding: requestId === null ? null : (inputs.proposals.get(requestId) ?? null),
    evaluatedAt: inputs.now.toISOString(),
  };
}

/** The record of one active project (or one being offboarded). */
export async function engagementOf(
  ctx: EngagementContext,
  name: string,
): Promise<EngagementRecord> {
  // The project first: a name that is not an active project is refused before anything else
  // is read for it.
  const [project] = await engagedProjectsWithSignals({ tx: ctx.db }, [name]);
  if (!project)
    throw new OpfError(
      'OPF_ERR_NOT_FOUND',
      `project ${name} is not active; engagement is measured for active projects`,
    );
  const inputs = await sharedInputsOf(ctx, {
    names: [name],
    requestIds: project.requestId === null ? [] : [project.requestId],
  });
  return recordOf(ctx, assess(ctx, project, inputs), inputs);
}

const RANK: Record<EngagementStatus, number> = { inactive: 0, 'at-risk': 1, engaged: 2 };

/**
 * Every active project's record with one of `status` (all without), worst first (inactive,
 * at risk, engaged), then by name: the first `limit` of them, and how many there are. Each
 * project is assessed, but only the records returned are built (the overview's panel shows
 * ten of thousands).
 */
export async function engagementList(
  ctx: EngagementContext,
  filter: { status?: readonly EngagementStatus[]; limit?: number } = {},
): Promise<{ items: EngagementRecord[]; total: number }> {
  const [projects, inputs] = await Promise.all([
    engagedProjectsWithSignals({ tx: ctx.db }),
    sharedInputsOf(ctx),
  ]);
  const { status, limit } = filter;
  const matching = projects
    .map((project) => assess(ctx, project, inputs))
    .filter((a) => !status || status.includes(a.verdict.status))
    .sort(
      (a, b) =>
        RANK[a.verdict.status] - RANK[b.verdict.status] ||
        a.project.name.localeCompare(b.project.name),
    );
  const shown = limit === undefined ? matching : matching.slice(0, limit);
  return { items: shown.map((a) => recordOf(ctx, a, inputs)), total: matching.length };
}

/** Every active project's record, worst first (inactive, at risk, engaged), then by name. */
export async function engagementOfAll(
  ctx: EngagementContext,
  filter: { status?: readonly EngagementStatus[] } = {},
): Promise<EngagementRecord[]> {
  return (await engagementList(ctx, filter)).items;
}
