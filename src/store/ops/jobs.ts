import { randomUUID } from 'node:crypto';
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
 * transaction commits. A dedupe key makes enqueueing idempotent for ever (the second is
 * ignored); an open key only while a job with that key is pending or running (a job that
 * may run again later, but never queued twice at once). Returns whether a job was queued.
 */
export async function enqueueJob(
  { tx }: TxContext,
  job: { kind: string; payload: unknown; dedupeKey?: string; openKey?: string; runAt?: Date },
): Promise<boolean> {
  const values = {
    kind: job.kind,
    payload: JSON.stringify(job.payload),
    dedupe_key: job.dedupeKey ?? null,
    open_key: job.openKey ?? null,
    ...(job.runAt && { run_at: job.runAt }),
  };
  const insert = tx.insertInto('jobs').values(values);
  const result = await (job.openKey
    ? // The partial unique index (migration 20261204T0300) is the arbiter: two replicas
      // starting at once both try, one row is written.
      insert.onConflict((oc) =>
        oc.column('open_key').where('state', 'in', ['pending', 'running']).doNothing(),
      )
    : insert.onConflict((oc) => oc.column('dedupe_key').doNothing())
  ).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/** A job as its worker holds it: the token names this lease and no other. */
export interface LeasedJob extends JobRecord {
  leaseToken: string;
}

/**
 * Lease the next due job of the given kinds for `leaseMs`, counting it as an attempt. A job
 * whose worker died is leased again once its lease runs out, so nothing is lost; SKIP
 * LOCKED keeps replicas from taking the same job. Only kinds the caller can run are leased:
 * a process that lacks a handler (an older replica during a rollout) leaves the job for one
 * that has it. A job already at `maxAttempts` is never leased again (see failAbandonedJobs).
 */
export async function leaseNextJob(
  { tx }: TxContext,
  options: {
    leaseMs: number;
    kinds: readonly string[];
    maxAttempts: number;
    /** Only jobs due by then (the database's clock): what a follow-up enqueues waits. */
    dueBy?: DatabaseInstant;
    /** Jobs this pass has run already (failed, rescheduled): not again in the same pass. */
    skip?: readonly number[];
  },
): Promise<LeasedJob | undefined> {
  if (options.kinds.length === 0) return undefined;
  const leaseToken = randomUUID();
  const result = await sql<{ id: number; kind: string; payload: unknown; attempts: number }>`
    update jobs set state = 'running', attempts = attempts + 1, lease_token = ${leaseToken},
      locked_until = now() + make_interval(secs => ${options.leaseMs / 1000})
    where id = (
      select id from jobs
      where ((state = 'pending' and run_at <= ${options.dueBy === undefined ? sql`now()` : sql`${options.dueBy}::timestamptz`})
         or (state = 'running' and locked_until < now() and attempts < ${options.maxAttempts}))
        and kind in (${kindList(options.kinds)})
        ${options.skip?.length ? sql`and id not in (${sql.join(options.skip.map((id) => sql`${id}`))})` : sql``}
      order by run_at, id
      limit 1
      for update skip locked
    )
    returning id, kind, payload, attempts`.execute(tx);
  const row = result.rows[0];
  return row && { ...row, id: Number(row.id), leaseToken };
}

/**
 * An instant on the database's clock, kept as the database wrote it: a JavaScript Date
 * holds milliseconds, the database microseconds, so a job enqueued in the same millisecond
 * just before the pass began would read as after it, and wait a whole pass.
 */
export type DatabaseInstant = string & { readonly __databaseInstant: true };

/** The database's clock: when a pass over the queue begins, for every replica alike. */
export async function databaseNow({ tx }: TxContext): Promise<DatabaseInstant> {
  const result = await sql<{ now: string }>`select now()::text as now`.execute(tx);
  return result.rows[0]!.now as DatabaseInstant;
}

/**
 * Jobs whose worker stopped (crashed, was killed, lost the database) during their last
 * attempt: the lease ran out with no result. That attempt counts, so they fail for good
 * here instead of being leased for ever; returned so the runner can give up on them.
 */
export async function failAbandonedJobs(
  { tx }: TxContext,
  options: { kinds: readonly string[]; maxAttempts: number },
): Promise<JobRecord[]> {
  if (options.kinds.length === 0) return [];
  const result = await sql<{ id: number; kind: string; payload: unknown; attempts: number }>`
    update jobs set state = 'failed', finished_at = now(), locked_until = null,
      lease_token = null, last_error = ${ABANDONED}
    where id in (
      select id from jobs
      where state = 'running' and locked_until < now() and attempts >= ${options.maxAttempts}
        and kind in (${kindList(options.kinds)})
      for update skip locked
    )
    returning id, kind, payload, attempts`.execute(tx);
  return result.rows.map((row) => ({ ...row, id: Number(row.id) }));
}

const ABANDONED =
  'ran out of attempts: the worker running the last one stopped before it finished (its lease ran out)';

function kindList(kinds: readonly string[]) {
  return sql.join(kinds.map((kind) => sql`${kind}`));
}

/**
 * Keep a running job ours for another `leaseMs`. False when the lease is no longer ours
 * (it ran out and another worker took the job): the caller should stop working on it.
 */
export async function renewJobLease(
  { tx }: TxContext,
  job: LeasedJob,
  leaseMs: number,
): Promise<boolean> {
  const result = await sql`
    update jobs set locked_until = now() + make_interval(secs => ${leaseMs / 1000})
    where id = ${job.id} and state = 'running' and lease_token = ${job.leaseToken}`.execute(tx);
  return Number(result.numAffectedRows ?? 0) === 1;
}

/**
 * Record success, fenced by the lease: false (and nothing written) when the lease is no
 * longer this worker's, so a stale worker cannot overwrite the newer one's result.
 */
export async function completeJob({ tx }: TxContext, job: LeasedJob): Promise<boolean> {
  const result = await tx
    .updateTable('jobs')
    .set({
      state: 'done',
      finished_at: new Date(),
      locked_until: null,
      lease_token: null,
      last_error: null,
    })
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_token', '=', job.leaseToken)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

/**
 * Retry later, or give up for good after the last attempt (kept, visible, never deleted).
 * Fenced like completeJob: false when the lease is no longer this worker's.
 */
export async function failJob(
  { tx }: TxContext,
  job: LeasedJob,
  error: string,
  retryAt: Date | undefined,
): Promise<boolean> {
  const result = await tx
    .updateTable('jobs')
    .set(
      retryAt
        ? {
            state: 'pending',
            run_at: retryAt,
            locked_until: null,
            lease_token: null,
            last_error: error,
          }
        : {
            state: 'failed',
            finished_at: new Date(),
            locked_until: null,
            lease_token: null,
            last_error: error,
          },
    )
    .where('id', '=', job.id)
    .where('state', '=', 'running')
    .where('lease_token', '=', job.leaseToken)
    .executeTakeFirst();
  return result.numUpdatedRows === 1n;
}

export async function listJobs({ tx }: TxContext, kind?: string) {
  let q = tx.selectFrom('jobs').selectAll().orderBy('id');
  if (kind) q = q.where('kind', '=', kind);
  return q.execute();
}
