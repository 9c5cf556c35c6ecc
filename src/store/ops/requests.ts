import type { Selectable } from 'kysely';
import type { RequestSpec, RequestState, RequestView } from '../../core/index.ts';
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
  limit: number;
  offset: number;
  order: 'newest' | 'oldest';
}

export async function listRequests(
  { tx }: TxContext,
  query: RequestQuery,
): Promise<{ items: RequestView[]; total: number }> {
  let base = tx.selectFrom('requests');
  if (query.states?.length) base = base.where('state', 'in', query.states);
  if (query.projectName) base = base.where('project_name', '=', query.projectName);
  const [rows, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', query.order === 'newest' ? 'desc' : 'asc')
      .limit(query.limit)
      .offset(query.offset)
      .execute(),
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

function toRequestView(row: Selectable<RequestsTable>): RequestView {
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
