import { type Kysely, sql } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Each public audit event kept as the JSON text the API sends for it (ADR 0040), so a
 * request's detail joins its newest 200 stored texts instead of building 200 JSON objects
 * (row_to_json, the time written as text, the before and after values written out) on every
 * uncached read: about half of the detail's statement, measured with the bench's data set.
 *
 * The audit log is append-only, so a text is written once, by a statement trigger on insert
 * (a bulk insert or COPY writes each event's text once). An update trigger writes the texts of
 * updated rows again all the same, so a text never outlives the row it was made from. Only
 * public events get one: no reader of a restricted event is served from this table.
 *
 * The object is the one src/store/ops/request-detail.ts built on each read: the keys in the
 * order and form of the API's `AuditEvent` schema, the time as `Date.toISOString()` writes it.
 * Its `before` and `after` are written by PostgreSQL's jsonb output, with spaces, which the
 * server compacts as it did before.
 */
const EVENT_TEXT = `(select row_to_json(v)::text from (select
    e.id as "id",
    to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "at",
    e.actor as "actor",
    e.action as "action",
    e.subject_type as "subjectType",
    e.subject_id as "subjectId",
    e.reason as "reason",
    e.before as "before",
    e.after as "after",
    e.source as "source",
    e.visibility as "visibility") v)`;

/** The texts of `rows` (audit_events rows, as `e`) that are public, as rows to insert. */
function textsOf(rows: string): string {
  return `select e.id, e.subject_type, e.subject_id, ${EVENT_TEXT}
    from ${rows} e where e.visibility = 'public'`;
}

/** Writes the texts of `rows`, replacing any already there (the triggers). */
function writeEventTexts(rows: string): string {
  return `insert into public_event_texts as t (id, subject_type, subject_id, json) ${textsOf(rows)}
    on conflict (id) do update
      set subject_type = excluded.subject_type, subject_id = excluded.subject_id, json = excluded.json`;
}

/**
 * Writes the text of every public event into the empty table: the migration's fill, exported
 * for its test. A plain insert, with the subject index built after it, since the table is
 * new and audited writes wait for the migration's lock meanwhile.
 */
export const FILL_EVENT_TEXTS = `insert into public_event_texts (id, subject_type, subject_id, json)
  ${textsOf('audit_events')}`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `create table public_event_texts (
      id bigint primary key references audit_events (id) on delete cascade on update cascade,
      subject_type text not null,
      subject_id text not null,
      json text not null
    );`,
  );
  // Statements with semicolons inside each: not for executeStatements.
  await sql
    .raw(`create function public_event_texts_follow_insert() returns trigger
    language plpgsql as $$
    begin
      ${writeEventTexts('new_rows')};
      return null;
    end $$`)
    .execute(db);
  await sql
    .raw(`create function public_event_texts_follow_update() returns trigger
    language plpgsql as $$
    begin
      delete from public_event_texts where id in (select id from old_rows);
      ${writeEventTexts('new_rows')};
      return null;
    end $$`)
    .execute(db);
  await executeStatements(
    db,
    `create trigger public_event_texts_insert after insert on audit_events
      referencing new table as new_rows for each statement
      execute function public_event_texts_follow_insert();
    create trigger public_event_texts_update after update on audit_events
      referencing old table as old_rows new table as new_rows for each statement
      execute function public_event_texts_follow_update();`,
  );
  // The events written before this migration; then the index the detail reads them by.
  await sql.raw(FILL_EVENT_TEXTS).execute(db);
  await executeStatements(
    db,
    `create index public_event_texts_subject on public_event_texts (subject_type, subject_id, id);
    analyze public_event_texts;`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `drop trigger public_event_texts_update on audit_events;
    drop trigger public_event_texts_insert on audit_events;
    drop function public_event_texts_follow_update();
    drop function public_event_texts_follow_insert();
    drop table public_event_texts;`,
  );
}
