import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/** Community coordination: meetings, agendas and minutes, invitations, channels, announcements. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table meetings (
      slug text primary key,
      title text not null,
      description text not null default '',
      zone text not null,
      local_time text not null,
      duration_minutes integer not null,
      recurrence jsonb not null,
      url text,
      contact text,
      reviews_requests boolean not null default false,
      sequence integer not null default 0,
      updated_at timestamptz not null default now()
    );
    -- date: the local date (meeting zone) the rule gives; a move keeps it as the occurrence id
    create table meeting_exceptions (
      meeting_slug text not null references meetings (slug) on delete cascade,
      date text not null,
      kind text not null,
      start text,
      duration_minutes integer,
      reason text not null default '',
      created_by text not null,
      created_at timestamptz not null default now(),
      primary key (meeting_slug, date)
    );
    create table agenda_items (
      id bigint generated always as identity primary key,
      meeting_slug text not null references meetings (slug) on delete cascade,
      date text not null,
      kind text not null,
      request_id bigint references requests (id),
      title text not null,
      notes text not null default '',
      added_by text not null,
      created_at timestamptz not null default now(),
      decision text,
      decision_action text,
      decided_by text,
      decided_at timestamptz
    );
    create index agenda_items_meeting on agenda_items (meeting_slug, date, id);
    create unique index agenda_items_one_per_request on agenda_items (meeting_slug, date, request_id)
      where request_id is not null;
    create table meeting_records (
      meeting_slug text not null references meetings (slug) on delete cascade,
      date text not null,
      attendance jsonb not null default '[]',
      minutes text not null default '',
      recorded_by text not null,
      updated_at timestamptz not null default now(),
      primary key (meeting_slug, date)
    );
    create table invitations (
      id bigint generated always as identity primary key,
      meeting_slug text not null references meetings (slug) on delete cascade,
      email text not null,
      name text not null default '',
      asked_by text not null,
      created_at timestamptz not null default now(),
      sent_sequence integer,
      sent_at timestamptz
    );
    create unique index invitations_once on invitations (meeting_slug, lower(email));
    create table channels (
      slug text primary key,
      kind text not null,
      name text not null,
      description text not null default '',
      url text,
      address text,
      position integer not null default 0,
      announce boolean not null default false,
      updated_at timestamptz not null default now()
    );
    create table announcements (
      id bigint generated always as identity primary key,
      kind text not null,
      title text not null,
      body text not null,
      author text not null,
      auto_key text unique,
      created_at timestamptz not null default now()
    );
    create table announcement_deliveries (
      id bigint generated always as identity primary key,
      announcement_id bigint not null references announcements (id),
      channel_slug text not null,
      transport text not null,
      target text not null,
      state text not null default 'pending',
      attempts integer not null default 0,
      last_error text,
      message_id text not null,
      sent_at timestamptz,
      updated_at timestamptz not null default now(),
      unique (announcement_id, channel_slug, transport)
    );
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop table announcement_deliveries;
    drop table announcements;
    drop table channels;
    drop table invitations;
    drop table meeting_records;
    drop table agenda_items;
    drop table meeting_exceptions;
    drop table meetings;
    `,
  );
}
