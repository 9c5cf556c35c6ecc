import { sql } from 'kysely';
import { TELEMETRY_METRICS } from '../../core/index.ts';
import type { TxContext } from '../schema.ts';
import { fromReal } from './telemetry-read.ts';

/** Published hourly rows of [from, to), column by column (what Parquet and CSV are cut from). */
export interface DatasetColumns {
  hour: number[];
  cluster: string[];
  namespace: string[];
  project: (string | null)[];
  termsVersion: (string | null)[];
  metrics: Record<string, (number | null)[]>;
}

/**
 * The rows a dataset publishes: the cloud's own namespaces, and projects' namespaces in
 * the hours their accepted terms included telemetry. Ordered by hour, cluster, namespace.
 */
export async function telemetryDatasetColumns(
  { tx }: TxContext,
  window: { from: Date; to: Date },
): Promise<DatasetColumns> {
  const columns = sql.raw(
    TELEMETRY_METRICS.map((m) => `h.${m.column}::float8 as ${m.column}`).join(', '),
  );
  const result = await sql<Record<string, unknown>>`
    select h.hour, s.cluster, s.namespace, s.project_name, t.version as terms_version, ${columns}
    from telemetry_hourly h
    join telemetry_series s on s.id = h.series_id
    left join telemetry_terms t on t.id = h.consent
    where h.hour >= ${window.from.toISOString()}::timestamptz
      and h.hour < ${window.to.toISOString()}::timestamptz
      and (h.consent = 0 or t.telemetry_consent) and not s.sample
    order by h.hour, s.cluster, s.namespace`.execute(tx);
  const out: DatasetColumns = {
    hour: [],
    cluster: [],
    namespace: [],
    project: [],
    termsVersion: [],
    metrics: Object.fromEntries(TELEMETRY_METRICS.map((m) => [m.name, [] as (number | null)[]])),
  };
  for (const row of result.rows) {
    out.hour.push(new Date(row.hour as Date).getTime());
    out.cluster.push(row.cluster as string);
    out.namespace.push(row.namespace as string);
    out.project.push((row.project_name as string | null) ?? null);
    out.termsVersion.push((row.terms_version as string | null) ?? null);
    for (const m of TELEMETRY_METRICS) {
      const value = row[m.column];
      out.metrics[m.name]!.push(
        value === null || value === undefined ? null : fromReal(Number(value)),
      );
    }
  }
  return out;
}

/** Hours withheld in [from, to) because the terms that covered them lacked telemetry. */
export async function withheldHourCount(
  { tx }: TxContext,
  window: { from: Date; to: Date },
): Promise<number> {
  const result = await sql<{ n: number }>`
    select count(*)::int as n from telemetry_hourly h join telemetry_terms t on t.id = h.consent
    where not t.telemetry_consent and h.hour >= ${window.from.toISOString()}::timestamptz
      and h.hour < ${window.to.toISOString()}::timestamptz`.execute(tx);
  return result.rows[0]!.n;
}

/** The days that hold harvested rows, with how many namespace-hours each publishes. */
export async function telemetryDays({
  tx,
}: TxContext): Promise<{ day: string; rows: number; namespaces: number }[]> {
  const result = await sql<{ day: string; rows: number; namespaces: number }>`
    select to_char(d.day, 'YYYY-MM-DD') as day, sum(d.hours)::int as rows, count(*)::int as namespaces
    from telemetry_daily d join telemetry_series s on s.id = d.series_id
    where not s.sample and (d.consent = 0 or exists (select 1 from telemetry_terms t where t.id = d.consent and t.telemetry_consent))
    group by d.day order by d.day`.execute(tx);
  return result.rows;
}

/** Logins opf knows (users and project teams): no namespace published may carry one. */
export async function knownPersonNames({ tx }: TxContext): Promise<string[]> {
  const result = await sql<{ login: string }>`
    select lower(login) as login from users
    union select lower(jsonb_array_elements_text((team::jsonb)->'members')) from projects where team is not null
    union select lower((team::jsonb)->>'owner') from projects where team is not null`.execute(tx);
  return result.rows.map((row) => row.login).filter(Boolean);
}

export interface HarvestRun {
  id: number;
  cluster: string;
  from: string;
  to: string;
  trigger: 'schedule' | 'request';
  requestedBy: string | null;
  state: 'queued' | 'running' | 'done' | 'failed';
  hoursDone: number;
  hoursGap: number;
  rowsWritten: number;
  error: string | null;
  createdAt: string;
  finishedAt: string | null;
}

export async function createHarvestRun(
  { tx }: TxContext,
  run: {
    cluster: string;
    from: Date;
    to: Date;
    trigger: HarvestRun['trigger'];
    requestedBy?: string;
  },
): Promise<number> {
  const result = await sql<{ id: number }>`
    insert into telemetry_harvests (cluster, from_hour, to_hour, trigger, requested_by)
    values (${run.cluster}, ${run.from.toISOString()}::timestamptz, ${run.to.toISOString()}::timestamptz,
      ${run.trigger}, ${run.requestedBy ?? null})
    returning id`.execute(tx);
  return Number(result.rows[0]!.id);
}

export async function updateHarvestRun(
  { tx }: TxContext,
  id: number,
  change: Partial<Pick<HarvestRun, 'state' | 'hoursDone' | 'hoursGap' | 'rowsWritten' | 'error'>>,
): Promise<void> {
  await sql`
    update telemetry_harvests set
      state = coalesce(${change.state ?? null}, state),
      hours_done = coalesce(${change.hoursDone ?? null}::int, hours_done),
      hours_gap = coalesce(${change.hoursGap ?? null}::int, hours_gap),
      rows_written = coalesce(${change.rowsWritten ?? null}::int, rows_written),
      error = coalesce(${change.error ?? null}, error),
      started_at = case when ${change.state ?? null} = 'running' then coalesce(started_at, now()) else started_at end,
      finished_at = case when ${change.state ?? null} in ('done', 'failed') then now() else finished_at end
    where id = ${id}`.execute(tx);
}

export async function findHarvestRun(
  { tx }: TxContext,
  id: number,
): Promise<HarvestRun | undefined> {
  const result = await sql<Record<string, unknown>>`
    select * from telemetry_harvests where id = ${id}`.execute(tx);
  const row = result.rows[0];
  if (!row) return undefined;
  const iso = (value: unknown) => (value ? new Date(value as Date).toISOString() : null);
  return {
    id: Number(row.id),
    cluster: row.cluster as string,
    from: iso(row.from_hour)!,
    to: iso(row.to_hour)!,
    trigger: row.trigger as HarvestRun['trigger'],
    requestedBy: (row.requested_by as string | null) ?? null,
    state: row.state as HarvestRun['state'],
    hoursDone: Number(row.hours_done),
    hoursGap: Number(row.hours_gap),
    rowsWritten: Number(row.rows_written),
    error: (row.error as string | null) ?? null,
    createdAt: iso(row.created_at)!,
    finishedAt: iso(row.finished_at),
  };
}
