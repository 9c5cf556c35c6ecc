import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { seedCommunityData } from '../../src/community/index.ts';
import { DEFAULT_ENGAGEMENT_SETTINGS, NO_INCIDENT_SOURCE } from '../../src/engagement/index.ts';
import {
  buildProjectReport,
  nextSendTime,
  previousMonth,
  sendMonthlyReports,
} from '../../src/reports/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { listAgendaItems, listAnnouncements } from '../../src/store/index.ts';
import { TEST_IDENTITY_CONFIG } from '../identity/principals.ts';
import { ADMIN_TOKEN, AUTH, expectError } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { fixedSnapshot, GI } from './fixture.ts';
import { seedActivation, seedFixedWeek } from './seed-store.ts';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;
const WEEK = 'from=2026-11-01&to=2026-11-08';
let server: string;

beforeAll(async () => {
  database = await openTestDatabase();
  await seedFixedWeek(database.db);
  await seedActivation(database.db);
  await database.db.transaction().execute((tx) => seedCommunityData(tx));
  app = await buildApp(
    {
      db: database.db,
      databaseKind: testDatabaseKind(),
      publicUrl: 'http://opf.test',
      adminToken: ADMIN_TOKEN,
      identity: { config: TEST_IDENTITY_CONFIG },
      reports: { now: () => new Date('2026-11-20T10:30:00Z') },
    },
    { checkResponses: true },
  );
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  server = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

describe('GET /api/v1/projects/{name}/report', () => {
  it('reads from the store exactly the report the fixed snapshot builds', async () => {
    const res = await get(`/api/v1/projects/aurora/report?${WEEK}`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual(JSON.parse(JSON.stringify(buildProjectReport(fixedSnapshot()))));
    // Byte for byte the same the second time, signed in or not.
    expect((await get(`/api/v1/projects/aurora/report?${WEEK}`, AUTH)).body).toBe(res.body);
  });

  it('gives the Markdown of the golden file', async () => {
    const res = await get(`/api/v1/projects/aurora/report.md?${WEEK}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.body).toBe(readFileSync(new URL('./testdata/aurora.md', import.meta.url), 'utf8'));
  });

  it('defaults to the 30 days before today (UTC)', async () => {
    const res = await get('/api/v1/projects/aurora/report');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      from: '2026-10-21T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      coverage: { hours: 720, missingHours: 720 - 162 },
    });
  });

  it('refuses bad ranges and unknown projects with stable codes', async () => {
    for (const query of [
      'from=yesterday&to=2026-11-08',
      'from=2026-11-08&to=2026-11-01',
      'from=2026-11-01&to=2026-11-01',
      'from=2026-11-01&to=2027-01-01',
      'from=2025-01-01&to=2026-11-08',
      'from=2026-11-01T00:00&to=2026-11-08',
      'from=2026-02-30&to=2026-11-08',
    ])
      expectError(
        await get(`/api/v1/projects/aurora/report?${query}`),
        400,
        'OPF_ERR_REPORT_RANGE_INVALID',
      );
    expectError(
      await get(`/api/v1/projects/aurora/report?${WEEK}&days=3`),
      400,
      'OPF_ERR_UNKNOWN_KEY',
    );
    expectError(
      await get(`/api/v1/projects/nobody/report?${WEEK}`),
      404,
      'OPF_ERR_REPORT_PROJECT_UNKNOWN',
    );
    expectError(await get('/api/v1/report?to=2026-13-01'), 400, 'OPF_ERR_REPORT_RANGE_INVALID');
  });
});

describe('GET /api/v1/report (the cloud’s)', () => {
  it('gives top consumers, idle quota, incidents per cluster, lead time and projects at risk', async () => {
    const res = await get(`/api/v1/report?${WEEK}`);
    expect(res.statusCode, res.body).toBe(200);
    const report = res.json();
    expect(report.coverage).toMatchObject({ hours: 168, missingHours: 6 });
    expect(report.topConsumers[0]).toEqual({
      project: 'peer-5',
      sample: false,
      namespaces: 1,
      cpuP95: 1.5,
      cpuMax: 1.5,
      memoryMax: 7 * GI,
      cpuLimit: null,
      memoryLimit: null,
    });
    expect(report.topConsumers.find((c: { project: string }) => c.project === 'aurora')).toEqual({
      project: 'aurora',
      sample: false,
      namespaces: 2,
      cpuP95: 0.61,
      cpuMax: 0.61,
      memoryMax: 4 * GI + 100 * 1024 ** 2,
      cpuLimit: 3,
      memoryLimit: 12 * GI,
    });
    expect(report.idleQuota.namespaces.map((n: { namespace: string }) => n.namespace)).toEqual([
      'aurora-dev',
      'aurora-prod',
    ]);
    expect(report.idleQuota).toMatchObject({ cpu: 1.99 + 0.4, memory: 8 * GI - 100 * 1024 ** 2 });
    expect(report.incidentsPerCluster).toEqual([
      { cluster: 'moc/smaug', incidents: 2, critical: 0, major: 1, minor: 1, hours: 9.5 },
    ]);
    expect(report.onboarding).toMatchObject({
      activated: 1,
      leadTimeDays: { p50: 3.5, p95: 3.5, max: 3.5 },
    });
    expect(report.projectsAtRisk.map((p: { project: string }) => p.project)).toContain('aurora');
    const md = await get(`/api/v1/report.md?${WEEK}`);
    expect(md.body).toContain('## Top consumers');
    expect(md.body).toContain('| moc/smaug | 2 | 0 | 1 | 1 | 9 h 30 min |');
  });
});

/** `opf …` in-process against the listening server; what it printed and its exit code. */
async function opf(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, {
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    env: { OPF_SERVER: server },
    cwd: '/',
  });
  return { code, out: out.join(''), err: err.join('\n') };
}

describe('opf report', () => {
  const week = ['--from', '2026-11-01', '--to', '2026-11-08'];

  it('PROJECT --json prints the interface the acceptance checks use', async () => {
    const run = await opf('report', 'aurora', ...week, '--json');
    expect(run.code, run.err).toBe(0);
    const report = JSON.parse(run.out);
    expect(report).toEqual(JSON.parse(JSON.stringify(buildProjectReport(fixedSnapshot()))));
    expect(Object.keys(report.namespaces[0].cpu)).toEqual(
      expect.arrayContaining(['p50', 'p95', 'max', 'limit']),
    );
    expect(Object.keys(report.findings[0])).toEqual(
      expect.arrayContaining(['kind', 'severity', 'message', 'suggestion']),
    );
    const again = await opf('report', 'aurora', ...week, '--format', 'json');
    expect(again.out).toBe(run.out);
  });

  it('prints the Markdown of the golden file by default, and the cloud’s with --cloud', async () => {
    const run = await opf('report', 'aurora', ...week);
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe(readFileSync(new URL('./testdata/aurora.md', import.meta.url), 'utf8'));
    const cloud = await opf('report', '--cloud', ...week, '--format', 'md');
    expect(cloud.code, cloud.err).toBe(0);
    expect(cloud.out).toContain('# The cloud from 2026-11-01 to 2026-11-08');
    const cloudJson = await opf('--json', 'report', '--cloud', ...week);
    expect(JSON.parse(cloudJson.out).onboarding.activated).toBe(1);
  });

  it('says what is wrong with a stable code and a non-zero exit', async () => {
    const bad = await opf('report', 'aurora', '--from', 'last-week');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('OPF_ERR_REPORT_RANGE_INVALID');
    const unknown = await opf('report', 'nobody', ...week);
    expect(unknown.err).toContain('OPF_ERR_REPORT_PROJECT_UNKNOWN');
    const neither = await opf('report');
    expect(neither.err).toContain('OPF_ERR_VALIDATION');
    const format = await opf('report', 'aurora', '--format', 'pdf');
    expect(format.err).toContain('OPF_ERR_USAGE');
  });
});

describe('the monthly message and its opt-out', () => {
  const sentAt = new Date('2026-12-01T06:00:00Z');
  const ctx = () => ({
    db: database.db,
    publicUrl: 'http://opf.test',
    margin: 0.15,
    includeWithheld: false,
    engagement: {
      db: database.db,
      publicUrl: 'http://opf.test',
      settings: DEFAULT_ENGAGEMENT_SETTINGS,
      incidents: NO_INCIDENT_SOURCE,
      now: () => sentAt,
    },
  });

  it('goes out on the 1st at 06:00 UTC with the month before', () => {
    expect(nextSendTime(new Date('2026-11-20T10:00:00Z')).toISOString()).toBe(
      '2026-12-01T06:00:00.000Z',
    );
    expect(nextSendTime(new Date('2026-12-01T06:00:00Z')).toISOString()).toBe(
      '2027-01-01T06:00:00.000Z',
    );
    expect(previousMonth(sentAt)).toMatchObject({ key: '2026-11' });
  });

  it('a team that turned it off gets none; the others get last month’s report once; the cloud’s is on the agenda', async () => {
    expectError(
      await app.inject({
        method: 'PUT',
        url: '/api/v1/projects/peer-1/report-settings',
        payload: { monthlyMessage: 'no' },
        headers: AUTH,
      }),
      400,
      'OPF_ERR_VALIDATION',
    );
    const off = await opf('--token', ADMIN_TOKEN, 'report', 'peer-1', '--monthly-message', 'off');
    expect(off.code, off.err).toBe(0);
    expect(off.out).toBe('peer-1: the monthly report message is off');
    expect((await get('/api/v1/projects/peer-1/report-settings')).json()).toMatchObject({
      monthlyMessage: false,
      updatedBy: 'admin',
    });

    const sent = await sendMonthlyReports(ctx(), sentAt);
    expect(sent).toEqual(['aurora', 'peer-2', 'peer-3', 'peer-4', 'peer-5']);
    expect(await sendMonthlyReports(ctx(), sentAt)).toEqual([]);
    const announcements = await listAnnouncements({ tx: database.db }, 50);
    const aurora = announcements.find((a) => a.title.startsWith('aurora:'));
    expect(announcements.some((a) => a.title.startsWith('peer-1:'))).toBe(false);
    expect(aurora?.title).toMatch(/^aurora: how it ran in 2026-11 \(\d+ findings\)$/);
    expect(aurora?.body).toContain('# aurora: how it ran from 2026-11-01 to 2026-12-01');
    expect(aurora?.body).toContain('opf report aurora --monthly-message off');
    const items = await Promise.all(
      ['2026-12-02', '2026-12-09', '2026-12-16'].map((d) =>
        listAgendaItems({ tx: database.db }, 'coordination', d),
      ),
    );
    const linked = items.flat().filter((i) => i.title === 'The cloud’s report for 2026-11');
    expect(linked).toHaveLength(1);
    expect(linked[0]!.notes).toContain(
      'http://opf.test/api/v1/report.md?from=2026-11-01&to=2026-12-01',
    );
  });
});
