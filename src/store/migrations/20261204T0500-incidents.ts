import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Incidents: opened by Alertmanager (one per alert group key) or declared by ops. Alerts
 * are kept per fingerprint with the episode (startsAt) last seen, so replayed and
 * reordered deliveries merge to the same state (docs/incidents.md). The timeline is a set
 * of entries each with its own key: a replay adds nothing.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table incidents (
      id bigint generated always as identity primary key,
      source text not null check (source in ('alertmanager', 'declared')),
      group_key text unique,
      title text not null,
      severity text not null check (severity in ('critical', 'major', 'minor')),
      status text not null default 'open' check (status in ('open', 'resolved')),
      clusters jsonb not null default '[]',
      started_at timestamptz not null,
      resolved_at timestamptz,
      postmortem text,
      created_by text not null,
      github_issue jsonb,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index incidents_status on incidents (status, started_at desc);
    create index incidents_started on incidents (started_at desc);
    create table incident_projects (
      incident_id bigint not null references incidents (id) on delete cascade,
      project_name text not null,
      primary key (incident_id, project_name)
    );
    create index incident_projects_project on incident_projects (project_name);
    create table incident_alerts (
      incident_id bigint not null references incidents (id) on delete cascade,
      fingerprint text not null,
      alertname text not null,
      namespace text,
      labels jsonb not null,
      annotations jsonb not null,
      status text not null check (status in ('firing', 'resolved')),
      starts_at timestamptz not null,
      ends_at timestamptz,
      primary key (incident_id, fingerprint)
    );
    create table incident_updates (
      id bigint generated always as identity primary key,
      incident_id bigint not null references incidents (id) on delete cascade,
      entry_key text not null,
      at timestamptz not null,
      kind text not null,
      body text not null,
      author text not null,
      unique (incident_id, entry_key)
    );
    create index incident_updates_incident on incident_updates (incident_id, at);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop table incident_updates;
    drop table incident_alerts;
    drop table incident_projects;
    drop table incidents;
  `,
  );
}
