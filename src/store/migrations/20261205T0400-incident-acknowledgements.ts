import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * A project's team answers an incident linked to it: the first answer and its time stay,
 * so the engagement record can measure how long the incident waited (docs/engagement.md).
 * One row per linked project; it goes with the link.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table incident_acknowledgements (
      incident_id bigint not null,
      project_name text not null,
      acknowledged_by text not null,
      acknowledged_at timestamptz not null,
      message text,
      primary key (incident_id, project_name),
      foreign key (incident_id, project_name) references incident_projects (incident_id, project_name) on delete cascade
    );
    create index incident_acknowledgements_project on incident_acknowledgements (project_name);
  `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    drop table incident_acknowledgements;
  `,
  );
}
