import { type Kysely, sql } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A trigram index for the directory's text search (ADR 0012), so that counting a search's
 * matches reads the index instead of lowercasing every project's three fields. The indexed
 * expression is the one src/store/ops/projects.ts searches (PROJECT_SEARCH_TEXT): both must
 * stay the same, letter for letter, or the planner cannot use it. The status comes first
 * (btree_gin), so a search within one status finds only that status's matches in the index
 * rather than rechecking every match's text; a search over all statuses uses the second
 * column alone.
 *
 * pg_trgm and btree_gin ship with PostgreSQL (contrib, trusted extensions since PostgreSQL
 * 13: a user who may create objects in the database may create them) and with PGlite (loaded
 * where the PGlite instance is opened). They are database-wide, so their operator classes are
 * named by the schema they live in, which need not be opf's.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
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
    `create index projects_search on projects using gin (
       status ${opclass('btree_gin', 'text_ops')},
       (lower(name || E'\\n' || display_name || E'\\n' || description)) ${opclass('pg_trgm', 'gin_trgm_ops')});`,
  );
}

/** The extensions stay: other schemas of the same database may use them. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop index projects_search;');
}
