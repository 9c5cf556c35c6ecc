import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TELEMETRY_METRICS } from '../../src/core/index.ts';
import { projectReport } from '../../src/reports/index.ts';
import type { Database } from '../../src/store/index.ts';
import { fromReal, listTelemetryGaps } from '../../src/store/index.ts';
import {
  DEFAULT_TELEMETRY_SETTINGS,
  datasetParquet,
  datasetRows,
  harvestClusterNow,
  harvestRange,
  namespaceUsage,
  projectUsage,
  type TelemetrySettings,
  writeCsv,
} from '../../src/telemetry/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { missingPrograms, needsProgram } from '../support/system-programs.ts';
import {
  backfill,
  type RunningPrometheus,
  type SyntheticNamespace,
  startPrometheus,
  writeOpenMetrics,
  writeQuotaFamily,
} from './synthetic.ts';

/** Gamma's hours with a pod that never became ready (stuck-0), by hand: 1 pod in each. */
const NEVER_READY_HOURS = new Set([0, 1, 2, 24, 25, 26]);

/** The metric columns as stored (real), read exactly (float8). */
const FLOAT8 = sql.raw(
  TELEMETRY_METRICS.map((m) => `h.${m.column}::float8 as ${m.column}`).join(', '),
);
const HOUR = 3_600_000;
const DAY = 86_400_000;
const MI = 2 ** 20;
const GI = 2 ** 30;
const HOURS = 14 * 24;

/**
 * Three namespaces over 14 days with figures chosen so p50, p95, peaks and the
 * recommendations can be worked out by hand (nearest-rank percentiles over 336 hours:
 * p95 is the 320th smallest value, p50 the 168th).
 */
const NAMESPACES: SyntheticNamespace[] = [
  {
    // CPU cycles 0.25, 0.5, 0.75, 1 (84 hours each): p50 0.5, p95 1. Memory 1Gi + 0..7 × 64Mi:
    // peak 1472Mi. Its quota (small: 1 core, 4Gi) is full one hour a day: exhausted, 14 hours.
    name: 'alpha',
    cpu: (i) => 0.25 + 0.25 * (i % 4),
    memory: (i) => GI + 64 * MI * (i % 8),
    quota: { cpu: 1, memory: 4 * GI },
    cpuLimitsUsed: (i) => (i % 24 === 0 ? 1 : 0.5),
  },
  {
    // Nearly nothing against a medium quota (2 cores, 8Gi) for 14 days: idle.
    name: 'beta',
    cpu: () => 0.0625,
    memory: () => 128 * MI,
    quota: { cpu: 2, memory: 8 * GI },
    cpuLimitsUsed: () => 0.5,
    // A finished Job's pod: never ready, by design; not counted as never ready.
    pods: [{ pod: 'job-0', ready: () => 0, succeeded: true }],
  },
  {
    // 2 cores, and 3.5 every tenth hour (34 of 336): p95 3.5; 6Gi flat. 3.5 × 1.15 = 4.025
    // cores is over the large tier (4): custom, 4030m and 6Gi × 1.15 = 7065.6Mi → 7066Mi.
    name: 'gamma',
    cpu: (i) => (i % 10 === 0 ? 3.5 : 2),
    memory: () => 6 * GI,
    quota: { cpu: 4, memory: 16 * GI },
    cpuLimitsUsed: () => 3,
    pods: [
      // Never ready: exists in hours 0–2 of the first two days only (6 hours, 1 pod each).
      { pod: 'stuck-0', ready: (i) => (i < 48 && i % 24 < 3 ? 0 : null) },
      // Not ready at the hour's first sample, ready at its second: became ready, not counted.
      { pod: 'slow-0', ready: (_i, k) => (k === 0 ? 0 : 1) },
    ],
  },
];

// A fixed history, so the backfilled blocks can be cached between runs (synthetic.ts).
const start = new Date('2026-11-02T00:00:00Z');
const end = new Date(start.getTime() + HOURS * HOUR);
let prometheus: RunningPrometheus;
let database: Database;
let settings: TelemetrySettings;

const missing = missingPrograms().some((p) => p.name === 'prometheus');

