import { sql } from 'kysely';
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Db } from '../store/index.ts';

/** The job states worth a series: done jobs pile up for ever and say nothing about health. */
const OPEN_STATES = ['pending', 'running', 'failed'] as const;

/**
 * Failed attempts of jobs run by this process, by kind (a retry or the last attempt). It
 * lives in the process that runs the jobs and is handed to its HTTP app, so /metrics of
 * that process exports it.
 */
export function jobFailureCounter(): Counter<'kind'> {
  return new Counter({
    name: 'opf_job_failures_total',
    help: 'Failed job attempts in this process, by job kind (each retry counts)',
    labelNames: ['kind'] as const,
    registers: [],
  });
}

/**
 * Gauges read from the database at scrape time: the outbox is shared by every replica, so
 * each replica reports the same figures and the alerts take their max. Reading the truth at
 * scrape time also keeps them right across restarts, unlike counters kept in memory.
 */
export function registerJobMetrics(registry: Registry, db: Db): void {
  new Gauge({
    name: 'opf_database_up',
    help: 'Whether the database answered this scrape (1) or not (0: the outbox figures are unknown)',
    registers: [registry],
    async collect() {
      this.set(
        await sql`select 1`.execute(db).then(
          () => 1,
          () => 0,
        ),
      );
    },
  });
  new Gauge({
    name: 'opf_jobs',
    help: 'Jobs in the outbox by kind and state (pending, running, failed: gave up for good)',
    labelNames: ['kind', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await orNothing(
        sql<{ kind: string; state: string; count: string | number }>`
          select kind, state, count(*) as count from jobs
          where state in (${sql.join(OPEN_STATES.map((state) => sql`${state}`))})
          group by kind, state`.execute(db),
      );
      for (const row of result?.rows ?? [])
        this.set({ kind: row.kind, state: row.state }, Number(row.count));
    },
  });
  new Gauge({
    name: 'opf_jobs_pending',
    help: 'Jobs due now and not taken: pending past their run time, or running past their lease',
    registers: [registry],
    async collect() {
      const stats = await orNothing(dueJobStats(db));
      this.set(stats?.due ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'opf_job_oldest_due_seconds',
    help: 'How long the oldest due job has waited past its run time (0 when none is due)',
    registers: [registry],
    async collect() {
      const stats = await orNothing(dueJobStats(db));
      this.set(stats?.oldestSeconds ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'opf_announcement_deliveries',
    help: 'Announcement deliveries (mail, chat) by transport and state (pending, sent, failed)',
    labelNames: ['transport', 'state'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await orNothing(
        sql<{ transport: string; state: string; count: string | number }>`
          select transport, state, count(*) as count from announcement_deliveries
          group by transport, state`.execute(db),
      );
      for (const row of result?.rows ?? [])
        this.set({ transport: row.transport, state: row.state }, Number(row.count));
    },
  });
}

/**
 * Telemetry harvest health, read from the database like the outbox: hours recorded as gaps
 * (a source did not answer; harvested again when it is back) and the last harvested hour,
 * per cluster. deploy/base/prometheusrule.yaml alerts on both.
 */
export function registerTelemetryMetrics(registry: Registry, db: Db): void {
  new Gauge({
    name: 'opf_telemetry_gap_hours',
    help: 'Hours of a cluster’s telemetry recorded as gaps, waiting to be harvested again',
    labelNames: ['cluster'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await orNothing(
        sql<{ cluster: string; n: number }>`
          select cluster, count(*) filter (where state = 'gap')::int as n
          from telemetry_hours group by cluster`.execute(db),
      );
      for (const row of result?.rows ?? []) this.set({ cluster: row.cluster }, Number(row.n));
    },
  });
  new Gauge({
    name: 'opf_telemetry_last_harvested_hour_seconds',
    help: 'The start of the last harvested hour of a cluster’s telemetry (Unix seconds)',
    labelNames: ['cluster'] as const,
    registers: [registry],
    async collect() {
      this.reset();
      const result = await orNothing(
        sql<{ cluster: string; at: number }>`
          select cluster, extract(epoch from max(hour))::float8 as at
          from telemetry_hours where state = 'done' group by cluster`.execute(db),
      );
      for (const row of result?.rows ?? []) this.set({ cluster: row.cluster }, Number(row.at));
    },
  });
}

/**
 * A scrape must answer even when the database does not: for that scrape the labelled series
 * go missing and the single values read NaN (unknown, never a reassuring 0), and
 * opf_database_up says why, instead of /metrics failing along with the HTTP figures.
 */
async function orNothing<T>(read: Promise<T>): Promise<T | undefined> {
  try {
    return await read;
  } catch {
    return undefined;
  }
}

/** Due jobs: the same condition the runner leases on (src/store/ops/jobs.ts). */
async function dueJobStats(db: Db): Promise<{ due: number; oldestSeconds: number }> {
  const result = await sql<{ due: string | number; oldest: string | number | null }>`
    select count(*) as due,
      extract(epoch from now() - min(case when state = 'pending' then run_at else locked_until end))
        as oldest
    from jobs
    where (state = 'pending' and run_at <= now())
       or (state = 'running' and locked_until < now())`.execute(db);
  const row = result.rows[0];
  return { due: Number(row?.due ?? 0), oldestSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}
