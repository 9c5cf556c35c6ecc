import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/index.ts';
import { type Database, enqueueJob, listJobs } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

describe(`jobs with an open key (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const queue = () =>
    enqueueJob({ tx: database.db }, { kind: 'adopt', payload: {}, openKey: 'adopt' });

  it('is queued once while one is open, however many ask at once, and again once it is done', async () => {
    const asked = await Promise.all(Array.from({ length: 5 }, queue));
    expect(asked.filter(Boolean)).toHaveLength(1);
    expect(await queue()).toBe(false);
    expect(await listJobs({ tx: database.db }, 'adopt')).toHaveLength(1);

    let runs = 0;
    const runner = new JobRunner({
      db: database.db,
      handlers: {
        adopt: async () => {
          runs += 1;
          // While it runs it is still open: a replica starting now queues no second one.
          expect(await queue()).toBe(false);
        },
      },
    });
    expect(await runner.runDue()).toBe(1);
    expect(runs).toBe(1);
    // Done: the next start may ask again (the repository may have changed since).
    expect(await queue()).toBe(true);
    const jobs = await listJobs({ tx: database.db }, 'adopt');
    expect(jobs.map((job) => job.state)).toEqual(['done', 'pending']);
  });

  it('a retried job keeps its key: nothing else with it is queued meanwhile', async () => {
    await enqueueJob({ tx: database.db }, { kind: 'flaky', payload: {}, openKey: 'flaky' });
    const runner = new JobRunner({
      db: database.db,
      backoffBaseMs: 60_000,
      handlers: {
        flaky: async () => {
          throw new Error('remote down');
        },
      },
    });
    expect(await runner.runDue()).toBe(1);
    const [job] = await listJobs({ tx: database.db }, 'flaky');
    expect(job?.state).toBe('pending');
    expect(
      await enqueueJob({ tx: database.db }, { kind: 'flaky', payload: {}, openKey: 'flaky' }),
    ).toBe(false);
  });

  it('dedupe keys stay unique for ever, as before', async () => {
    const once = { kind: 'mail', payload: {}, dedupeKey: 'mail:1' };
    expect(await enqueueJob({ tx: database.db }, once)).toBe(true);
    expect(await enqueueJob({ tx: database.db }, once)).toBe(false);
  });
});