beforeAll(async () => {
  if (missing) return;
  const dir = mkdtempSync(join(tmpdir(), 'opf-telemetry-'));
  const seconds = start.getTime() / 1000;
  await writeOpenMetrics(join(dir, 'main.om'), NAMESPACES, seconds, HOURS, 2);
  await writeQuotaFamily(join(dir, 'quota.om'), NAMESPACES, seconds, HOURS, 2);
  await backfill([join(dir, 'main.om'), join(dir, 'quota.om')], join(dir, 'tsdb'));
  prometheus = await startPrometheus(join(dir, 'tsdb'));
  database = await openTestDatabase();
  settings = {
    ...DEFAULT_TELEMETRY_SETTINGS,
    sources: [
      { cluster: 'moc/smaug', url: prometheus.url },
      { cluster: 'moc/infra', url: prometheus.url },
    ],
    chunkHours: 24,
    concurrency: 2,
    attempts: 2,
    backoffMs: 10,
    queryTimeoutMs: 5_000,
  };
  await linkProjects(database);
}, 600_000);

afterAll(async () => {
  await prometheus?.stop();
  await database?.close();
});

/** gamma belongs to a project that accepted telemetry; beta to one whose record lacks it. */
async function linkProjects({ db }: Database): Promise<void> {
  const accepted = new Date(start.getTime() - DAY).toISOString();
  for (const [project, namespace, items] of [
    ['gamma-project', 'gamma', ['no-sla', 'telemetry']],
    ['beta-project', 'beta', ['no-sla']],
  ] as const) {
    await sql`insert into projects (name, display_name, description, contacts, status, team)
      values (${project}, ${project}, 'test', '[]', 'active', ${JSON.stringify({ name: project, owner: 'olive-owner', members: ['olive-owner'] })})`.execute(
      db,
    );
    const request = await sql<{
      id: number;
    }>`insert into requests (project_name, state, spec, created_by)
      values (${project}, 'active', '{}', 'olive-owner') returning id`.execute(db);
    const id = request.rows[0]!.id;
    await sql`insert into terms_acceptances (request_id, actor, version, accepted, accepted_at)
      values (${id}, 'olive-owner', '2026-11', ${JSON.stringify(items)}, ${accepted})`.execute(db);
    await sql`insert into namespace_claims (name, cluster_id, project_name, request_id, tier, source)
      values (${namespace}, 'moc/smaug', ${project}, ${id}, 'small', 'request')`.execute(db);
  }
}

const usageOf = async (namespace: string, includeWithheld = true) =>
  (
    await namespaceUsage(
      database.db,
      { namespace, cluster: 'moc/smaug' },
      { margin: 0.15, includeWithheld },
    )
  )[0]!;

