import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * An owner's change of an onboarded project's team (add or remove one member), kept from the
 * ask until the group file change is delivered or has failed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table member_changes (
      id bigint generated always as identity primary key,
      project_name text not null references projects (name),
      team_name text not null,
      action text not null check (action in ('add', 'remove')),
      login text not null,
      state text not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
      requested_by text not null,
      requested_at timestamptz not null default now(),
      finished_at timestamptz,
      mode text,
      commit_sha text,
      branch text,
      pull_request_url text,
      message text
    );
    create index member_changes_project on member_changes (project_name, id);
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop table member_changes;');
}
