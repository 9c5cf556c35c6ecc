import { describe, expect, it } from 'vitest';
import {
  type EngagementSignals,
  evaluateEngagement,
  DEFAULT_ENGAGEMENT_THRESHOLDS as T,
} from '../../src/core/index.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const START = Date.parse('2027-01-04T09:00:00Z');
const at = (ms: number) => new Date(START + ms);
const iso = (ms: number) => at(ms).toISOString();

/** A project that became active at START and did nothing since. */
function quiet(extra: Partial<EngagementSignals> = {}): EngagementSignals {
  return {
    project: 'p',
    activeSince: iso(0),
    lastActivityAt: null,
    lastAcknowledgedAt: null,
    unansweredNotices: [],
    lastAttendedAt: null,
    meetingsMissedInARow: 0,
    incidents: [],
    terms: null,
    ...extra,
  };
}

const verdict = (signals: EngagementSignals, ms: number) => evaluateEngagement(signals, T, at(ms));
const codes = (signals: EngagementSignals, ms: number) =>
  verdict(signals, ms).reasons.map((r) => `${r.status}:${r.code}`);

describe('the engagement rule over a moving clock', () => {
  it('idle: engaged until the at-risk threshold, at risk until the inactive one, then inactive', () => {
    const s = quiet();
    expect(verdict(s, (T.atRiskIdleDays - 1) * DAY).status).toBe('engaged');
    expect(verdict(s, T.atRiskIdleDays * DAY).status).toBe('at-risk');
    expect(verdict(s, T.atRiskIdleDays * DAY).reasons[0]!.text).toContain('since 2027-01-04');
    expect(verdict(s, (T.inactiveIdleDays - 1) * DAY).status).toBe('at-risk');
    expect(verdict(s, T.inactiveIdleDays * DAY).status).toBe('inactive');
    expect(codes(s, T.inactiveIdleDays * DAY)).toEqual(['inactive:idle']);
  });

  it('every sign of life restarts the idle clock: activity, an answer, a meeting, an incident answer', () => {
    const later = (T.atRiskIdleDays + 5) * DAY;
    const recent = iso(later - DAY);
    expect(verdict(quiet(), later).status).toBe('at-risk');
    for (const signals of [
      quiet({ lastActivityAt: recent }),
      quiet({ lastAcknowledgedAt: recent }),
      quiet({ lastAttendedAt: recent }),
      quiet({
        incidents: [{ id: 'i1', title: 'x', openedAt: iso(later - 2 * DAY), respondedAt: recent }],
      }),
    ])
      expect(verdict(signals, later)).toMatchObject({ status: 'engaged', lastSignOfLife: recent });
  });

  it('a project with no sign of life at all is inactive', () => {
    expect(verdict(quiet({ activeSince: null }), 0).status).toBe('inactive');
  });

  it('a notice unanswered: engaged until its date, at risk from it', () => {
    const respondBy = iso(14 * DAY);
    const s = quiet({
      lastActivityAt: iso(13 * DAY),
      unansweredNotices: [{ id: 7, title: 'Upgrade', kind: 'upgrade', respondBy }],
    });
    expect(verdict(s, 14 * DAY - 1).status).toBe('engaged');
    expect(codes(s, 14 * DAY)).toEqual(['at-risk:notice-unanswered']);
    expect(verdict(s, 14 * DAY).reasons[0]!.text).toBe(
      'notice 7 "Upgrade" not acknowledged by 2027-01-18',
    );
  });

  it('new terms not re-accepted by their date: at risk, with its own reason', () => {
    const s = quiet({
      lastActivityAt: iso(29 * DAY),
      unansweredNotices: [{ id: 8, title: 'New terms', kind: 'terms', respondBy: iso(30 * DAY) }],
    });
    expect(verdict(s, 30 * DAY - 1).status).toBe('engaged');
    expect(codes(s, 30 * DAY)).toEqual(['at-risk:terms-not-reaccepted']);
  });

  it('coordination meetings missed in a row: at risk at the threshold; 0 turns the rule off', () => {
    const s = (n: number) => quiet({ lastActivityAt: iso(DAY), meetingsMissedInARow: n });
    expect(verdict(s(T.missedMeetings - 1), 2 * DAY).status).toBe('engaged');
    expect(codes(s(T.missedMeetings), 2 * DAY)).toEqual(['at-risk:meetings-missed']);
    expect(evaluateEngagement(s(50), { ...T, missedMeetings: 0 }, at(2 * DAY)).status).toBe(
      'engaged',
    );
  });

  it('an incident: unanswered past the hours allowed, or answered late, puts the project at risk', () => {
    const opened = iso(DAY);
    const open = quiet({
      lastActivityAt: iso(DAY),
      incidents: [{ id: 'i9', title: 'Pods crash', openedAt: opened, respondedAt: null }],
    });
    expect(verdict(open, DAY + T.incidentResponseHours * HOUR).status).toBe('engaged');
    expect(codes(open, DAY + T.incidentResponseHours * HOUR + 1)).toEqual([
      'at-risk:incident-unanswered',
    ]);
    const late = quiet({
      incidents: [
        {
          id: 'i9',
          title: 'Pods crash',
          openedAt: opened,
          respondedAt: iso(DAY + T.incidentResponseHours * HOUR + HOUR),
        },
      ],
    });
    expect(codes(late, 5 * DAY)).toEqual(['at-risk:incident-slow']);
  });

  it('an incident that resolved unanswered: within the hours allowed it asked nothing; past them it did', () => {
    const limit = T.incidentResponseHours * HOUR;
    const resolvedAfter = (ms: number) =>
      quiet({
        lastActivityAt: iso(DAY),
        incidents: [
          {
            id: 'i3',
            title: 'Flap',
            openedAt: iso(DAY),
            respondedAt: null,
            resolvedAt: iso(DAY + ms),
          },
        ],
      });
    // Judged long after it ended: only how long it ran unanswered counts.
    expect(verdict(resolvedAfter(limit), DAY + limit + 10 * DAY).status).toBe('engaged');
    const ranLong = codes(resolvedAfter(limit + 1), DAY + limit + 10 * DAY);
    expect(ranLong).toEqual(['at-risk:incident-unanswered']);
    expect(verdict(resolvedAfter(limit + 1), DAY + limit + 10 * DAY).reasons[0]!.text).toContain(
      'ran more than',
    );
  });

  it('lists every reason that holds; the worst status wins', () => {
    const s = quiet({
      meetingsMissedInARow: T.missedMeetings,
      unansweredNotices: [{ id: 1, title: 'a', kind: 'general', respondBy: iso(DAY) }],
    });
    expect(codes(s, T.inactiveIdleDays * DAY)).toEqual([
      'inactive:idle',
      'at-risk:notice-unanswered',
      'at-risk:meetings-missed',
    ]);
    expect(verdict(s, T.inactiveIdleDays * DAY).status).toBe('inactive');
  });
});
