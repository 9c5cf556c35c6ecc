import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Each project's choice about the monthly report message (docs/reports.md): a project
 * without a row gets it; its team may turn it off.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table report_settings (
      project_name text primary key references projects (name),
      monthly_message boolean not null,
      updated_by text not null,
      updated_at timestamptz not null default now()
    );
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop table report_settings;');
}
