import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildProbeApp, jobFailureCounter } from '../../src/server/index.ts';
import { enqueueJob } from '../../src/store/index.ts';
import { testDatabaseKind } from '../support/db.ts';
import { openTestApi, type TestApi } from './helpers.ts';

let api: TestApi;
beforeAll(async () => {
  api = await openTestApi();
});
afterAll(() => api.close());

async function scrape(app: TestApi['app']): Promise<string> {
  const res = await app.inject({ method: 'GET', url: '/metrics' });
  expect(res.statusCode).toBe(200);
  return res.body;
}

/** The value of one series in a Prometheus text exposition (undefined when absent). */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe(`the outbox on /metrics (${testDatabaseKind()})`, () => {
  it('counts jobs by kind and state, the due ones and how long the oldest has waited', async () => {
    const tx = api.database.db;
    const before = await scrape(api.app);
    expect(sample(before, 'opf_database_up')).toBe(1);
    expect(sample(before, 'opf_jobs_pending')).toBe(0);
    expect(sample(before, 'opf_job_oldest_due_seconds')).toBe(0);

    const tenMinutesAgo = new Date(Date.now() - 600_000);
    await enqueueJob({ tx }, { kind: 'metrics.late', payload: {}, runAt: tenMinutesAgo });
    await enqueueJob({ tx }, { kind: 'metrics.late', payload: {} });
    // Not due yet: pending, but no backlog.
    await enqueueJob(
      { tx },
      { kind: 'metrics.later', payload: {}, runAt: new Date(Date.now() + 3_600_000) },
    );
    await enqueueJob({ tx }, { kind: 'metrics.gave-up', payload: {} });
    await sql`update jobs set state = 'failed', last_error = 'smtp down'
      where kind = 'metrics.gave-up'`.execute(tx);

    const after = await scrape(api.app);
    expect(sample(after, 'opf_jobs{kind="metrics.late",state="pending"}')).toBe(2);
    expect(sample(after, 'opf_jobs{kind="metrics.later",state="pending"}')).toBe(1);
    expect(sample(after, 'opf_jobs{kind="metrics.gave-up",state="failed"}')).toBe(1);
    expect(sample(after, 'opf_jobs_pending')).toBe(2);
    const oldest = sample(after, 'opf_job_oldest_due_seconds')!;
    expect(oldest).toBeGreaterThanOrEqual(599);
    expect(oldest).toBeLessThan(3600);
  });

  it('counts announcement deliveries by transport and state', async () => {
    const tx = api.database.db;
    const announcement = await tx
      .insertInto('announcements')
      .values({ kind: 'general', title: 'Maintenance', body: 'Tonight.', author: 'ops' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const [state, channel] of [
      ['failed', 'list-a'],
      ['failed', 'list-b'],
      ['sent', 'list-c'],
    ] as const)
      await tx
        .insertInto('announcement_deliveries')
        .values({
          announcement_id: announcement.id,
          channel_slug: channel,
          transport: 'mail',
          target: `${channel}@example.org`,
          state,
          message_id: `<${channel}@opf.test>`,
        })
        .execute();
    const metrics = await scrape(api.app);
    expect(sample(metrics, 'opf_announcement_deliveries{transport="mail",state="failed"}')).toBe(2);
    expect(sample(metrics, 'opf_announcement_deliveries{transport="mail",state="sent"}')).toBe(1);
  });

  it("a worker's probe app exports the runner's failures and answers nothing else", async () => {
    const failures = jobFailureCounter();
    const probes = await buildProbeApp({
      db: api.database.db,
      databaseKind: testDatabaseKind(),
      processMetrics: [failures],
    });
    failures.inc({ kind: 'gitops.deliver' });
    failures.inc({ kind: 'gitops.deliver' });
    const metrics = await scrape(probes);
    expect(sample(metrics, 'opf_job_failures_total{kind="gitops.deliver"}')).toBe(2);
    expect(sample(metrics, 'opf_database_up')).toBe(1);
    expect((await probes.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await probes.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
    const api404 = await probes.inject({ method: 'GET', url: '/api/v1/requests' });
    expect(api404.statusCode).toBe(404);
    expect(api404.json().code).toBe('OPF_ERR_ROUTE_NOT_FOUND');
    await probes.close();
  });

  it('still answers when the database is gone: opf_database_up 0, the outbox figures unknown', async () => {
    const other = await openTestApi();
    await other.database.close();
    const metrics = await scrape(other.app);
    expect(sample(metrics, 'opf_database_up')).toBe(0);
    expect(sample(metrics, 'opf_jobs_pending')).toBeNaN();
    expect(sample(metrics, 'opf_job_oldest_due_seconds')).toBeNaN();
    expect(metrics).not.toMatch(/^opf_jobs\{/m);
    expect(metrics).toMatch(/^opf_process_cpu_seconds_total /m);
    const ready = await other.app.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    await other.app.close();
  });
});
