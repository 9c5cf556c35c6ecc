import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type JobHandler, JobRunner } from '../../src/jobs/index.ts';
import {
  type Database,
  databaseNow,
  enqueueJob,
  type JobRecord,
  leaseNextJob,
  listJobs,
} from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

/** A promise the test resolves when it wants a handler to go on. */
function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
}

/** A runner whose lease is never renewed during a test: a worker that stalled. */
const NEVER = 3_600_000;

describe(`job leases (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const jobOf = async (kind: string) => (await listJobs({ tx: database.db }, kind))[0]!;
  const expireLease = (kind: string) =>
    sql`update jobs set locked_until = now() - interval '1 second' where kind = ${kind}`.execute(
      database.db,
    );

  it('a lease that runs out while the job still runs, taken by another worker: one effect, and the stale worker’s result discarded', async () => {
    // The effect is idempotent as opf's are (a git remote that already has the commit):
    // the second worker to arrive finds it done and reports a failure ("remote moved").
    const effects = new Set<string>();
    const apply = (job: JobRecord) => {
      const key = (job.payload as { key: string }).key;
      if (effects.has(key)) throw new Error('rejected: the remote already has it');
      effects.add(key);
    };
    const slow = gate();
    const entered = gate();
    const stale: string[] = [];
    const first = new JobRunner({
      db: database.db,
      leaseMs: 60_000,
      renewMs: NEVER,
      backoffBaseMs: 1,
      onStale: (job, outcome) => stale.push(`${job.attempts}:${outcome}`),
      handlers: {
        push: async (job) => {
          entered.open();
          await slow.opened; // a slow git remote: the lease runs out meanwhile
          apply(job);
        },
      },
    });
    const second = new JobRunner({
      db: database.db,
      backoffBaseMs: 1,
      handlers: { push: async (job) => apply(job) },
    });
    await enqueueJob({ tx: database.db }, { kind: 'push', payload: { key: 'commit-1' } });
    const firstRun = first.runDue();
    await entered.opened;
    await expireLease('push');
    expect(await second.runDue()).toBe(1);
    expect([(await jobOf('push')).state, (await jobOf('push')).attempts]).toEqual(['done', 2]);
    slow.open();
    await firstRun;
    const job = await jobOf('push');
    expect([job.state, job.attempts, job.last_error]).toEqual(['done', 2, null]);
    expect([...effects]).toEqual(['commit-1']);
    expect(stale).toEqual(['1:failed']);
  });

  it('a stale worker’s success is discarded too, and the newer worker’s result stands', async () => {
    const firstGate = gate();
    const firstEntered = gate();
    const secondGate = gate();
    const secondEntered = gate();
    const stale: string[] = [];
    const first = new JobRunner({
      db: database.db,
      renewMs: NEVER,
      onStale: (job, outcome) => stale.push(`${job.attempts}:${outcome}`),
      handlers: {
        slow: async () => {
          firstEntered.open();
          await firstGate.opened;
        },
      },
    });
    const second = new JobRunner({
      db: database.db,
      backoffBaseMs: 60_000,
      handlers: {
        slow: async () => {
          secondEntered.open();
          await secondGate.opened;
          throw new Error('remote unreachable');
        },
      },
    });
    await enqueueJob({ tx: database.db }, { kind: 'slow', payload: {} });
    const firstRun = first.runDue();
    await firstEntered.opened;
    await expireLease('slow');
    const secondRun = second.runDue();
    await secondEntered.opened;
    firstGate.open();
    await firstRun; // finishes first, but the job is no longer its own
    expect((await jobOf('slow')).state).toBe('running');
    secondGate.open();
    await secondRun;
    const job = await jobOf('slow');
    expect([job.state, job.attempts, job.last_error]).toEqual(['pending', 2, 'remote unreachable']);
    expect(stale).toEqual(['1:done']);
  });

  it('confirm(): a stale worker learns it lost the job before it records anything; a live one keeps it', async () => {
    const slow = gate();
    const entered = gate();
    const recorded: string[] = [];
    const stale: string[] = [];
    const handlerFor =
      (who: string, wait: boolean): JobHandler =>
      async (_job, lease) => {
        if (wait) {
          entered.open();
          await slow.opened; // the push took longer than the lease
        }
        await lease.confirm();
        recorded.push(who);
      };
    const first = new JobRunner({
      db: database.db,
      renewMs: NEVER,
      backoffBaseMs: 60_000,
      onStale: (job, outcome) => stale.push(`${job.attempts}:${outcome}`),
      handlers: { record: handlerFor('first', true) },
    });
    const second = new JobRunner({
      db: database.db,
      handlers: { record: handlerFor('second', false) },
    });
    await enqueueJob({ tx: database.db }, { kind: 'record', payload: {} });
    const firstRun = first.runDue();
    await entered.opened;
    await expireLease('record');
    expect(await second.runDue()).toBe(1);
    slow.open();
    await firstRun;
    expect(recorded).toEqual(['second']);
    expect(stale).toEqual(['1:failed']);
    const job = await jobOf('record');
    expect([job.state, job.attempts]).toEqual(['done', 2]);
  });

  it('renews the lease while the handler runs, so no other worker takes a long job', async () => {
    const release = gate();
    const entered = gate();
    const runner = new JobRunner({
      db: database.db,
      leaseMs: 60_000,
      renewMs: 20,
      handlers: {
        long: async () => {
          entered.open();
          await release.opened;
        },
      },
    });
    const other = new JobRunner({ db: database.db, handlers: { long: async () => {} } });
    await enqueueJob({ tx: database.db }, { kind: 'long', payload: {} });
    const run = runner.runDue();
    await entered.opened;
    // As if the lease's time had passed: only the running worker's renewal can save it.
    await expireLease('long');
    await vi.waitFor(
      async () => expect((await jobOf('long')).locked_until!.getTime()).toBeGreaterThan(Date.now()),
      { timeout: 10_000, interval: 20 },
    );
    expect(await other.runDue()).toBe(0);
    release.open();
    await run;
    expect([(await jobOf('long')).state, (await jobOf('long')).attempts]).toEqual(['done', 1]);
  });

  it('tells a handler its lease is lost once another worker holds the job', async () => {
    const entered = gate();
    let reason: unknown;
    const runner = new JobRunner({
      db: database.db,
      renewMs: 20,
      handlers: {
        watched: async (_job, lease) => {
          entered.open();
          await new Promise<void>((resolve) =>
            lease.signal.addEventListener('abort', () => resolve()),
          );
          reason = lease.signal.reason;
          throw reason;
        },
      },
    });
    await enqueueJob({ tx: database.db }, { kind: 'watched', payload: {} });
    const run = runner.runDue();
    await entered.opened;
    // What another worker's lease does to the row.
    await sql`update jobs set lease_token = 'another-worker', attempts = attempts + 1
      where kind = 'watched'`.execute(database.db);
    await run;
    expect(String(reason)).toMatch(/lease on job \d+ lost/);
    expect((await jobOf('watched')).state).toBe('running'); // the other worker's, untouched
  });

  it('counts a worker that died holding the lease as an attempt, and gives up past the cap', async () => {
    const gaveUp: string[] = [];
    const ran: number[] = [];
    const hang: JobHandler = () => new Promise(() => {});
    const dead = () =>
      new JobRunner({ db: database.db, maxAttempts: 2, renewMs: NEVER, handlers: { crash: hang } });
    await enqueueJob({ tx: database.db }, { kind: 'crash', payload: {} });
    for (let attempt = 1; attempt <= 2; attempt += 1) {
      void dead().runDue(); // leases the job, then never reports: killed
      await vi.waitFor(async () => expect((await jobOf('crash')).attempts).toBe(attempt));
      await expireLease('crash');
    }
    const survivor = new JobRunner({
      db: database.db,
      maxAttempts: 2,
      handlers: {
        crash: Object.assign(async (job: JobRecord) => void ran.push(job.id), {
          giveUp: async (job: JobRecord, error: unknown) =>
            void gaveUp.push(`${job.attempts}:${(error as Error).message}`),
        }),
      },
    });
    expect(await survivor.runDue()).toBe(0);
    expect(await survivor.runDue()).toBe(0);
    const job = await jobOf('crash');
    expect([job.state, job.attempts]).toEqual(['failed', 2]);
    expect(job.last_error).toMatch(/^ran out of attempts/);
    expect(ran).toEqual([]);
    expect(gaveUp).toEqual(['2:its worker stopped during the last attempt']);
  });

  it('a job due at the very instant a pass begins runs in that pass (the clock kept to the microsecond)', async () => {
    // In one transaction now() stands still: the job is due at the instant the pass began.
    // Read back as a JavaScript Date (milliseconds) that instant would fall before the
    // job's run_at (microseconds), and the job would wait for the next pass. PGlite's clock
    // ticks in milliseconds, so the PostgreSQL server run (test:contract) is the one that
    // can catch it.
    const leased = await database.db.transaction().execute(async (tx) => {
      await enqueueJob({ tx }, { kind: 'instant', payload: {} });
      const dueBy = await databaseNow({ tx });
      return leaseNextJob({ tx }, { leaseMs: 60_000, kinds: ['instant'], maxAttempts: 8, dueBy });
    });
    expect(leased?.kind).toBe('instant');
  });

  it('stop() lets the job in hand finish and report, and takes no other', async () => {
    const release = gate();
    const entered = gate();
    const done: string[] = [];
    const runner = new JobRunner({
      db: database.db,
      pollMs: 10,
      handlers: {
        drain: async (job) => {
          const name = (job.payload as { name: string }).name;
          entered.open();
          await release.opened;
          done.push(name);
        },
      },
    });
    await enqueueJob({ tx: database.db }, { kind: 'drain', payload: { name: 'first' } });
    await enqueueJob({ tx: database.db }, { kind: 'drain', payload: { name: 'second' } });
    runner.start();
    await entered.opened;
    const stopped = runner.stop(); // SIGTERM arrives while the first job runs
    release.open();
    await stopped;
    expect(done).toEqual(['first']);
    const jobs = await listJobs({ tx: database.db }, 'drain');
    expect(jobs.map((job) => [job.state, job.attempts])).toEqual([
      ['done', 1],
      ['pending', 0],
    ]);
  });
});