describe.skipIf(missing)('harvest from a real Prometheus', needsProgram('prometheus'), () => {
  it('harvests 14 days of three namespaces: hourly and daily rollups equal the synthetic figures', {
    timeout: 180_000,
  }, async () => {
    const outcome = await harvestRange(database.db, settings, 'moc/smaug', {
      from: start,
      to: end,
    });
    expect(outcome).toMatchObject({ hoursDone: HOURS, hoursGap: 0, rowsWritten: 3 * HOURS });
    const hourly = await sql<{
      namespace: string;
      hour: Date;
      cpu_used: number;
      memory_used: number;
      quota_cpu: number;
      quota_memory: number;
      quota_used_ratio: number;
      network_rx: number;
      pods: number;
      pods_never_ready: number;
    }>`
      select s.namespace, h.hour, ${FLOAT8} from telemetry_hourly h join telemetry_series s on s.id = h.series_id
      where s.cluster = 'moc/smaug' order by s.namespace, h.hour`.execute(database.db);
    expect(hourly.rows).toHaveLength(3 * HOURS);
    for (const row of hourly.rows) {
      const ns = NAMESPACES.find((n) => n.name === row.namespace)!;
      const i = (new Date(row.hour).getTime() - start.getTime()) / HOUR;
      expect(row.cpu_used, `${ns.name} hour ${i}`).toBeCloseTo(ns.cpu(i), 4);
      expect(row.memory_used).toBe(ns.memory(i));
      expect(row.quota_cpu).toBe(ns.quota.cpu);
      expect(row.quota_memory).toBe(ns.quota.memory);
      expect(row.quota_used_ratio).toBeCloseTo(ns.cpuLimitsUsed(i) / ns.quota.cpu, 5);
      expect(row.network_rx).toBeCloseTo(1024 * 3600, 0);
      expect(row.pods).toBe(1);
      const neverReady = ns.name === 'gamma' && NEVER_READY_HOURS.has(i) ? 1 : 0;
      expect(row.pods_never_ready, `${ns.name} hour ${i}`).toBe(neverReady);
    }
    const daily = await sql<{
      namespace: string;
      day: string;
      hours: number;
      cpu_avg: number;
      cpu_max: number;
      cpu_p95: number;
      memory_max: number;
      pods_never_ready: number;
      pods_never_ready_max: number;
    }>`
      select s.namespace, to_char(d.day, 'YYYY-MM-DD') as day, d.hours, d.cpu_avg::float8 as cpu_avg,
        d.cpu_max::float8 as cpu_max, d.cpu_p95::float8 as cpu_p95, d.memory_max::float8 as memory_max,
        d.pods_never_ready::float8 as pods_never_ready, d.pods_never_ready_max::float8 as pods_never_ready_max
      from telemetry_daily d join telemetry_series s on s.id = d.series_id
      where s.cluster = 'moc/smaug' order by s.namespace, d.day`.execute(database.db);
    expect(daily.rows).toHaveLength(3 * 14);
    const alphaDay = daily.rows.find((r) => r.namespace === 'alpha')!;
    expect(alphaDay).toMatchObject({
      day: start.toISOString().slice(0, 10),
      hours: 24,
      cpu_max: 1,
      memory_max: GI + 448 * MI,
    });
    expect(alphaDay.cpu_avg).toBeCloseTo(0.625, 4);
    const gammaDay = daily.rows.find((r) => r.namespace === 'gamma')!;
    // Hours 0, 10 and 20 of day one at 3.5: 3 of 24, so the day's p95 (23rd of 24) is 3.5.
    expect(gammaDay.cpu_avg).toBeCloseTo((3 * 3.5 + 21 * 2) / 24, 4);
    expect(gammaDay.cpu_p95).toBeCloseTo(3.5, 4);
    // Pod-hours never ready per day: 3 on each of gamma's first two days, none after.
    expect(
      daily.rows
        .filter((r) => r.pods_never_ready > 0)
        .map((r) => [r.namespace, r.day, r.pods_never_ready, r.pods_never_ready_max]),
    ).toEqual([
      ['gamma', '2026-11-02', 3, 1],
      ['gamma', '2026-11-03', 3, 1],
    ]);
  });

  it('the project report carries the pods that never became ready, as computed by hand', async () => {
    const report = await projectReport(
      { db: database.db, margin: 0.15, includeWithheld: true },
      'gamma-project',
      { from: start, to: end },
    );
    const gamma = report.namespaces.find((n) => n.namespace === 'gamma')!;
    // stuck-0 in hours 0–2 of the first two days; slow-0 turned ready, job-0 had finished.
    expect(gamma.podsNeverReady).toEqual({
      podHours: 6,
      hours: 6,
      peak: 1,
      worstDay: { day: '2026-11-02', count: 3 },
      measuredHours: HOURS,
    });
    expect(gamma.days.slice(0, 3).map((d) => d.podsNeverReady)).toEqual([3, 3, 0]);
    expect(report.findings.find((f) => f.kind === 'pods-never-ready')).toMatchObject({
      severity: 'info',
      namespace: 'gamma',
      data: { podHours: 6, hours: 6 },
    });
    expect(report.notMeasured).toEqual([]);
  });

  it('usage: p50, p95 and peaks, headroom, recommendations and flags equal the hand-computed values', async () => {
    const alpha = await usageOf('alpha');
    expect(alpha.window).toMatchObject({ hours: HOURS, missingHours: 0 });
    expect(alpha.cpu.p50).toBeCloseTo(0.5, 4);
    expect(alpha.cpu.p95).toBeCloseTo(1, 4);
    expect(alpha.cpu.max).toBeCloseTo(1, 4);
    expect(alpha.cpu.limit).toBe(1);
    expect(alpha.memory).toMatchObject({
      p50: GI + 192 * MI,
      p95: GI + 448 * MI,
      max: GI + 448 * MI,
      limit: 4 * GI,
    });
    expect(alpha.memory.headroom).toBe(4 * GI - (GI + 448 * MI));
    // 1 × 1.15 cores is over small's 1 core; 1472Mi × 1.15 fits: medium (2 cores, 8Gi).
    expect(alpha.recommendedTier).toBe('medium');
    expect(alpha.recommendation.explanation).toMatch(/CPU p95 1 cores \+ 15% = 1.15 cores/);
    expect(alpha.flags).toEqual({ exhausted: true, exhaustedHours: 14, idle: false });
    expect(alpha.windows.days7.hours).toBe(7 * 24);
    expect(alpha.windows.days30.missingHours).toBe(30 * 24 - HOURS);

    const beta = await usageOf('beta');
    expect(beta.recommendedTier).toBe('x-small');
    expect(beta.flags).toEqual({ exhausted: false, exhaustedHours: 0, idle: true });

    const gamma = await usageOf('gamma');
    expect(gamma.cpu.p95).toBeCloseTo(3.5, 4);
    expect(gamma.cpu.p50).toBeCloseTo(2, 4);
    expect(gamma.memory.max).toBe(6 * GI);
    expect(gamma.recommendedTier).toBe('custom');
    expect(gamma.recommendation.custom).toEqual({ cpu: '4030m', memory: '7066Mi' });
    expect(gamma.project).toBe('gamma-project');

    // A wider margin is configurable: 40% of 0.0625 cores and 128Mi still fits x-small.
    const [wide] = await namespaceUsage(
      database.db,
      { namespace: 'alpha' },
      { margin: 1.5, includeWithheld: true },
    );
    expect(wide!.recommendation.tier).toBe('large');
    // The last 7 days only.
    const [week] = await namespaceUsage(
      database.db,
      { namespace: 'gamma' },
      { margin: 0.15, includeWithheld: true, days: 7 },
    );
    expect(week!.window.hours).toBe(7 * 24);
  });

  it('consent: each hour records the terms that covered it; a project without telemetry consent is not published', async () => {
    const consent = await sql<{
      namespace: string;
      version: string | null;
      telemetry_consent: boolean | null;
    }>`
      select distinct s.namespace, t.version, t.telemetry_consent
      from telemetry_hourly h join telemetry_series s on s.id = h.series_id
      left join telemetry_terms t on t.id = h.consent where s.cluster = 'moc/smaug' order by s.namespace`.execute(
      database.db,
    );
    expect(consent.rows).toEqual([
      { namespace: 'alpha', version: null, telemetry_consent: null },
      { namespace: 'beta', version: '2026-11', telemetry_consent: false },
      { namespace: 'gamma', version: '2026-11', telemetry_consent: true },
    ]);
    const day = { from: start, to: new Date(start.getTime() + DAY) };
    const rows = await datasetRows(database.db, day);
    expect(new Set(rows.namespace)).toEqual(new Set(['alpha', 'gamma']));
    await expect(usageOf('beta', false)).resolves.toMatchObject({ window: { hours: 0 } });
    expect(
      (await projectUsage(database.db, 'beta-project', { margin: 0.15, includeWithheld: true }))
        .namespaces,
    ).toHaveLength(1);
  });

  it('exports a day to Parquet and CSV that read back equal to the hourly rollups', async () => {
    const day = { from: start, to: new Date(start.getTime() + DAY) };
    const rows = await datasetRows(database.db, day);
    expect(rows.hour).toHaveLength(2 * 24);
    const chunks: Uint8Array[] = [];
    for await (const chunk of datasetParquet(database.db, day, {})) chunks.push(chunk);
    const parquet = Buffer.concat(chunks);
    const file = parquet.buffer.slice(parquet.byteOffset, parquet.byteOffset + parquet.length);
    const read = (await parquetReadObjects({ file: file as ArrayBuffer })) as Record<
      string,
      unknown
    >[];
    const stored = await sql<Record<string, unknown>>`
      select s.namespace, h.hour, ${FLOAT8} from telemetry_hourly h join telemetry_series s on s.id = h.series_id
      where s.cluster = 'moc/smaug' and s.namespace in ('alpha', 'gamma')
        and h.hour >= ${day.from.toISOString()}::timestamptz and h.hour < ${day.to.toISOString()}::timestamptz
      order by h.hour, s.namespace`.execute(database.db);
    expect(read).toHaveLength(stored.rows.length);
    const csv = writeCsv(rows).trimEnd().split('\r\n');
    const header = csv[0]!.split(',');
    read.forEach((row, index) => {
      const want = stored.rows[index]!;
      expect(new Date(row.hour as Date).getTime()).toBe(new Date(want.hour as Date).getTime());
      expect(row.namespace).toBe(want.namespace);
      const fields = csv[index + 1]!.split(',');
      expect(fields[header.indexOf('namespace')]).toBe(want.namespace);
      for (const m of TELEMETRY_METRICS) {
        // Parquet holds the stored real exactly; the CSV its decimal text (fromReal).
        expect(row[m.name], m.name).toBe(want[m.column]);
        const value = want[m.column] === null ? null : fromReal(Number(want[m.column]));
        expect(fields[header.indexOf(m.name)], m.name).toBe(value === null ? '' : String(value));
      }
    });
  });

  it('Prometheus stopped mid-harvest leaves a recorded gap, filled once it is back', {
    timeout: 180_000,
  }, async () => {
    let killed = false;
    const outcome = await harvestRange(
      database.db,
      settings,
      'moc/infra',
      { from: start, to: end },
      {
        onProgress: () => {
          if (!killed) {
            killed = true;
            prometheus.kill();
          }
        },
      },
    );
    await prometheus.exited();
    expect(outcome.hoursDone).toBeGreaterThanOrEqual(24);
    expect(outcome.hoursGap).toBeGreaterThan(0);
    expect(outcome.hoursDone + outcome.hoursGap).toBe(HOURS);
    const gaps = await listTelemetryGaps({ tx: database.db }, { cluster: 'moc/infra' });
    expect(gaps.reduce((sum, g) => sum + g.hours, 0)).toBe(outcome.hoursGap);
    // A report over the window says how much is missing rather than averaging over it.
    const partial = (
      await namespaceUsage(
        database.db,
        { namespace: 'alpha', cluster: 'moc/infra' },
        { margin: 0.15, includeWithheld: true },
      )
    )[0]!;
    expect(partial.window.hours).toBe(outcome.hoursDone);

    await prometheus.start();
    const filled = await harvestClusterNow(database.db, settings, 'moc/infra', { now: end });
    expect(filled.hoursGap).toBe(0);
    expect(filled.errors).toEqual([]);
    expect(await listTelemetryGaps({ tx: database.db }, { cluster: 'moc/infra' })).toEqual([]);
    // The days the filled gaps touched were published: current parts, stitched byte for byte
    // as the rows read now give them.
    const current = await sql<{ n: number }>`
      select count(*)::int as n from telemetry_day_parts p join telemetry_day_versions v
        on v.day = p.day and v.version = p.version`.execute(database.db);
    expect(current.rows[0]!.n).toBeGreaterThan(0);
    const file = async (storedParts: boolean) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of datasetParquet(
        database.db,
        { from: start, to: end },
        {},
        { storedParts },
      ))
        chunks.push(chunk);
      return Buffer.concat(chunks);
    };
    expect((await file(true)).equals(await file(false))).toBe(true);
    const whole = (
      await namespaceUsage(
        database.db,
        { namespace: 'alpha', cluster: 'moc/infra' },
        { margin: 0.15, includeWithheld: true },
      )
    )[0]!;
    expect(whole.window).toMatchObject({ hours: HOURS, missingHours: 0 });
    expect(whole.cpu.p95).toBeCloseTo(1, 4);
  });
});
