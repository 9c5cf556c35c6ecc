import {
  type EngagementReason,
  type EngagementSignals,
  type EngagementStatus,
  evaluateEngagement,
  OpfError,
} from '../core/index.ts';
import {
  activationTimes,
  coordinationAttendanceSince,
  findCurrentTerms,
  lastAcknowledgements,
  lastActivityByLogin,
  latestAcceptedTermsOf,
  listEngagedProjects,
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

/** A meeting's attendance as the words of its lines, lower-cased, newest meeting first. */
type Attendance = { date: string; words: ReadonlySet<string> }[];

/**
 * The words of each attendance line ("Alice (alice-dev)", "@bob", "bob"), split once for
 * every project's record: a team attended when one of its logins is among them.
 */
function attendanceWords(records: readonly { date: string; attendance: string[] }[]): Attendance {
  return records.map((record) => ({
    date: record.date,
    words: new Set(record.attendance.flatMap((line) => line.toLowerCase().split(/[\s(),<>@;]+/))),
  }));
}

function meetingSignals(records: Attendance, logins: ReadonlySet<string>, since: string | null) {
  let missed = 0;
  for (const record of records) {
    if (since && record.date < since.slice(0, 10)) break;
    for (const login of logins)
      if (record.words.has(login))
        return { lastAttendedAt: `${record.date}T00:00:00.000Z`, meetingsMissedInARow: missed };
    missed += 1;
  }
  return { lastAttendedAt: null, meetingsMissedInARow: missed };
}

type EngagedProject = Awaited<ReturnType<typeof listEngagedProjects>>[number];

const teamOf = (project: EngagedProject): string[] =>
  project.team ? [project.team.owner, ...project.team.members] : [];

/**
 * Everything the records of these projects are built from, each kind read once for all of
 * them (a list of every active project is a handful of statements, not several per project).
 */
async function inputsOf(ctx: EngagementContext, projects: readonly EngagedProject[]) {
  const now = nowOf(ctx);
  const tx = { tx: ctx.db };
  const windowStart = new Date(now.getTime() - ctx.settings.thresholds.inactiveIdleDays * DAY_MS);
  // A year of coordination meetings covers any "missed in a row" threshold worth setting.
  const meetingsSince = new Date(now.getTime() - 366 * DAY_MS).toISOString();
  const names = projects.map((p) => p.name);
  const requestIds = projects.flatMap((p) => (p.requestId === null ? [] : [p.requestId]));
  const [
    attendance,
    terms,
    activeSince,
    lastActivity,
    lastAcknowledged,
    unanswered,
    accepted,
    incidents,
    proposals,
  ] = await Promise.all([
    coordinationAttendanceSince(tx, meetingsSince),
    findCurrentTerms(tx),
    activationTimes(tx, requestIds),
    lastActivityByLogin(tx, projects.flatMap(teamOf)),
    lastAcknowledgements(tx, names),
    unansweredNoticesOf(tx, names),
    latestAcceptedTermsOf(tx, requestIds),
    ctx.incidents.responsesOf(names, windowStart),
    openOffboardingProposals(tx, requestIds),
  ]);
  return {
    now,
    attendance: attendanceWords(attendance),
    currentTerms: terms?.version ?? null,
    activeSince,
    lastActivity,
    lastAcknowledged,
    unanswered,
    accepted,
    incidents,
    proposals,
  };
}

/** The newest of the team's activity times (ISO strings in one format sort as times). */
function newestOf(times: readonly (string | undefined)[]): string | null {
  let newest: string | null = null;
  for (const time of times)
    if (time !== undefined && (newest === null || time > newest)) newest = time;
  return newest;
}

function recordOf(
  ctx: EngagementContext,
  project: EngagedProject,
  inputs: Awaited<ReturnType<typeof inputsOf>>,
): EngagementRecord {
  const { now } = inputs;
  const logins = teamOf(project);
  const keys = new Set(logins.map((l) => l.toLowerCase()));
  const requestId = project.requestId;
  const activeSince = requestId === null ? null : (inputs.activeSince.get(requestId) ?? null);
  const unanswered = inputs.unanswered.get(project.name) ?? [];
  const signals: EngagementSignals = {
    project: project.name,
    activeSince,
    lastActivityAt: newestOf([...keys].map((key) => inputs.lastActivity.get(key))),
    lastAcknowledgedAt: inputs.lastAcknowledged.get(project.name) ?? null,
    unansweredNotices: unanswered.map((n) => ({
      id: n.id,
      title: n.title,
      kind: n.kind,
      respondBy: n.respondBy,
    })),
    ...meetingSignals(inputs.attendance, keys, activeSince),
    incidents: inputs.incidents.get(project.name) ?? [],
    terms: inputs.currentTerms
      ? {
          current: inputs.currentTerms,
          accepted: requestId === null ? null : (inputs.accepted.get(requestId) ?? null),
        }
      : null,
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
    offboarding: requestId === null ? null : (inputs.proposals.get(requestId) ?? null),
    evaluatedAt: now.toISOString(),
  };
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
  return recordOf(ctx, project, await inputsOf(ctx, [project]));
}

/** Every active project's record, worst first (inactive, at risk, engaged), then by name. */
export async function engagementOfAll(
  ctx: EngagementContext,
  filter: { status?: readonly EngagementStatus[] } = {},
): Promise<EngagementRecord[]> {
  const projects = await listEngagedProjects({ tx: ctx.db });
  const inputs = await inputsOf(ctx, projects);
  const records = projects.map((project) => recordOf(ctx, project, inputs));
  const rank: Record<EngagementStatus, number> = { inactive: 0, 'at-risk': 1, engaged: 2 };
  return records
    .filter((r) => !filter.status || filter.status.includes(r.status))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.project.localeCompare(b.project));
}
