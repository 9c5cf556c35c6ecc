import { type Kysely, sql } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * How many projects each status holds, kept by triggers, so the directory's total is read
 * instead of counted over every project on each page (ADR 0012). Statement triggers with
 * transition tables: a bulk insert adjusts each count once. Every change goes through one
 * INSERT … ON CONFLICT whose rows come in status order, so two transactions moving projects
 * between the same statuses lock the counts in the same order and cannot deadlock.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `create table project_counts (status text primary key, n bigint not null);
    insert into project_counts (status, n) select status, count(*) from projects group by status;`,
  );
  // One statement with semicolons inside: not for executeStatements, which splits at them.
  await sql
    .raw(`create function project_counts_follow() returns trigger language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        insert into project_counts as c (status, n)
          select status, count(*) from new_rows group by status order by status
          on conflict (status) do update set n = c.n + excluded.n;
      elsif tg_op = 'DELETE' then
        insert into project_counts as c (status, n)
          select status, -count(*) from old_rows group by status order by status
          on conflict (status) do update set n = c.n + excluded.n;
      else
        insert into project_counts as c (status, n)
          select status, sum(k) from (
            select status, 1 as k from new_rows union all select status, -1 from old_rows) d
          group by status having sum(k) <> 0 order by status
          on conflict (status) do update set n = c.n + excluded.n;
      end if;
      return null;
    end $$`)
    .execute(db);
  await executeStatements(
    db,
    `create trigger project_counts_insert after insert on projects
      referencing new table as new_rows for each statement execute function project_counts_follow();
    create trigger project_counts_update after update on projects
      referencing old table as old_rows new table as new_rows
      for each statement execute function project_counts_follow();
    create trigger project_counts_delete after delete on projects
      referencing old table as old_rows for each statement execute function project_counts_follow();`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop trigger project_counts_delete on projects;
    drop trigger project_counts_update on projects;
    drop trigger project_counts_insert on projects;
    drop function project_counts_follow();
    drop table project_counts;
    `,
  );
}
