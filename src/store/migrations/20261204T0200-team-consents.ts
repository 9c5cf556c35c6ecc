import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A team owner's consent to a request that binds their existing team to another project:
 * asked when someone else sets the team, decided by the owner (or ops). At most one consent
 * per request is open (pending) at a time.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table team_consents (
      id bigint generated always as identity primary key,
      request_id bigint not null references requests (id),
      team_name text not null,
      owner text not null,
      owner_key text not null,
      asked_by text not null,
      members jsonb not null,
      joining jsonb not null,
      state text not null default 'pending'
        check (state in ('pending', 'given', 'refused', 'superseded')),
      asked_at timestamptz not null default now(),
      decided_by text,
      decided_at timestamptz,
      reason text,
      notice text not null default 'queued'
        check (notice in ('queued', 'sent', 'failed', 'no-mail-server', 'no-address')),
      notice_message text
    );
    create index team_consents_request on team_consents (request_id, id);
    create index team_consents_owner on team_consents (owner_key, state, id);
    create unique index team_consents_one_pending on team_consents (request_id)
      where state = 'pending';
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop table team_consents;');
}
