import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Telemetry harvested from the clusters' Prometheus (docs/telemetry.md): one compact row per
 * namespace and hour, partitioned by month so retention drops whole partitions, and one row
 * per namespace and day kept for longer. The layout and its sizing: docs/adr/0019-telemetry-storage.md.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table telemetry_series (
      id integer generated always as identity primary key,
      cluster text not null,
      namespace text not null,
      project_name text,
      -- Sample data of the demo (OPF_DEMO_DATA): shown marked as such, never published.
      sample boolean not null default false,
      unique (cluster, namespace)
    );
    create index telemetry_series_project on telemetry_series (project_name)
      where project_name is not null;
    create index telemetry_series_namespace on telemetry_series (namespace);

    -- The terms versions that covered harvested hours, and whether what the project accepted
    -- of that version included telemetry (an imported or old record may not); a small id
    -- keeps the hourly row small.
    create table telemetry_terms (
      id smallint generated always as identity primary key,
      version text not null,
      telemetry_consent boolean not null,
      unique (version, telemetry_consent)
    );

    -- consent: 0 for the cloud's own namespaces (no project), else the telemetry_terms id
    -- of the terms the project had accepted for that hour.
    create table telemetry_hourly (
      series_id integer not null,
      hour timestamptz not null,
      consent smallint not null,
      cpu_used real, cpu_requests real, cpu_limits real, quota_cpu real,
      memory_used real, memory_requests real, memory_limits real, quota_memory real,
      storage_requested real, storage_used real, quota_storage real,
      pods real, quota_pods real, restarts real, oom_kills real,
      network_rx real, network_tx real, quota_used_ratio real,
      primary key (series_id, hour)
    ) partition by range (hour);
    create index telemetry_hourly_hour on telemetry_hourly using brin (hour);

    create table telemetry_daily (
      series_id integer not null,
      day date not null,
      hours smallint not null,
      consent smallint not null,
      cpu_avg real, cpu_p95 real, cpu_max real,
      memory_avg real, memory_max real,
      cpu_requests real, cpu_limits real, memory_requests real, memory_limits real,
      quota_cpu real, quota_memory real, quota_storage real, quota_pods real,
      storage_requested real, storage_used real, pods_max real,
      restarts real, oom_kills real, network_rx real, network_tx real, quota_used_ratio_max real,
      primary key (series_id, day)
    );
    create index telemetry_daily_day on telemetry_daily using brin (day);

    -- Which hours of each cluster were harvested, and which are gaps to fill again.
    create table telemetry_hours (
      cluster text not null,
      hour timestamptz not null,
      state text not null check (state in ('done', 'gap')),
      source text,
      reason text,
      updated_at timestamptz not null default now(),
      primary key (cluster, hour)
    );
    create index telemetry_hours_gaps on telemetry_hours (cluster, hour) where state = 'gap';

    create table telemetry_harvests (
      id bigint generated always as identity primary key,
      cluster text not null,
      from_hour timestamptz not null,
      to_hour timestamptz not null,
      trigger text not null check (trigger in ('schedule', 'request')),
      requested_by text,
      state text not null default 'queued' check (state in ('queued', 'running', 'done', 'failed')),
      hours_done integer not null default 0,
      hours_gap integer not null default 0,
      rows_written integer not null default 0,
      error text,
      created_at timestamptz not null default now(),
      started_at timestamptz,
      finished_at timestamptz
    );
    create index telemetry_harvests_recent on telemetry_harvests (created_at desc);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop table telemetry_harvests;
    drop table telemetry_hours;
    drop table telemetry_daily;
    drop table telemetry_hourly;
    drop table telemetry_terms;
    drop table telemetry_series;
  `,
  );
}
