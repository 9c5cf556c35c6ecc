import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table clusters (
      id text primary key,
      env text not null,
      name text not null,
      display_name text not null,
      capacity jsonb not null,
      console_url text,
      created_at timestamptz not null default now()
    );
    create table quota_tiers (
      name text primary key,
      description text not null,
      quota jsonb not null,
      position integer not null
    );
    create table terms_versions (
      version text primary key,
      published_at timestamptz not null,
      items jsonb not null,
      is_current boolean not null default false
    );
    create unique index terms_versions_one_current on terms_versions (is_current) where is_current;
    create table projects (
      name text primary key,
      display_name text not null,
      description text not null,
      repository_url text,
      docs_url text,
      contacts jsonb not null default '[]',
      status text not null,
      imported boolean not null default false,
      team jsonb,
      latest_request_id bigint,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now()
    );
    create index projects_status on projects (status, name);
    create table requests (
      id bigint generated always as identity primary key,
      project_name text not null references projects (name),
      state text not null,
      version integer not null default 1,
      spec jsonb not null,
      created_by text not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      decided_at timestamptz
    );
    create index requests_state on requests (state, id);
    create index requests_project on requests (project_name, id);
    create table namespace_claims (
      name text primary key,
      -- null: the namespace is in the GitOps repository but on no cluster's overlay
      cluster_id text references clusters (id),
      project_name text not null,
      request_id bigint references requests (id),
      tier text,
      source text not null,
      created_at timestamptz not null default now()
    );
    create index namespace_claims_request on namespace_claims (request_id);
    create index namespace_claims_project on namespace_claims (project_name);
    create table comments (
      id bigint generated always as identity primary key,
      request_id bigint not null references requests (id),
      author text not null,
      body text not null,
      created_at timestamptz not null default now()
    );
    create index comments_request on comments (request_id, id);
    create table terms_acceptances (
      id bigint generated always as identity primary key,
      request_id bigint not null references requests (id),
      actor text not null,
      version text not null references terms_versions (version),
      accepted jsonb not null,
      accepted_at timestamptz not null default now()
    );
    create index terms_acceptances_request on terms_acceptances (request_id, id);
    -- Append-only: nothing in opf updates or deletes an audit event.
    create table audit_events (
      id bigint generated always as identity primary key,
      at timestamptz not null default now(),
      actor text not null,
      action text not null,
      subject_type text not null,
      subject_id text not null,
      reason text,
      before jsonb,
      after jsonb,
      source text,
      visibility text not null
    );
    create index audit_events_subject on audit_events (subject_type, subject_id, id);
    create table jobs (
      id bigint generated always as identity primary key,
      kind text not null,
      payload jsonb not null,
      state text not null default 'pending',
      attempts integer not null default 0,
      run_at timestamptz not null default now(),
      locked_until timestamptz,
      last_error text,
      dedupe_key text unique,
      created_at timestamptz not null default now(),
      finished_at timestamptz
    );
    create index jobs_due on jobs (state, run_at);
    -- How each approved change reached the GitOps repository, attempt by attempt.
    create table request_deliveries (
      id bigint generated always as identity primary key,
      request_id bigint not null references requests (id),
      mode text not null,
      outcome text not null,
      commit_sha text,
      branch text,
      pull_request_url text,
      message text,
      at timestamptz not null default now()
    );
    create index request_deliveries_request on request_deliveries (request_id, id);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop table request_deliveries;
    drop table jobs;
    drop table audit_events;
    drop table terms_acceptances;
    drop table comments;
    drop table namespace_claims;
    drop table requests;
    drop table projects;
    drop table terms_versions;
    drop table quota_tiers;
    drop table clusters;
  `,
  );
}
