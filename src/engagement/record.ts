import {
  type EngagementReason,
  type EngagementSignals,
  type EngagementStatus,
  evaluateEngagement,
  OpfError,
} from '../core/index.ts';
import {
  activatedAt,
  coordinationAttendanceSince,
  findCurrentTerms,
  findOpenOffboardingProposal,
  lastAcknowledgementOf,
  lastActivityOf,
  latestAcceptedTerms,
  listEngagedProjects,
  listUnansweredNotices,
  type OffboardingProposalRow,
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

type Attendance = { date: string; attendance: string[] }[];

/** Whether someone of the team is in an attendance line ("Alice (alice-dev)", "@bob", "bob"). */
function attended(line: string, logins: ReadonlySet<string>): boolean {
  return line
    .toLowerCase()
    .split(/[\s(),<>@;]+/)
    .some((word) => logins.has(word));
}

function meetingSignals(records: Attendance, logins: ReadonlySet<string>, since: string | null) {
  let missed = 0;
  for (const record of records) {
    if (since && record.date < since.slice(0, 10)) break;
    if (record.attendance.some((line) => attended(line, logins)))
      return { lastAttendedAt: `${record.date}T00:00:00.000Z`, meetingsMissedInARow: missed };
    missed += 1;
  }
  return { lastAttendedAt: null, meetingsMissedInARow: missed };
}

async function recordOf(
  ctx: EngagementContext,
  project: Awaited<ReturnType<typeof listEngagedProjects>>[number],
  attendance: Attendance,
  currentTerms: string | null,
): Promise<EngagementRecord> {
  const now = nowOf(ctx);
  const tx = { tx: ctx.db };
  const team = project.team;
  const logins = team ? [team.owner, ...team.members] : [];
  const keys = new Set(logins.map((l) => l.toLowerCase()));
  const requestId = project.requestId;
  const windowStart = new Date(now.getTime() - ctx.settings.thresholds.inactiveIdleDays * DAY_MS);
  const [
    activeSince,
    lastActivityAt,
    lastAcknowledgedAt,
    unanswered,
    accepted,
    incidents,
    proposal,
  ] = await Promise.all([
    requestId === null ? null : activatedAt(tx, requestId),
    lastActivityOf(tx, logins),
    lastAcknowledgementOf(tx, project.name),
    listUnansweredNotices(tx, project.name),
    requestId === null ? null : latestAcceptedTerms(tx, requestId),
    ctx.incidents.responsesOf(project.name, windowStart),
    requestId === null ? undefined : findOpenOffboardingProposal(tx, requestId),
  ]);
  const signals: EngagementSignals = {
    project: project.name,
    activeSince,
    lastActivityAt,
    lastAcknowledgedAt,
    unansweredNotices: unanswered.map((n) => ({
      id: n.id,
      title: n.title,
      kind: n.kind,
      respondBy: n.respondBy,
    })),
    ...meetingSignals(attendance, keys, activeSince),
    incidents,
    terms: currentTerms ? { current: currentTerms, accepted } : null,
  };
  const verdict = evaluateEngagement(signals, ctx.settings.thresholds, now);
  const { project: _name, incidents: items, ...rest } = signals;
  return {
    project: project.name,
    displayName: project.displayName,
    projectStatus: project.status,
    requestId,
    ...verdict,
    signals: { ...rest, incidents: { measured: ctx.incidents.measured, items } },
    offboarding: proposal ?? null,
    evaluatedAt: now.toISOString(),
  };
}

async function shared(ctx: EngagementContext) {
  const now = nowOf(ctx);
  // A year of coordination meetings covers any "missed in a row" threshold worth setting.
  const since = new Date(now.getTime() - 366 * DAY_MS).toISOString();
  const [attendance, terms] = await Promise.all([
    coordinationAttendanceSince({ tx: ctx.db }, since),
    findCurrentTerms({ tx: ctx.db }),
  ]);
  return { attendance, terms: terms?.version ?? null };
}

/** The record of one active project (or one being offboarded). */
export async function engagementOf(
  ctx: EngagementContext,
  name: string,
): Promise<EngagementRecord> {
  const [project] = await listEngagedProjects({ tx: ctx.db }, [name]);
  if (!project)
    throw new OpfError(
      'OPF_ERR_NOT_FOUND',
      `project ${name} is not active; engagement is measured for active projects`,
    );
  const { attendance, terms } = await shared(ctx);
  return recordOf(ctx, project, attendance, terms);
}

/** Every active project's record, worst first (inactive, at risk, engaged), then by name. */
export async function engagementOfAll(
  ctx: EngagementContext,
  filter: { status?: readonly EngagementStatus[] } = {},
): Promise<EngagementRecord[]> {
  const projects = await listEngagedProjects({ tx: ctx.db });
  const { attendance, terms } = await shared(ctx);
  const records: EngagementRecord[] = [];
  for (const project of projects) records.push(await recordOf(ctx, project, attendance, terms));
  const rank: Record<EngagementStatus, number> = { inactive: 0, 'at-risk': 1, engaged: 2 };
  return records
    .filter((r) => !filter.status || filter.status.includes(r.status))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.project.localeCompare(b.project));
}
