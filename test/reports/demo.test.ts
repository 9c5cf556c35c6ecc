/**
 * The reports on the embedded default's demo data (src/seed): the telemetry demo project's
 * month of sample usage must show in the cloud's report and the project's, labelled as
 * sample data (the defect: the cloud's report said no project usage was harvested).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENGAGEMENT_SETTINGS, NO_INCIDENT_SOURCE } from '../../src/engagement/index.ts';
import {
  cloudReport,
  projectReport,
  renderCloudReportMarkdown,
  renderProjectReportMarkdown,
} from '../../src/reports/index.ts';
import { DEMO_PROJECT, seedDemoProject } from '../../src/seed/demo-telemetry.ts';
import { applyTelemetryRetention, type Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';

let database: Database;
// The seed runs "now"; the default period ends at the midnight before it.
const NOW = new Date('2026-11-20T10:30:00Z');
const RANGE = { from: new Date('2026-10-21T00:00:00Z'), to: new Date('2026-11-20T00:00:00Z') };

beforeAll(async () => {
  database = await openTestDatabase();
  await database.db.transaction().execute((tx) => seedDemoProject(tx, NOW));
}, 60_000);
afterAll(async () => {
  await database?.close();
});

const ctx = (includeWithheld: boolean) => ({ db: database.db, margin: 0.15, includeWithheld });
const engagement = () => ({
  db: database.db,
  publicUrl: 'http://opf.test',
  settings: DEFAULT_ENGAGEMENT_SETTINGS,
  incidents: NO_INCIDENT_SOURCE,
  now: () => NOW,
});

describe('the reports on the demo data', () => {
  it('the cloud’s report lists the demo project among the top consumers, marked as sample data', async () => {
    for (const includeWithheld of [false, true]) {
      const report = await cloudReport(ctx(includeWithheld), RANGE, engagement());
      expect(report.topConsumers.map((c) => [c.project, c.namespaces, c.sample])).toEqual([
        [DEMO_PROJECT.project, 2, true],
      ]);
      expect(report.idleQuota.namespaces.map((n) => [n.namespace, n.sample])).toHaveLength(2);
      const md = renderCloudReportMarkdown(report);
      expect(md).not.toContain('No project usage was harvested');
      expect(md).toContain(`| ${DEMO_PROJECT.project} (sample data) | 2 |`);
    }
  });

  it('the project’s report reads its month and says it is sample data', async () => {
    const report = await projectReport(ctx(false), DEMO_PROJECT.project, RANGE);
    expect(report.namespaces.map((n) => n.coverage.hours - n.coverage.missingHours)).toEqual([
      30 * 24 - 10,
      30 * 24 - 10,
    ]);
    expect(report.sample).toBe(true);
    expect(renderProjectReportMarkdown(report)).toContain('sample data');
  });

  // Last: it drops the hourly rows before 2026-11-01, as the retention job would.
  it('past the hourly retention, reads the daily rollups: the same days, said to be daily', async () => {
    const before = await projectReport(ctx(false), DEMO_PROJECT.project, RANGE);
    await applyTelemetryRetention(
      { tx: database.db },
      { hourlyBefore: new Date('2026-11-01T00:00:00Z'), dailyBefore: new Date('2026-01-01') },
    );
    const after = await projectReport(ctx(false), DEMO_PROJECT.project, RANGE);
    expect(before.coverage.gaps.map((g) => [g.from, g.to, g.hours])).toEqual([
      ['2026-10-21T00:00:00.000Z', '2026-10-21T10:00:00.000Z', 10],
    ]);
    // The same hours missing; a rollup day cannot say which of its hours, so the gap is the day.
    expect(after.coverage.missingHours).toBe(before.coverage.missingHours);
    expect(after.coverage.gaps.map((g) => [g.from, g.to, g.hours])).toEqual([
      ['2026-10-21T00:00:00.000Z', '2026-10-22T00:00:00.000Z', 10],
    ]);
    for (const [i, ns] of after.namespaces.entries()) {
      const was = before.namespaces[i]!;
      expect(ns.granularity).toEqual({ hourlyDays: 19, dailyDays: 11 });
      expect(was.granularity).toEqual({ hourlyDays: 30, dailyDays: 0 });
      expect(ns.coverage).toEqual(was.coverage);
      // Day by day the same peaks, limits, sums and storage, now from the rollups.
      const figures = (d: (typeof ns.days)[number]) => ({ ...d, source: undefined });
      expect(ns.days.map(figures)).toEqual(was.days.map(figures));
      expect(ns.days.filter((d) => d.source === 'daily').map((d) => d.day)).toEqual(
        was.days.slice(0, 11).map((d) => d.day),
      );
      expect(ns.cpu.max).toBe(was.cpu.max);
      expect(ns.memory.max).toBe(was.memory.max);
      expect(ns.restarts).toEqual(was.restarts);
      // A rollup day's storage is its peak: the first figure is the first day's.
      expect(ns.storage.first).toBe(was.days[0]!.storageUsed);
      expect(ns.storage.last).toBe(was.storage.last);
    }
  });
});
