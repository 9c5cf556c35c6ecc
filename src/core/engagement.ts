/**
 * Commitment, measured: a project's engagement status from what opf knows of it. Pure: the
 * signals and the clock come in, the status and its reasons go out (docs/engagement.md
 * states the rule in words; the thresholds come from the environment).
 */
export const ENGAGEMENT_STATUSES = ['engaged', 'at-risk', 'inactive'] as const;
export type EngagementStatus = (typeof ENGAGEMENT_STATUSES)[number];

export interface EngagementThresholds {
  /** Days without any sign of life after which a project is at risk. */
  atRiskIdleDays: number;
  /** Days without any sign of life after which a project is inactive. */
  inactiveIdleDays: number;
  /** Recorded coordination meetings in a row without the project before it is at risk (0: off). */
  missedMeetings: number;
  /** Hours an incident touching the project may wait for the team's first answer. */
  incidentResponseHours: number;
}

export const DEFAULT_ENGAGEMENT_THRESHOLDS: EngagementThresholds = {
  atRiskIdleDays: 30,
  inactiveIdleDays: 90,
  missedMeetings: 6,
  incidentResponseHours: 72,
};

/** What opf knows of one project, gathered from the store (ISO timestamps). */
export interface EngagementSignals {
  project: string;
  /** When the project became active (the decision on its request): the first sign of life. */
  activeSince: string | null;
  /** The newest sign-in, API token use or write in opf by a member of its team. */
  lastActivityAt: string | null;
  /** The newest acknowledgement of a notice by the project. */
  lastAcknowledgedAt: string | null;
  /** Notices sent to it and not answered, with the date they should have been answered by. */
  unansweredNotices: { id: number; title: string; kind: string; respondBy: string }[];
  /** The newest recorded coordination meeting a member attended. */
  lastAttendedAt: string | null;
  /** Recorded coordination meetings since that one (or since it became active). */
  meetingsMissedInARow: number;
  /**
   * Incidents that touched the project, with the team's first answer (from the incident
   * source). `resolvedAt`: an incident that ended before anyone had to answer asks nothing.
   */
  incidents: {
    id: string;
    title: string;
    openedAt: string;
    respondedAt: string | null;
    resolvedAt?: string | null;
  }[];
  /** The current terms and the newest version the project accepted. */
  terms: { current: string; accepted: string | null } | null;
}

export type EngagementReasonCode =
  | 'idle'
  | 'notice-unanswered'
  | 'terms-not-reaccepted'
  | 'meetings-missed'
  | 'incident-unanswered'
  | 'incident-slow';

export interface EngagementReason {
  code: EngagementReasonCode;
  status: Exclude<EngagementStatus, 'engaged'>;
  text: string;
}

export interface EngagementVerdict {
  status: EngagementStatus;
  reasons: EngagementReason[];
  /** The newest of every sign of life; null when there is none at all. */
  lastSignOfLife: string | null;
}

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

function newest(dates: readonly (string | null | undefined)[]): string | null {
  // Each date parsed once (a list of every project's records compares thousands of them).
  let bestTime = Number.NEGATIVE_INFINITY;
  for (const d of dates) {
    const time = d ? Date.parse(d) : Number.NaN;
    if (time > bestTime) bestTime = time;
  }
  return bestTime === Number.NEGATIVE_INFINITY ? null : new Date(bestTime).toISOString();
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * The rule, in order: idle for `inactiveIdleDays` → inactive; idle for `atRiskIdleDays`, a
 * notice (or new terms) unanswered past its date, `missedMeetings` coordination meetings
 * missed in a row, or an incident unanswered or answered later than `incidentResponseHours`
 * (one that resolved sooner without an answer asks none) → at risk; otherwise engaged.
 * Every reason that holds is listed; the worst one wins.
 */
export function evaluateEngagement(
  signals: EngagementSignals,
  thresholds: EngagementThresholds,
  now: Date,
): EngagementVerdict {
  const reasons: EngagementReason[] = [];
  const at = now.getTime();
  const lastSignOfLife = newest([
    signals.activeSince,
    signals.lastActivityAt,
    signals.lastAcknowledgedAt,
    signals.lastAttendedAt,
    ...signals.incidents.map((i) => i.respondedAt),
  ]);
  const idleDays = lastSignOfLife ? Math.floor((at - Date.parse(lastSignOfLife)) / DAY_MS) : null;
  const since = lastSignOfLife ? `since ${day(lastSignOfLife)}` : 'ever';
  if (idleDays === null || idleDays >= thresholds.inactiveIdleDays)
    reasons.push({
      code: 'idle',
      status: 'inactive',
      text: `no sign of life from the team ${since} (inactive after ${thresholds.inactiveIdleDays} days)`,
    });
  else if (idleDays >= thresholds.atRiskIdleDays)
    reasons.push({
      code: 'idle',
      status: 'at-risk',
      text: `no sign of life from the team ${since} (${idleDays} days; at risk after ${thresholds.atRiskIdleDays})`,
    });
  for (const notice of signals.unansweredNotices) {
    if (Date.parse(notice.respondBy) > at) continue;
    const terms = notice.kind === 'terms';
    reasons.push({
      code: terms ? 'terms-not-reaccepted' : 'notice-unanswered',
      status: 'at-risk',
      text: terms
        ? `the new terms (notice ${notice.id}) were not re-accepted by ${day(notice.respondBy)}`
        : `notice ${notice.id} "${notice.title}" not acknowledged by ${day(notice.respondBy)}`,
    });
  }
  if (thresholds.missedMeetings > 0 && signals.meetingsMissedInARow >= thresholds.missedMeetings)
    reasons.push({
      code: 'meetings-missed',
      status: 'at-risk',
      text: `nobody from the team at the last ${signals.meetingsMissedInARow} coordination meetings${signals.lastAttendedAt ? ` (last seen ${day(signals.lastAttendedAt)})` : ''}`,
    });
  const allowed = thresholds.incidentResponseHours * HOUR_MS;
  for (const incident of signals.incidents) {
    const opened = Date.parse(incident.openedAt);
    if (incident.respondedAt === null) {
      // Unanswered, it waited until now, or until it resolved: one that ended within the
      // hours allowed needed no answer; one that ran past them without one did.
      const ended = incident.resolvedAt ? Date.parse(incident.resolvedAt) : null;
      if ((ended ?? at) - opened > allowed)
        reasons.push({
          code: 'incident-unanswered',
          status: 'at-risk',
          text:
            ended === null
              ? `incident ${incident.id} "${incident.title}" has had no answer from the team for more than ${thresholds.incidentResponseHours} hours`
              : `incident ${incident.id} "${incident.title}" ran more than ${thresholds.incidentResponseHours} hours without an answer from the team`,
        });
    } else if (Date.parse(incident.respondedAt) - opened > allowed)
      reasons.push({
        code: 'incident-slow',
        status: 'at-risk',
        text: `incident ${incident.id} "${incident.title}" was answered after more than ${thresholds.incidentResponseHours} hours`,
      });
  }
  const status: EngagementStatus = reasons.some((r) => r.status === 'inactive')
    ? 'inactive'
    : reasons.length > 0
      ? 'at-risk'
      : 'engaged';
  return { status, reasons, lastSignOfLife };
}
