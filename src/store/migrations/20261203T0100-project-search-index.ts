import { type Kysely, sql } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A trigram index for the directory's text search (ADR 0012), so that counting a search's
 * matches reads the index instead of lowercasing every project's three fields. The indexed
 * expression is the one src/store/ops/projects.ts searches (PROJECT_SEARCH_TEXT): both must
 * stay the same, letter for letter, or the planner cannot use it.
 *
 * pg_trgm ships with PostgreSQL (contrib, a trusted extension since PostgreSQL 13: a user who
 * may create objects in the database may create it) and with PGlite (loaded where the PGlite
 * instance is opened). It is database-wide, so its operator class is named by the schema it
 * lives in, which need not be opf's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists pg_trgm`.execute(db);
  const { rows } = await sql<{ schema: string }>`
    select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
    where e.extname = 'pg_trgm'`.execute(db);
  const schema = rows[0]?.schema ?? 'public';
  const opclass = `"${schema.replaceAll('"', '""')}".gin_trgm_ops`;
  await executeStatements(
    db,
    `create index projects_search on projects
       using gin ((lower(name || E'\\n' || display_name || E'\\n' || description)) ${opclass});`,
  );
}

/** The extension stays: other schemas of the same database may use it. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop index projects_search;');
}
