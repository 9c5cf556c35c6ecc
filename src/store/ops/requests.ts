import { type Selectable, sql } from 'kysely';
import {
  normaliseClusterRef,
  type RequestSpec,
  type RequestState,
  type RequestView,
} from '../../core/index.ts';
import type { RequestsTable, TxContext } from '../schema.ts';

export interface NewRequest {
  projectName: string;
  state: RequestState;
  spec: RequestSpec;
  createdBy: string;
  submittedAt: Date | null;
}

export async function insertRequest({ tx }: TxContext, request: NewRequest): Promise<RequestView> {
  const row = await tx
    .insertInto('requests')
    .values({
      project_name: request.projectName,
      state: request.state,
      spec: JSON.stringify(request.spec),
      created_by: request.createdBy,
      submitted_at: request.submittedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toRequestView(row);
}

export async function findRequest({ tx }: TxContext, id: number): Promise<RequestView | undefined> {
  const row = await tx.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toRequestView(row);
}

export interface RequestChange {
  state: RequestState;
  spec?: RequestSpec;
  submittedAt?: Date;
  decidedAt?: Date;
}

/**
 * Write a change only if nobody else changed the request since `version` was read
 * (optimistic concurrency). Returns the new row, or undefined when the version moved on.
 */
export async function updateRequestIfVersion(
  { tx }: TxContext,
  id: number,
  version: number,
  change: RequestChange,
): Promise<RequestView | undefined> {
  const row = await tx
    .updateTable('requests')
    .set({
      state: change.state,
      version: version + 1,
      updated_at: new Date(),
      ...(change.spec && { spec: JSON.stringify(change.spec) }),
      ...(change.submittedAt && { submitted_at: change.submittedAt }),
      ...(change.decidedAt && { decided_at: change.decidedAt }),
    })
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
  return row && toRequestView(row);
}

export interface RequestQuery {
  states?: RequestState[];
  projectName?: string;
  /** env/name: requests with a namespace on that cluster. */
  cluster?: string;
  /** Part of the project's name or display name, or of the team's name (any case). */
  search?: string;
  limit: number;
  offset: number;
  /** newest/oldest by id (the order requests came in); name: by project name. */
  order: 'newest' | 'oldest' | 'name';
}

export async function listRequests(
  { tx }: TxContext,
  query: RequestQuery,
): Promise<{ items: RequestView[]; total: number }> {
  let base = tx.selectFrom('requests');
  if (query.states?.length) base = base.where('state', 'in', query.states);
  if (query.projectName) base = base.where('project_name', '=', query.projectName);
  if (query.cluster) {
    // Containment on the stored (normalised) spec: any namespace on that cluster.
    const wanted = JSON.stringify([{ cluster: normaliseClusterRef(query.cluster) }]);
    base = base.where(sql<boolean>`requests.spec->'namespaces' @> ${wanted}::jsonb`);
  }
  if (query.search) {
    const pattern = `%${query.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    base = base.where((eb) =>
      eb.or([
        eb('project_name', 'ilike', pattern),
        eb(sql<string>`requests.spec->'project'->>'displayName'`, 'ilike', pattern),
        eb(sql<string>`requests.spec->'team'->>'name'`, 'ilike', pattern),
      ]),
    );
  }
  let ordered = base.selectAll();
  ordered =
    query.order === 'name'
      ? ordered.orderBy('project_name', 'asc').orderBy('id', 'asc')
      : ordered.orderBy('id', query.order === 'newest' ? 'desc' : 'asc');
  const [rows, count] = await Promise.all([
    ordered.limit(query.limit).offset(query.offset).execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
  ]);
  return { items: rows.map(toRequestView), total: Number(count?.n ?? 0) };
}

export async function countRequestsByState({ tx }: TxContext): Promise<Record<string, number>> {
  const rows = await tx
    .selectFrom('requests')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('state')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.state, Number(row.n)]));
}

export function toRequestView(row: Selectable<RequestsTable>): RequestView {
  return {
    id: row.id,
    projectName: row.project_name,
    state: row.state as RequestState,
    version: row.version,
    spec: row.spec as RequestSpec,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    submittedAt: row.submitted_at?.toISOString() ?? null,
    decidedAt: row.decided_at?.toISOString() ?? null,
  };
}
