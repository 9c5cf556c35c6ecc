import { sql } from 'kysely';
import type { TxContext } from '../schema.ts';

export interface JobRecord {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
}

/**
 * Put a side effect in the outbox, inside the caller's transaction: it runs only if that
 * transaction commits. A dedupe key makes enqueueing idempotent (the second is ignored).
 */
export async function enqueueJob(
  { tx }: TxContext,
  job: { kind: string; payload: unknown; dedupeKey?: string; runAt?: Date },
): Promise<void> {
  await tx
    .insertInto('jobs')
    .values({
      kind: job.kind,
      payload: JSON.stringify(job.payload),
      dedupe_key: job.dedupeKey ?? null,
      ...(job.runAt && { run_at: job.runAt }),
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

/**
 * Lease up to `limit` due jobs of the given kinds for `leaseMs`. A job whose worker died is
 * leased again once its lease runs out, so nothing is lost; SKIP LOCKED keeps replicas from
 * taking the same job. Only kinds the caller can run are leased: a process that lacks a
 * handler (an older replica during a rollout) leaves the job for one that has it.
 */
export async function leaseDueJobs(
  { tx }: TxContext,
  limit: number,
  leaseMs: number,
  kinds: readonly string[],
): Promise<JobRecord[]> {
  if (kinds.length === 0) return [];
  const result = await sql<{ id: number; kind: string; payload: unknown; attempts: number }>`
    update jobs set state = 'running', attempts = attempts + 1,
      locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id in (
      select id from jobs
      where ((state = 'pending' and run_at <= now())
         or (state = 'running' and locked_until < now()))
        and kind in (${sql.join(kinds.map((kind) => sql`${kind}`))})
      order by run_at, id
      limit ${limit}
      for update skip locked
    )
    returning id, kind, payload, attempts`.execute(tx);
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

export async function completeJob({ tx }: TxContext, id: number): Promise<void> {
  await tx
    .updateTable('jobs')
    .set({ state: 'done', finished_at: new Date(), locked_until: null, last_error: null })
    .where('id', '=', id)
    .execute();
}

/** Retry later, or give up for good after the last attempt (kept, visible, never deleted). */
export async function failJob(
  { tx }: TxContext,
  id: number,
  error: string,
  retryAt: Date | undefined,
): Promise<void> {
  await tx
    .updateTable('jobs')
    .set(
      retryAt
        ? { state: 'pending', run_at: retryAt, locked_until: null, last_error: error }
        : { state: 'failed', finished_at: new Date(), locked_until: null, last_error: error },
    )
    .where('id', '=', id)
    .execute();
}

export async function listJobs({ tx }: TxContext, kind?: string) {
  let q = tx.selectFrom('jobs').selectAll().orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}
