import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * The searched directory's page with a status (`?q=…&status=active`) walks project_search in
 * name order until the page is full, checking each row's text against the search. Through the
 * primary key it read every project on the way, of any status (756 rows and 482 buffers for
 * the first page of the bench's `climate` in active projects); through (status, name) it reads
 * only the rows of that status (292 rows, 180 buffers). ADR 0037.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    'create index project_search_status_name on project_search (status, name)',
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop index project_search_status_name');
}
