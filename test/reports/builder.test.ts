import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  buildProjectReport,
  type ProjectReport,
  renderProjectReportMarkdown,
} from '../../src/reports/index.ts';
import { FROM, fixedSnapshot, GI, MI, PROD_MEMORY, TO } from './fixture.ts';

const GOLDEN = new URL('./testdata/aurora.md', import.meta.url);

describe('a project report over the fixed data set', () => {
  const report = buildProjectReport(fixedSnapshot());
  const ns = (name: string) => report.namespaces.find((n) => n.namespace === name)!;

  it('gives the interface the acceptance checks use, CPU in cores and memory in bytes', () => {
    expect(report).toMatchObject({ project: 'aurora', from: FROM, to: TO });
    expect(report.coverage).toMatchObject({ hours: 168, missingHours: 6 });
    expect(report.namespaces.map((n) => [n.cluster, n.namespace])).toEqual([
      ['moc/infra', 'aurora-dev'],
      ['moc/smaug', 'aurora-prod'],
    ]);
    const prod = ns('aurora-prod');
    expect(prod.cpu).toMatchObject({ p50: 0.3, p95: 0.6, max: 0.6, limit: 1 });
    expect(prod.memory).toMatchObject({
      p50: PROD_MEMORY,
      p95: PROD_MEMORY,
      max: 4 * GI,
      limit: 4 * GI,
    });
    expect(prod.recommendedTier).toBe('medium');
    expect(ns('aurora-dev').cpu).toMatchObject({ p50: 0.01, p95: 0.01, max: 0.01, limit: 2 });
    expect(ns('aurora-dev').memory).toMatchObject({ max: 100 * MI, limit: 8 * GI });
    expect(ns('aurora-dev').recommendedTier).toBe('x-small');
  });

  it('finds exactly what the data shows, worst first', () => {
    expect(report.findings.map((f) => [f.severity, f.kind, f.namespace])).toEqual([
      ['critical', 'memory-limit-reached', 'aurora-prod'],
      ['warning', 'incident', null],
      ['warning', 'notice-overdue', null],
      ['warning', 'oom-kills', 'aurora-prod'],
      ['warning', 'right-size', 'aurora-prod'],
      ['warning', 'storage-growth', 'aurora-prod'],
      ['info', 'coverage-gap', null],
      ['info', 'idle', 'aurora-dev'],
      ['info', 'incident', null],
      ['info', 'notice-acknowledgement', null],
      ['info', 'pods-never-ready', 'aurora-prod'],
      ['info', 'restarts', 'aurora-prod'],
      ['info', 'right-size', 'aurora-dev'],
    ]);
    const memory = report.findings[0]!;
    expect(memory.message).toBe(
      'The memory limit (4 GiB) was reached on 2 days and p95 is 92% of the limit.',
    );
    expect(memory.suggestion).toContain('raise the memory limit (the medium tier covers it');
    expect(memory.data.days).toEqual([
      { day: '2026-11-05', hours: 4 },
      { day: '2026-11-06', hours: 4 },
    ]);
    const prod = ns('aurora-prod');
    expect(prod.restarts).toEqual({ total: 5, worstDay: { day: '2026-11-05', count: 3 } });
    expect(prod.oomKills).toEqual({ total: 2, worstDay: { day: '2026-11-05', count: 2 } });
    // 2 + 2 + 1 pod-hours on the 4th (09:00–12:00); every harvested hour measured it.
    expect(prod.podsNeverReady).toEqual({
      podHours: 5,
      hours: 3,
      peak: 2,
      worstDay: { day: '2026-11-04', count: 5 },
      measuredHours: 162,
    });
    expect(prod.days.find((d) => d.day === '2026-11-04')?.podsNeverReady).toBe(5);
    const stuck = report.findings.find((f) => f.kind === 'pods-never-ready')!;
    expect(stuck.message).toBe(
      'Pods never became ready in 3 hours (5 pod-hours, at most 2 at once); the worst day was 2026-11-04 with 5 pod-hours.',
    );
    expect(stuck.suggestion).toContain('readiness probes of the pods of 2026-11-04');
    // The dev namespace's hours carry no readiness figure: said, not taken as zero.
    expect(ns('aurora-dev').podsNeverReady).toMatchObject({ podHours: 0, measuredHours: 0 });
    expect(report.notMeasured).toEqual([
      expect.stringContaining('Pods that never became ready, in 168 of the namespace-hours'),
    ]);
    expect(prod.storage).toMatchObject({ first: 10 * GI, last: 16 * GI, growth: 6 * GI });
    expect(report.findings.find((f) => f.kind === 'storage-growth')?.data.daysToFull).toBe(4);
    expect(prod.peers).toEqual({
      tier: 'small',
      namespaces: 4,
      cpuPercentile: 75,
      memoryPercentile: 75,
    });
    expect(report.incidents.map((i) => [i.id, i.durationHours, i.resolvedAt])).toEqual([
      [7, 5.5, '2026-11-03T15:30:00.000Z'],
      [9, 4, null],
    ]);
    expect(report.notices.map((n) => [n.id, n.hoursToAcknowledge, n.overdue])).toEqual([
      [2, 24, false],
      [4, null, true],
    ]);
    expect(report.noticeAcknowledgementHours).toBe(24);
  });

  it('shows a gap as a gap: counted, listed, and never averaged over', () => {
    expect(report.coverage.gaps).toEqual([
      {
        cluster: 'moc/smaug',
        from: '2026-11-03T10:00:00.000Z',
        to: '2026-11-03T16:00:00.000Z',
        hours: 6,
      },
    ]);
    const day = ns('aurora-prod').days.find((d) => d.day === '2026-11-03')!;
    expect(day).toMatchObject({ hours: 18, missingHours: 6 });
    expect(ns('aurora-dev').coverage.missingHours).toBe(0);

    // A whole day lost: that day has no figures at all (null), not zeros or a mean of its neighbours.
    const snapshot = fixedSnapshot();
    const lost = (h: string) => h.startsWith('2026-11-04');
    snapshot.harvested[0]!.hours = snapshot.harvested[0]!.hours.filter((h) => !lost(h));
    snapshot.namespaces[0]!.hours = snapshot.namespaces[0]!.hours.filter((h) => !lost(h.hour));
    const gapped = buildProjectReport(snapshot);
    const prod = gapped.namespaces.find((n) => n.namespace === 'aurora-prod')!;
    expect(prod.days.find((d) => d.day === '2026-11-04')).toEqual({
      day: '2026-11-04',
      source: null,
      hours: 0,
      missingHours: 24,
      cpuMax: null,
      cpuLimit: null,
      memoryMax: null,
      memoryLimit: null,
      storageUsed: null,
      restarts: null,
      oomKills: null,
      podsNeverReady: null,
    });
    expect(gapped.coverage).toMatchObject({ hours: 168, missingHours: 30 });
    expect(gapped.coverage.gaps.map((g) => [g.from, g.hours])).toEqual([
      ['2026-11-03T10:00:00.000Z', 6],
      ['2026-11-04T00:00:00.000Z', 24],
    ]);
    // The idle namespace needs every hour harvested to be called idle: a gap withholds it.
    snapshot.harvested[1]!.hours = snapshot.harvested[1]!.hours.slice(1);
    expect(buildProjectReport(snapshot).findings.map((f) => f.kind)).not.toContain('idle');
  });

  it('reads the daily rollups for the days without hourly rows, and says which days used which', () => {
    // The first two days are past the hourly retention: no hourly rows, no hour record,
    // only their rollups (the second made from 20 hours, and at its memory limit).
    const snapshot = fixedSnapshot();
    const old = (h: string) => h < '2026-11-03';
    snapshot.harvested[0]!.hours = snapshot.harvested[0]!.hours.filter((h) => !old(h));
    const prodInput = snapshot.namespaces[0]!;
    prodInput.hours = prodInput.hours.filter((h) => !old(h.hour));
    const rollup = {
      quotaCpu: 1,
      quotaMemory: 4 * GI,
      quotaStorage: 20 * GI,
      podsNeverReadyMax: 2,
    };
    prodInput.daily = [
      {
        day: '2026-11-01',
        hours: 24,
        cpuMax: 0.9,
        memoryMax: 2 * GI,
        storageUsed: 9 * GI,
        restarts: 7,
        oomKills: 0,
        podsNeverReady: 4,
        ...rollup,
      },
      {
        day: '2026-11-02',
        hours: 20,
        cpuMax: 0.5,
        memoryMax: 4 * GI,
        storageUsed: 9.5 * GI,
        restarts: 0,
        oomKills: 1,
        podsNeverReady: 0,
        ...rollup,
      },
      // A day that has hourly rows too: the hourly rows win, the rollup is not read.
      {
        day: '2026-11-04',
        hours: 24,
        cpuMax: 9,
        memoryMax: 9 * GI,
        storageUsed: 9 * GI,
        restarts: 99,
        oomKills: 99,
        podsNeverReady: 99,
        ...rollup,
      },
    ];
    const report = buildProjectReport(snapshot);
    const prod = report.namespaces.find((n) => n.namespace === 'aurora-prod')!;
    expect(prod.granularity).toEqual({ hourlyDays: 5, dailyDays: 2 });
    expect(prod.days.map((d) => d.source)).toEqual([
      'daily',
      'daily',
      'hourly',
      'hourly',
      'hourly',
      'hourly',
      'hourly',
    ]);
    expect(prod.days[1]).toEqual({
      day: '2026-11-02',
      source: 'daily',
      hours: 20,
      missingHours: 4,
      cpuMax: 0.5,
      cpuLimit: 1,
      memoryMax: 4 * GI,
      memoryLimit: 4 * GI,
      storageUsed: 9.5 * GI,
      restarts: 0,
      oomKills: 1,
      podsNeverReady: 0,
    });
    // 24 + 20 hours from the rollups, 5 × 24 − 6 from the hourly rows: not counted missing.
    expect(prod.coverage).toEqual({ hours: 168, missingHours: 4 + 6 });
    expect(report.coverage.missingHours).toBe(10);
    expect(report.coverage.gaps.map((g) => [g.cluster, g.from, g.hours])).toEqual([
      ['moc/smaug', '2026-11-02T00:00:00.000Z', 4],
      ['moc/smaug', '2026-11-03T10:00:00.000Z', 6],
    ]);
    // Peaks over both, p95 over the hourly rows only; the rollup's limit day has no hour count.
    expect(prod.cpu).toMatchObject({ p95: 0.6, max: 0.9 });
    expect(prod.memory.daysLimitReached[0]).toEqual({ day: '2026-11-02', hours: null });
    expect(prod.restarts).toEqual({ total: 12, worstDay: { day: '2026-11-01', count: 7 } });
    expect(prod.oomKills.total).toBe(3);
    expect(prod.podsNeverReady).toMatchObject({ podHours: 9, peak: 2, measuredHours: 44 + 114 });
    expect(prod.storage).toMatchObject({ first: 9 * GI, last: 16 * GI });
    expect(renderProjectReportMarkdown(report)).toContain(
      'Granularity: hourly rows for 5 days, daily rollups for 2 days (older than the hourly retention)',
    );
  });

  it('is the same byte for byte, whatever order the data came in', () => {
    const shuffled = fixedSnapshot();
    shuffled.namespaces.reverse();
    for (const n of shuffled.namespaces) n.hours.reverse();
    shuffled.incidents.reverse();
    shuffled.notices.reverse();
    shuffled.harvested.reverse();
    const again: ProjectReport = buildProjectReport(shuffled);
    expect(JSON.stringify(again)).toBe(JSON.stringify(report));
    expect(renderProjectReportMarkdown(again)).toBe(renderProjectReportMarkdown(report));
  });

  it('renders the Markdown of the golden file', () => {
    const markdown = renderProjectReportMarkdown(report);
    // OPF_UPDATE_GOLDEN=1 rewrites the golden file; review its diff before committing.
    if (process.env.OPF_UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, markdown);
    expect(markdown).toBe(readFileSync(GOLDEN, 'utf8'));
  });

  it('reports a project without telemetry honestly: every hour missing, no figures', () => {
    const empty = buildProjectReport({
      ...fixedSnapshot(),
      harvested: [],
      namespaces: [
        { namespace: 'aurora-prod', cluster: 'moc/smaug', tier: 'small', hours: [], daily: [] },
      ],
      incidents: [],
      notices: [],
    });
    expect(empty.coverage).toMatchObject({ hours: 168, missingHours: 168 });
    expect(empty.namespaces[0]!.cpu).toMatchObject({
      p50: null,
      p95: null,
      max: null,
      limit: null,
    });
    expect(empty.namespaces[0]!.recommendedTier).toBeNull();
    expect(empty.findings.map((f) => [f.kind, f.severity])).toEqual([['coverage-gap', 'warning']]);
  });
});
