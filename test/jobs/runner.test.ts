import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/index.ts';
import { type Database, enqueueJob, listJobs } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

describe(`job runner (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('runs a job once, retries a failing one with backoff, and gives up after the last attempt', async () => {
    const seen: string[] = [];
    const gaveUp: string[] = [];
    let flakyFailures = 2;
    const runner = new JobRunner({
      db: database.db,
      backoffBaseMs: 1,
      maxAttempts: 3,
      handlers: {
        ok: async (job) => {
          seen.push(`ok:${(job.payload as { n: number }).n}`);
        },
        flaky: async () => {
          if (flakyFailures-- > 0) throw new Error('smtp down');
          seen.push('flaky');
        },
        broken: Object.assign(
          async () => {
            throw new Error('always');
          },
          {
            giveUp: async (job: { attempts: number }, error: unknown) => {
              gaveUp.push(`${job.attempts}:${(error as Error).message}`);
            },
          },
        ),
      },
    });
    await enqueueJob({ tx: database.db }, { kind: 'ok', payload: { n: 1 }, dedupeKey: 'ok-1' });
    await enqueueJob({ tx: database.db }, { kind: 'ok', payload: { n: 1 }, dedupeKey: 'ok-1' });
    await enqueueJob({ tx: database.db }, { kind: 'flaky', payload: {} });
    await enqueueJob({ tx: database.db }, { kind: 'broken', payload: {} });
    for (let round = 0; round < 10; round += 1) {
      await runner.runDue();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(seen.sort()).toEqual(['flaky', 'ok:1']);
    const jobs = await listJobs({ tx: database.db });
    expect(jobs.map((job) => [job.kind, job.state, job.attempts])).toEqual([
      ['ok', 'done', 1],
      ['flaky', 'done', 3],
      ['broken', 'failed', 3],
    ]);
    expect(jobs[2]?.last_error).toBe('always');
    // Called once, after the last attempt, with that attempt's error.
    expect(gaveUp).toEqual(['3:always']);
  });

  it('leases only the kinds it can run, leaving others for a process that can', async () => {
    await enqueueJob({ tx: database.db }, { kind: 'mail.send', payload: {} });
    const gitOnly = new JobRunner({ db: database.db, handlers: { 'git.push': async () => {} } });
    expect(await gitOnly.runDue()).toBe(0);
    const mail = (await listJobs({ tx: database.db }, 'mail.send'))[0];
    expect([mail?.state, mail?.attempts]).toEqual(['pending', 0]);
    const mailer = new JobRunner({ db: database.db, handlers: { 'mail.send': async () => {} } });
    expect(await mailer.runDue()).toBe(1);
  });

  it('takes a job again when its worker died holding the lease, and never before', async () => {
    await enqueueJob({ tx: database.db }, { kind: 'lease', payload: {} });
    const done: number[] = [];
    const dead = new JobRunner({
      db: database.db,
      leaseMs: 60_000,
      handlers: { lease: () => new Promise(() => {}) },
    });
    void dead.runDue(); // never finishes: a worker that hangs or was killed
    await new Promise((resolve) => setTimeout(resolve, 200));
    const survivor = new JobRunner({
      db: database.db,
      handlers: { lease: async (job) => void done.push(job.id) },
    });
    expect(await survivor.runDue()).toBe(0);
    await sql`update jobs set locked_until = now() - interval '1 second' where kind = 'lease'`.execute(
      database.db,
    );
    expect(await survivor.runDue()).toBe(1);
    expect(done).toHaveLength(1);
  });
});
