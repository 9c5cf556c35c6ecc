import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Notices that need an answer (one row per project it was sent to, with the answer),
 * offboarding proposals, and an index that makes "when did this login last act" cheap
 * (docs/engagement.md).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table notices (
      id bigint generated always as identity primary key,
      kind text not null check (kind in ('upgrade', 'maintenance', 'terms', 'general')),
      title text not null,
      body text not null,
      clusters jsonb not null default '[]',
      terms_version text references terms_versions (version),
      respond_by timestamptz not null,
      posted_by text not null,
      posted_at timestamptz not null default now(),
      closed_at timestamptz,
      last_reminded_at timestamptz
    );
    create index notices_open on notices (closed_at, id);
    create table notice_recipients (
      notice_id bigint not null references notices (id),
      project_name text not null references projects (name),
      request_id bigint references requests (id),
      acknowledged_by text,
      acknowledged_at timestamptz,
      primary key (notice_id, project_name)
    );
    create index notice_recipients_project on notice_recipients (project_name, notice_id);
    create table offboarding_proposals (
      id bigint generated always as identity primary key,
      request_id bigint not null references requests (id),
      project_name text not null references projects (name),
      reason text not null,
      proposed_by text not null,
      by_project boolean not null,
      proposed_at timestamptz not null default now(),
      notice_ends_at timestamptz not null,
      state text not null default 'open' check (state in ('open', 'decided', 'cancelled')),
      meeting_slug text,
      meeting_date text,
      decided_by text,
      decided_at timestamptz
    );
    create unique index offboarding_proposals_one_open on offboarding_proposals (request_id)
      where state = 'open';
    create index offboarding_proposals_request on offboarding_proposals (request_id, id);
    create index audit_events_actor on audit_events (lower(actor), at desc);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop index audit_events_actor;
    drop table offboarding_proposals;
    drop table notice_recipients;
    drop table notices;
    `,
  );
}
