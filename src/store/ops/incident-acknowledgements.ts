import { sql } from 'kysely';
import { groupRows } from '../group-rows.ts';
import type { TxContext } from '../schema.ts';

const iso = (value: Date | string) => new Date(value).toISOString();

export interface IncidentAcknowledgementRow {
  incidentId: number;
  project: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  message: string | null;
}

/**
 * Record a team's answer to an incident linked to its project. The first answer stays: a
 * second one (a double click, a replayed call) inserts nothing and answers false.
 */
export async function insertIncidentAcknowledgement(
  { tx }: TxContext,
  ack: IncidentAcknowledgementRow,
): Promise<boolean> {
  const row = await tx
    .insertInto('incident_acknowledgements')
    .values({
      incident_id: ack.incidentId,
      project_name: ack.project,
      acknowledged_by: ack.acknowledgedBy,
      acknowledged_at: ack.acknowledgedAt,
      message: ack.message,
    })
    .onConflict((oc) => oc.columns(['incident_id', 'project_name']).doNothing())
    .returning('incident_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function listIncidentAcknowledgements(
  { tx }: TxContext,
  incidentIds: readonly number[],
): Promise<IncidentAcknowledgementRow[]> {
  if (incidentIds.length === 0) return [];
  const rows = await tx
    .selectFrom('incident_acknowledgements')
    .selectAll()
    .where('incident_id', 'in', [...incidentIds])
    .orderBy('project_name')
    .execute();
  return rows.map((r) => ({
    incidentId: r.incident_id,
    project: r.project_name,
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: iso(r.acknowledged_at),
    message: r.message,
  }));
}

export interface IncidentResponseRow {
  id: number;
  title: string;
  startedAt: string;
  resolvedAt: string | null;
  acknowledgedAt: string | null;
}

/**
 * The incidents linked to each project that were open at or after `since` (started since,
 * or still open, or resolved since), each with when it started, when it resolved, and the
 * team's first answer: what the engagement record measures time to respond from. By
 * project, oldest first; a project with none is absent. Without `projects`, of every project.
 */
export async function incidentResponsesOfProjects(
  { tx }: TxContext,
  projects: readonly string[] | undefined,
  since: Date,
): Promise<Map<string, IncidentResponseRow[]>> {
  if (projects?.length === 0) return new Map();
  const rows = await tx
    .selectFrom('incident_projects as p')
    .innerJoin('incidents as i', 'i.id', 'p.incident_id')
    .leftJoin('incident_acknowledgements as a', (join) =>
      join
        .onRef('a.incident_id', '=', 'p.incident_id')
        .onRef('a.project_name', '=', 'p.project_name'),
    )
    .select([
      'p.project_name',
      'i.id',
      'i.title',
      'i.started_at',
      'i.resolved_at',
      'a.acknowledged_at',
    ])
    .where((eb) =>
      eb.or([
        eb('i.started_at', '>=', since),
        eb('i.resolved_at', 'is', null),
        eb('i.resolved_at', '>=', since),
      ]),
    )
    .$if(projects !== undefined, (q) =>
      q.where('p.project_name', '=', sql<string>`any(${[...projects!]}::text[])`),
    )
    .orderBy('i.started_at')
    .orderBy('i.id')
    .execute();
  return groupRows(
    rows,
    (r) => r.project_name,
    (r) => ({
      id: Number(r.id),
      title: r.title,
      startedAt: iso(r.started_at),
      resolvedAt: r.resolved_at ? iso(r.resolved_at) : null,
      acknowledgedAt: r.acknowledged_at ? iso(r.acknowledged_at) : null,
    }),
  );
}
