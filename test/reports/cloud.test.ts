/**
 * The cloud's report over the fixed week cut by the hourly retention (cloud-fixture.ts):
 * the days past it are read from the daily rollups, as a project's report reads them, and
 * the report says which days used which; a gap stays a gap; the Markdown is a golden file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENGAGEMENT_SETTINGS, NO_INCIDENT_SOURCE } from '../../src/engagement/index.ts';
import {
  buildCloudReport,
  type CloudReport,
  cloudReport,
  renderCloudReportMarkdown,
} from '../../src/reports/index.ts';
import {
  applyTelemetryRetention,
  type Database,
  rollupTelemetryDays,
} from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { CUT, fixedCloudSnapshot } from './cloud-fixture.ts';
import { FROM, GI, MI, PROD_MEMORY, TO } from './fixture.ts';
import { seedFixedWeek } from './seed-store.ts';

const GOLDEN = new URL('./testdata/cloud.md', import.meta.url);

describe('the cloud’s report over a range half beyond the hourly retention', () => {
  const report = buildCloudReport(fixedCloudSnapshot());

  it('reads the rollups for the days before the cut and says which days used which', () => {
    expect(report.granularity).toEqual({ hourlyDays: 4, dailyDays: 3 });
    expect(report.clusters.map((c) => [c.cluster, c.hourlyDays, c.dailyDays])).toEqual([
      ['moc/infra', 4, 3],
      ['moc/smaug', 4, 3],
    ]);
    expect(report.clusters[1]!.days.map((d) => d.source)).toEqual([
      'daily',
      'daily',
      'daily',
      'hourly',
      'hourly',
      'hourly',
      'hourly',
    ]);
  });

  it('gives the expected figures: p95 over the hourly rows, peaks and limits over both', () => {
    // aurora's p95 (0.6 + 0.01) is over the four hourly days; the peers' only hour is in a
    // rollup now, so they have peaks and no p95, and rank after every project with one.
    expect(report.topConsumers.map((c) => [c.project, c.cpuP95, c.cpuMax])).toEqual([
      ['aurora', 0.61, 0.61],
      ['peer-5', null, 1.5],
      ['peer-4', null, 1],
      ['peer-3', null, 0.9],
      ['peer-2', null, 0.4],
      ['peer-1', null, 0.2],
    ]);
    expect(report.topConsumers[0]).toEqual({
      project: 'aurora',
      sample: false,
      namespaces: 2,
      cpuP95: 0.61,
      cpuMax: 0.61,
      memoryMax: 4 * GI + 100 * MI,
      cpuLimit: 3,
      memoryLimit: 12 * GI,
    });
    expect(report.idleQuota).toMatchObject({ cpu: 2.39, memory: 8 * GI - 100 * MI });
    expect(report.idleQuota.namespaces.map((n) => [n.namespace, n.cpuBasis, n.idleCpu])).toEqual([
      ['aurora-dev', 'p95', 1.99],
      ['aurora-prod', 'p95', 0.4],
    ]);
  });

  it('a rollup’s peak counts, and a namespace with only rollups is idle by its peak', () => {
    const snapshot = fixedCloudSnapshot();
    const dev = snapshot.namespaces.find((n) => n.namespace === 'aurora-dev')!;
    dev.daily[0]!.cpuMax = 1.5;
    const prod = snapshot.namespaces.find((n) => n.namespace === 'aurora-prod')!;
    Object.assign(prod, { hours: 0, cpuP95: null, cpuMax: null, memoryMax: null });
    Object.assign(prod, { cpuLimit: null, memoryLimit: null });
    const changed = buildCloudReport(snapshot);
    const aurora = changed.topConsumers.find((c) => c.project === 'aurora')!;
    // dev's p95 alone; the peaks: dev's rollup 1.5 plus prod's rollup peak 0.6, and prod's
    // memory peak before the cut (its days at the limit came after it); its limit the rollup's.
    expect(aurora).toMatchObject({
      cpuP95: 0.01,
      cpuMax: 2.1,
      cpuLimit: 3,
      memoryMax: PROD_MEMORY + 100 * MI,
    });
    expect(changed.idleQuota.namespaces.find((n) => n.namespace === 'aurora-prod')).toMatchObject({
      cpuBasis: 'peak',
      idleCpu: 0.4,
      idleMemory: 4 * GI - PROD_MEMORY,
    });
  });

  it('keeps a gap a gap: the six hours on a rollup day are missing, not averaged over', () => {
    expect(report.coverage).toEqual({
      hours: 168,
      missingHours: 6,
      gaps: [{ cluster: 'moc/smaug', from: '2026-11-03T00:00:00.000Z', to: CUT, hours: 6 }],
    });
    const smaug = report.clusters.find((c) => c.cluster === 'moc/smaug')!;
    expect(smaug.missingHours).toBe(6);
    expect(smaug.days[2]).toEqual({
      day: '2026-11-03',
      source: 'daily',
      hours: 24,
      missingHours: 6,
    });
    // An hourly gap after the cut stays a run of hours on its day.
    const snapshot = fixedCloudSnapshot();
    snapshot.harvested[1]!.hours = snapshot.harvested[1]!.hours.filter(
      (h) => !h.startsWith('2026-11-06T0'),
    );
    const gapped = buildCloudReport(snapshot);
    expect(gapped.coverage.missingHours).toBe(16);
    expect(gapped.coverage.gaps.find((g) => g.cluster === 'moc/infra')).toEqual({
      cluster: 'moc/infra',
      from: '2026-11-06T00:00:00.000Z',
      to: '2026-11-06T10:00:00.000Z',
      hours: 10,
    });
    const infra = gapped.clusters.find((c) => c.cluster === 'moc/infra')!;
    expect(infra.days[5]).toEqual({
      day: '2026-11-06',
      source: 'hourly',
      hours: 24,
      missingHours: 10,
    });
  });

  it('is the same byte for byte, whatever order the data came in', () => {
    const shuffled = fixedCloudSnapshot();
    shuffled.namespaces.reverse();
    for (const n of shuffled.namespaces) n.daily.reverse();
    shuffled.harvested.reverse();
    shuffled.incidents.reverse();
    const again: CloudReport = buildCloudReport(shuffled);
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    expect(renderCloudReportMarkdown(again)).toBe(renderCloudReportMarkdown(report));
  });

  it('renders the Markdown of the golden file', () => {
    const markdown = renderCloudReportMarkdown(report);
    // OPF_UPDATE_GOLDEN=1 rewrites the golden file; review its diff before committing.
    if (process.env.OPF_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));
    expect(markdown).toContain('Granularity: hourly rows for 4 days, daily rollups for 3 days');
  });
});

describe('the cloud’s report read from the store after the hourly retention', () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
    await seedFixedWeek(database.db);
    await database.db.transaction().execute(async (tx) => {
      for (const cluster of ['moc/smaug', 'moc/infra'])
        await rollupTelemetryDays({ tx }, cluster, new Date(FROM), new Date(TO));
      await applyTelemetryRetention(
        { tx },
        { hourlyBefore: new Date(CUT), dailyBefore: new Date('2026-01-01T00:00:00Z') },
      );
    });
  }, 60_000);
  afterAll(async () => {
    await database?.close();
  });

  it('is the report the fixed snapshot builds', async () => {
    const read = await cloudReport(
      { db: database.db, margin: 0.15, includeWithheld: false },
      { from: new Date(FROM), to: new Date(TO) },
      {
        db: database.db,
        publicUrl: 'http://opf.test',
        settings: DEFAULT_ENGAGEMENT_SETTINGS,
        incidents: NO_INCIDENT_SOURCE,
        now: () => new Date(TO),
      },
    );
    const built = buildCloudReport(fixedCloudSnapshot());
    const telemetry = (r: CloudReport) =>
      JSON.parse(
        JSON.stringify({
          coverage: r.coverage,
          granularity: r.granularity,
          clusters: r.clusters,
          topConsumers: r.topConsumers,
          idleQuota: r.idleQuota,
          incidentsPerCluster: r.incidentsPerCluster,
        }),
      );
    expect(telemetry(read)).toEqual(telemetry(built));
  });
});
