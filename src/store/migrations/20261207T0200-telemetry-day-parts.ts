import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Published days of the open datasets, written once (docs/adr/0032-published-day-parts.md):
 * - telemetry_day_versions: a counter per UTC day, raised by every statement that inserts,
 *   updates or deletes hourly rows of that day (statement triggers with transition tables:
 *   one pass over the changed rows, no work per row);
 * - telemetry_day_parts: a day's Parquet row group as bytes, with the version of the day it
 *   was made from. A part whose version is not the day's current one is stale, never used.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table telemetry_day_versions (
      day date primary key,
      version bigint not null
    );

    create table telemetry_day_parts (
      day date primary key,
      -- telemetry_day_versions.version when the rows were read.
      version bigint not null,
      -- The writer's layout of parts: another one makes every stored part stale.
      format smallint not null,
      rows integer not null,
      -- Every series with rows in the day (int4 LE), published or not, and a digest of what
      -- their rows are published as (names, pseudonyms, projects, sample flag, the terms).
      series bytea not null,
      names_digest bytea not null,
      -- The row group's column chunks (int4 LE: size, data page and dictionary page offsets
      -- within the part), then its bytes.
      layout bytea not null,
      bytes bytea not null,
      made_at timestamptz not null default now()
    );
    -- Out of line but not compressed: the bytes are read whole on every export, and pglz would
    -- cost each read a decompression (5× slower reads on PGlite, measured) for little gain.
    alter table telemetry_day_parts alter column bytes set storage external;

    -- Ordered by day, so two writers of the same days take the rows' locks in one order.
    -- One line: executeStatements splits at a semicolon that ends a line.
    create function telemetry_touch_days() returns trigger language plpgsql as $$ begin insert into telemetry_day_versions (day, version) select distinct (hour at time zone 'UTC')::date, 1 from changed order by 1 on conflict (day) do update set version = telemetry_day_versions.version + 1; return null; end $$;
    create trigger telemetry_hourly_inserted after insert on telemetry_hourly
      referencing new table as changed for each statement execute function telemetry_touch_days();
    create trigger telemetry_hourly_updated after update on telemetry_hourly
      referencing new table as changed for each statement execute function telemetry_touch_days();
    create trigger telemetry_hourly_deleted after delete on telemetry_hourly
      referencing old table as changed for each statement execute function telemetry_touch_days();
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop trigger telemetry_hourly_deleted on telemetry_hourly;
    drop trigger telemetry_hourly_updated on telemetry_hourly;
    drop trigger telemetry_hourly_inserted on telemetry_hourly;
    drop function telemetry_touch_days();
    drop table telemetry_day_parts;
    drop table telemetry_day_versions;
  `,
  );
}
