import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meetingOccurrences, seedCommunityData } from '../../src/community/index.ts';
import { DEFAULT_ENGAGEMENT_THRESHOLDS } from '../../src/core/index.ts';
import { DEFAULT_ENGAGEMENT_SETTINGS } from '../../src/engagement/index.ts';
import { applyRequestAction, submitRequest } from '../../src/onboarding/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { TEST_IDENTITY_CONFIG, tokenFor } from '../identity/principals.ts';
import { ADMIN_TOKEN, expectError } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';

/**
 * Attendance at coordination meetings, as ops record it in the minutes, feeds each project's
 * engagement record: attending is a sign of life and resets the count of meetings missed
 * in a row; missing `missedMeetings` of them in a row puts the project at risk. The clock
 * moves from one recorded occurrence to the next (docs/engagement.md).
 */
const DAY = 86_400_000;
// Three missed meetings in a row, so the test walks a few occurrences; idleness far away,
// so the only reason that can change is the meetings.
const SETTINGS = {
  ...DEFAULT_ENGAGEMENT_SETTINGS,
  thresholds: {
    ...DEFAULT_ENGAGEMENT_THRESHOLDS,
    missedMeetings: 3,
    atRiskIdleDays: 200,
    inactiveIdleDays: 400,
  },
};

describe(`attendance in the minutes of coordination meetings drives engagement (${testDatabaseKind()})`, () => {
  let database: Database;
  let app: FastifyInstance;
  let ops: Record<string, string>;
  // From the real time: activations are stamped by the database's clock.
  let now = Date.now();
  const clock = () => new Date(now);
  let dates: string[];

  async function activeProject(name: string) {
    const c = { db: database.db, publicUrl: 'http://opf.test', now: clock };
    const r = await submitRequest(
      c,
      developer,
      validRequest(name, { team: { name, owner: 'Alice-Dev', members: [`${name}-dev`] } }),
    );
    for (const action of ['start-review', 'approve', 'provision', 'activate'] as const)
      await applyRequestAction(c, reviewer, r.id, action);
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    await seedCommunityData(database.db);
    app = await buildApp({
      db: database.db,
      databaseKind: testDatabaseKind(),
      publicUrl: 'http://opf.test',
      adminToken: ADMIN_TOKEN,
      identity: { config: TEST_IDENTITY_CONFIG },
      engagement: { settings: SETTINGS, now: clock },
    });
    await app.ready();
    // Both teams share an owner (Alice-Dev): only their own members tell them apart.
    await activeProject('gamma');
    await activeProject('delta');
    ops = { authorization: `Bearer ${await tokenFor(database.db, 'ops-olga')}` };
    const from = new Date(now + DAY).toISOString().slice(0, 10);
    const to = new Date(now + 120 * DAY).toISOString().slice(0, 10);
    const ctx = { db: database.db, publicUrl: 'http://opf.test', now: clock };
    dates = (await meetingOccurrences(ctx, 'coordination', from, to)).map((o) => o.date);
    expect(dates.length).toBeGreaterThanOrEqual(5);
  });
  afterAll(async () => {
    await app?.close();
    await database?.close();
  });

  /** The meeting of occurrence `n` is held: the clock moves to it and ops record who came. */
  async function held(n: number, attendance: string[]) {
    now = Date.parse(`${dates[n]}T18:00:00Z`);
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/meetings/coordination/agenda/${dates[n]}/minutes`,
      headers: ops,
      payload: { attendance, minutes: `Meeting ${n + 1}.` },
    });
    expect(res.statusCode, res.body).toBe(200);
  }
  async function record(project: string) {
    const res = await app.inject({ url: `/api/v1/projects/${project}/engagement` });
    expect(res.statusCode, res.body).toBe(200);
    const r = res.json();
    return {
      status: r.status as string,
      reasons: r.reasons.map((x: { code: string }) => x.code) as string[],
      lastAttendedAt: r.signals.lastAttendedAt as string | null,
      missed: r.signals.meetingsMissedInARow as number,
      lastSignOfLife: r.lastSignOfLife as string,
      text: r.reasons.map((x: { text: string }) => x.text).join('; ') as string,
    };
  }
  const midnight = (n: number) => `${dates[n]}T00:00:00.000Z`;

  it('before any minutes: no meeting attended, none missed, engaged', async () => {
    for (const project of ['gamma', 'delta'])
      expect(await record(project)).toMatchObject({
        status: 'engaged',
        lastAttendedAt: null,
        missed: 0,
      });
  });

  it('each way ops write a name counts; the attended meeting is the newest sign of life', async () => {
    await held(0, ['Gamma Dev (gamma-dev)', '@DELTA-DEV']);
    for (const project of ['gamma', 'delta']) {
      const r = await record(project);
      expect(r).toMatchObject({ status: 'engaged', lastAttendedAt: midnight(0), missed: 0 });
      expect(Date.parse(r.lastSignOfLife)).toBeGreaterThanOrEqual(Date.parse(midnight(0)));
    }
  });

  it('missed meetings count in a row, per team; at the threshold the team is at risk, with why', async () => {
    await held(1, ['gamma-dev']);
    expect(await record('delta')).toMatchObject({ status: 'engaged', missed: 1 });
    await held(2, ['Olga (ops-olga)']);
    expect(await record('gamma')).toMatchObject({
      status: 'engaged',
      lastAttendedAt: midnight(1),
      missed: 1,
    });
    expect(await record('delta')).toMatchObject({ status: 'engaged', missed: 2 });
    await held(3, ['gamma-dev']);
    expect(await record('gamma')).toMatchObject({
      status: 'engaged',
      lastAttendedAt: midnight(3),
      missed: 0,
    });
    const delta = await record('delta');
    expect(delta).toMatchObject({
      status: 'at-risk',
      reasons: ['meetings-missed'],
      lastAttendedAt: midnight(0),
      missed: 3,
    });
    expect(delta.text).toBe(
      `nobody from the team at the last 3 coordination meetings (last seen ${dates[0]})`,
    );
  });

  it('coming back to the next meeting ends it: engaged again', async () => {
    await held(4, ['delta-dev']);
    expect(await record('delta')).toMatchObject({
      status: 'engaged',
      reasons: [],
      lastAttendedAt: midnight(4),
      missed: 0,
    });
    expect(await record('gamma')).toMatchObject({ status: 'engaged', missed: 1 });
  });

  it('minutes for a day the meeting does not meet are refused with a code, and count for nobody', async () => {
    const notADay = new Date(Date.parse(`${dates[4]}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
    expectError(
      await app.inject({
        method: 'PUT',
        url: `/api/v1/meetings/coordination/agenda/${notADay}/minutes`,
        headers: ops,
        payload: { attendance: ['gamma-dev'] },
      }),
      400,
      'OPF_ERR_MEETING_NOT_AN_OCCURRENCE',
    );
    expect(await record('gamma')).toMatchObject({ lastAttendedAt: midnight(3), missed: 1 });
  });
});
