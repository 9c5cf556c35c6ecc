import { type Kysely, sql } from 'kysely';

/**
 * Run a migration's DDL one statement at a time: PGlite's query protocol takes one
 * statement per call, and a server does not mind. Statements end with `;` at a line end.
 */
export async function executeStatements(db: Kysely<unknown>, text: string): Promise<void> {
  const statements = text
    .split(/;\s*$/m)
    .map((statement) => statement.replace(/^\s*--.*$/gm, '').trim())
    .filter((statement) => statement.length > 0);
  for (const statement of statements) await sql.raw(statement).execute(db);
}
