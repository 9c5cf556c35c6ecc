import { type Kysely, sql } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Each project's directory entry kept as the JSON text the API sends (ADR 0030), so a page of
 * the directory joins 50 stored texts instead of building 50 JSON objects, each with its own
 * lookup of the project's namespaces, on every uncached read.
 *
 * The text lives in its own table, not in `projects`: a wider projects row would make the
 * search's count (a bitmap heap scan over the matching rows) read more pages. The search
 * moves to a narrow table of its own for the same reason, `project_search`: each project's
 * status and lower-cased searched text, stored rather than computed again for every match
 * the trigram index's recheck reads. Its index (status, then trigrams, as
 * 20261203T0100-project-search-index had on projects) replaces that one: the count of a
 * search reads a third of the pages and lowercases nothing (about 2.5x less CPU, measured
 * with the bench's data set).
 *
 * Kept by statement triggers (a bulk insert refreshes each entry once) on the two tables the
 * entry is made of: projects (its own columns) and namespace_claims (its namespaces; a claim
 * may name a project that does not exist, which has no entry). `project_listing_refresh`
 * first takes the projects' rows with FOR NO KEY UPDATE, in name order: a write to a project
 * holds that lock until it commits, so two transactions refreshing the same entry take
 * turns, and the second one, reading after the first committed (READ COMMITTED takes a new
 * snapshot for each statement of the function), writes an entry that includes both changes.
 *
 * The JSON expression was the one src/store/ops/projects.ts built on each read (keys in the
 * order and form of the API's `Project` schema, compact, times as `Date.toISOString()`).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `create table project_listings (
      name text primary key references projects (name) on delete cascade on update cascade,
      json text not null
    );
    create table project_search (
      name text primary key references projects (name) on delete cascade on update cascade,
      status text not null,
      text text not null
    );`,
  );
  await sql`create extension if not exists pg_trgm`.execute(db);
  await sql`create extension if not exists btree_gin`.execute(db);
  const { rows } = await sql<{ name: string; schema: string }>`
    select e.extname as name, n.nspname as schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname in ('pg_trgm', 'btree_gin')`.execute(db);
  const opclass = (extension: string, name: string) => {
    const schema = rows.find((row) => row.name === extension)?.schema ?? 'public';
    return `"${schema.replaceAll('"', '""')}".${name}`;
  };
  await executeStatements(
    db,
    `create index project_search_text on project_search using gin (
       status ${opclass('btree_gin', 'text_ops')}, text ${opclass('pg_trgm', 'gin_trgm_ops')});
    drop index projects_search;`,
  );
  // One statement with semicolons inside each: not for executeStatements.
  await sql
    .raw(`create function project_listing_refresh(names text[]) returns void
    language plpgsql as $$
    begin
      perform 1 from projects where name = any(names) order by name for no key update;
      insert into project_listings as l (name, json)
        select p.name, (select row_to_json(x)::text from (select
          p.name as "name",
          p.display_name as "displayName",
          p.description as "description",
          p.repository_url as "repositoryUrl",
          p.docs_url as "docsUrl",
          p.status as "status",
          p.imported as "imported",
          case when p.team is null or jsonb_typeof(p.team) = 'null' then null else (
            select row_to_json(t) from (select
              p.team->>'name' as "name",
              p.team->>'owner' as "owner",
              array_to_json(array(
                select m from jsonb_array_elements_text(p.team->'members') with ordinality as e(m, i)
                order by i)) as "members") t) end as "team",
          coalesce((select array_to_json(array_agg(row_to_json(n) order by n.name)) from (
            select c.name as "name", c.cluster_id as "cluster", c.tier as "tier"
            from namespace_claims c where c.project_name = p.name) n), '[]') as "namespaces",
          p.latest_request_id as "latestRequestId",
          to_char(p.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "createdAt",
          to_char(p.updated_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as "updatedAt"
        ) x)
        from projects p where p.name = any(names) order by p.name
        on conflict (name) do update set json = excluded.json;
      insert into project_search as s (name, status, text)
        select p.name, p.status, lower(p.name || E'\\n' || p.display_name || E'\\n' || p.description)
        from projects p where p.name = any(names) order by p.name
        on conflict (name) do update set status = excluded.status, text = excluded.text;
    end $$`)
    .execute(db);
  await sql
    .raw(`create function project_listings_follow_projects() returns trigger
    language plpgsql as $$
    begin
      perform project_listing_refresh(array(select name from new_rows));
      return null;
    end $$`)
    .execute(db);
  await sql
    .raw(`create function project_listings_follow_claims() returns trigger
    language plpgsql as $$
    begin
      if tg_op = 'INSERT' then
        perform project_listing_refresh(array(select distinct project_name from new_rows));
      elsif tg_op = 'DELETE' then
        perform project_listing_refresh(array(select distinct project_name from old_rows));
      else
        perform project_listing_refresh(array(
          select project_name from new_rows union select project_name from old_rows));
      end if;
      return null;
    end $$`)
    .execute(db);
  await executeStatements(
    db,
    `create trigger project_listings_insert after insert on projects
      referencing new table as new_rows for each statement
      execute function project_listings_follow_projects();
    create trigger project_listings_update after update on projects
      referencing new table as new_rows for each statement
      execute function project_listings_follow_projects();
    create trigger project_listings_claims_insert after insert on namespace_claims
      referencing new table as new_rows for each statement
      execute function project_listings_follow_claims();
    create trigger project_listings_claims_update after update on namespace_claims
      referencing old table as old_rows new table as new_rows for each statement
      execute function project_listings_follow_claims();
    create trigger project_listings_claims_delete after delete on namespace_claims
      referencing old table as old_rows for each statement
      execute function project_listings_follow_claims();
    select project_listing_refresh(array(select name from projects));`,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `drop trigger project_listings_claims_delete on namespace_claims;
    drop trigger project_listings_claims_update on namespace_claims;
    drop trigger project_listings_claims_insert on namespace_claims;
    drop trigger project_listings_update on projects;
    drop trigger project_listings_insert on projects;
    drop function project_listings_follow_claims();
    drop function project_listings_follow_projects();
    drop function project_listing_refresh(text[]);
    drop table project_search;
    drop table project_listings;`,
  );
  const { rows } = await sql<{ name: string; schema: string }>`
    select e.extname as name, n.nspname as schema
    from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname in ('pg_trgm', 'btree_gin')`.execute(db);
  const opclass = (extension: string, name: string) => {
    const schema = rows.find((row) => row.name === extension)?.schema ?? 'public';
    return `"${schema.replaceAll('"', '""')}".${name}`;
  };
  await executeStatements(
    db,
    `create index projects_search on projects using gin (
       status ${opclass('btree_gin', 'text_ops')},
       (lower(name || E'\\n' || display_name || E'\\n' || description)) ${opclass('pg_trgm', 'gin_trgm_ops')});`,
  );
}
