import { mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestSmtp, TestWebhooks } from '../community/listeners.ts';
import {
  backfill,
  type RunningPrometheus,
  type SyntheticNamespace,
  startPrometheus,
  writeOpenMetrics,
  writeQuotaFamily,
} from '../telemetry/synthetic.ts';
import { announcements, announceToList, communityEnv, duplicates } from './support/community.ts';
import { driveOnboarding, inParallel, newStats, requestStates } from './support/onboard.ts';
import {
  api,
  commitSubjects,
  commitsPerRequest,
  freshDatabase,
  gitRemote,
  OpfProcess,
  pause,
  query,
  scratch,
  until,
} from './support/opf.ts';
import { SIZES } from './support/sizes.ts';

const temp = scratch('opf-rel-outage-');
let smtp: TestSmtp;
let hooks: TestWebhooks;
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let telemetryDatabase: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let prometheus: RunningPrometheus | undefined;
let replicas: OpfProcess[] = [];
beforeAll(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  hooks = new TestWebhooks();
  await hooks.start();
});
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill9()));
  await smtp.stop();
  await hooks.stop();
  await prometheus?.stop();
  await database?.drop();
  await telemetryDatabase?.drop();
  temp.remove();
});

const ONBOARDINGS = 6;

it(`outages of the git remote, the mail server and the chat webhooks (${SIZES.outageSeconds} s and more, all at once): work waits, resumes, and nothing is lost or sent twice`, async () => {
  database = await freshDatabase();
  const remote = await gitRemote(join(temp.dir, 'remote.git'));
  replicas = [1, 2].map(
    (n) =>
      new OpfProcess({
        name: `replica-${n}`,
        databaseUrl: database!.url,
        remote,
        dataDir: join(temp.dir, `data-${n}`),
        env: communityEnv(smtp, hooks),
      }),
  );
  const bases = await Promise.all(replicas.map((r) => r.start()));
  await announceToList(bases[0]!);

  // Down: the remote's directory is gone, the mail server refuses connections, and the chat
  // service's port is closed.
  const hidden = `${remote}.down`;
  renameSync(remote, hidden);
  await smtp.stop();
  await hooks.stop();
  const downAt = Date.now();
  const stats = newStats();
  const names = Array.from({ length: ONBOARDINGS }, (_, k) => `outage-p${k}`);
  const ids = await inParallel(names, 3, (name, k) =>
    driveOnboarding(() => bases[k % 2]!, name, stats),
  );
  await pause(Math.max(0, SIZES.outageSeconds * 1000 - (Date.now() - downAt)));
  // While it is down, the approvals wait (not failed), and nothing went out.
  const during = await requestStates(bases[0]!);
  expect(ids.map((id) => during.get(id))).toEqual(ids.map(() => 'approved'));
  const waiting = await query<{ n: string }>(
    database.url,
    "select count(*) as n from jobs where state = 'pending' and attempts > 0 and last_error is not null",
  );
  expect(Number(waiting[0]!.n)).toBeGreaterThan(0);
  expect(smtp.accepted).toEqual([]);
  expect(hooks.received).toEqual([]);

  renameSync(hidden, remote);
  await smtp.start();
  await hooks.start();
  const upAt = Date.now();
  const expected = ids.length * 2; // announced when approved and when onboarded
  const resumed = await until(async () => {
    const states = await requestStates(bases[1]!);
    return (
      ids.every((id) => states.get(id) === 'active') &&
      smtp.accepted.length >= expected &&
      hooks.to('/slack/').length >= expected
    );
  }, 180_000);
  const resumedAfter = Date.now() - upAt;
  await pause(3000); // a duplicate, if any, would arrive now
  expect(resumed, `mails ${smtp.accepted.length}, posts ${hooks.received.length}`).toBe(true);
  expect(stats.serverErrors).toEqual([]);

  const perRequest = commitsPerRequest(await commitSubjects(remote));
  expect(ids.map((id) => perRequest.get(id))).toEqual(ids.map(() => 1));
  const mailIds = smtp.accepted.map((m) => m.headers['message-id'] ?? '');
  expect(duplicates(mailIds)).toEqual([]);
  expect(mailIds).toHaveLength(expected);
  const posts = hooks.to('/slack/').map((r) => JSON.stringify(r.body));
  expect(duplicates(posts)).toEqual([]);
  expect(posts).toHaveLength(expected);
  const announced = await announcements(bases[0]!);
  expect(announced.flatMap((a) => a.deliveries.map((d) => d.state))).toEqual(
    Array(expected * 2).fill('sent'),
  );
  const jobs = await query<{ state: string; retried: string }>(
    database.url,
    // Jobs scheduled for a later hour (the hourly sweeps) are not work that waits on an outage.
    'select state, count(*) filter (where attempts > 1) as retried from jobs where run_at <= now() group by state',
  );
  expect(jobs.map((j) => j.state)).toEqual(['done']);
  console.info(
    `outages: git remote, SMTP and chat webhooks down ${((upAt - downAt) / 1000).toFixed(1)} s at once while ${ids.length} requests were approved; ` +
      `${jobs[0]!.retried} jobs retried through it; all delivered ${(resumedAfter / 1000).toFixed(1)} s after the services came back: ` +
      `${ids.length} commits (one each), ${mailIds.length} mails and ${posts.length} chat posts, none twice`,
  );
});

/** Two namespaces over one day of history (its blocks are cached: test/telemetry/synthetic.ts). */
const HISTORY: SyntheticNamespace[] = ['outage-a', 'outage-b'].map((name, n) => ({
  name,
  cpu: (i) => 0.25 + n + (i % 4) * 0.125,
  memory: () => 2 ** 30,
  quota: { cpu: 4, memory: 8 * 2 ** 30 },
  cpuLimitsUsed: () => 1,
}));
const HISTORY_HOURS = 24;
const HISTORY_START = new Date('2026-11-02T00:00:00Z');

it(`an outage of Prometheus (${SIZES.outageSeconds} s and more) during a harvest: the hours it missed are recorded as gaps and harvested once it is back, each once`, async () => {
  const dir = join(temp.dir, 'prometheus');
  mkdirSync(dir);
  const seconds = HISTORY_START.getTime() / 1000;
  await writeOpenMetrics(join(dir, 'main.om'), HISTORY, seconds, HISTORY_HOURS, 2);
  await writeQuotaFamily(join(dir, 'quota.om'), HISTORY, seconds, HISTORY_HOURS, 2);
  await backfill([join(dir, 'main.om'), join(dir, 'quota.om')], join(dir, 'tsdb'));
  prometheus = await startPrometheus(join(dir, 'tsdb'));
  telemetryDatabase = await freshDatabase();
  const remote = await gitRemote(join(temp.dir, 'telemetry-remote.git'));
  const cluster = 'moc/smaug';
  const pair = [1, 2].map(
    (n) =>
      new OpfProcess({
        name: `telemetry-${n}`,
        databaseUrl: telemetryDatabase!.url,
        remote,
        dataDir: join(temp.dir, `telemetry-${n}`),
        env: { OPF_TELEMETRY_SOURCES: JSON.stringify([{ cluster, url: prometheus!.url }]) },
      }),
  );
  replicas.push(...pair);
  const bases = await Promise.all(pair.map((r) => r.start()));
  const rows = async () =>
    Number(
      (
        await query<{ n: string }>(
          telemetryDatabase!.url,
          'select count(*) as n from telemetry_hourly',
        )
      )[0]!.n,
    );
  const end = new Date(HISTORY_START.getTime() + HISTORY_HOURS * 3_600_000);
  // Gap hours inside the day asked for (the hourly harvest of recent hours may add its own).
  const gapHours = async () => {
    const gaps = await api(bases[1]!, 'GET', `/api/v1/telemetry/gaps?cluster=${cluster}`);
    return (gaps.json.items as { from: string; to: string; hours: number }[])
      .filter(
        (g) => Date.parse(g.from) >= HISTORY_START.getTime() && Date.parse(g.to) <= end.getTime(),
      )
      .reduce((sum, g) => sum + g.hours, 0);
  };

  // Down: Prometheus is killed, then an operator asks for a day's harvest.
  prometheus.kill();
  await prometheus.exited();
  const downAt = Date.now();
  const asked = await api(bases[0]!, 'POST', '/api/v1/telemetry/harvests', {
    cluster,
    from: HISTORY_START.toISOString(),
    to: end.toISOString(),
  });
  expect(asked.status).toBe(202);
  let run = asked.json;
  await until(async () => {
    run = (await api(bases[1]!, 'GET', `/api/v1/telemetry/harvests/${asked.json.id}`)).json;
    return run.state === 'done' || run.state === 'failed';
  }, 120_000);
  // The harvest finished and says what it missed: every hour a gap, nothing stored.
  expect(run).toMatchObject({ state: 'done', hoursDone: 0, hoursGap: HISTORY_HOURS });
  expect(await gapHours()).toBe(HISTORY_HOURS);
  expect(await rows()).toBe(0);
  await pause(Math.max(0, SIZES.outageSeconds * 1000 - (Date.now() - downAt)));

  // Back: the next hourly harvest (brought forward: the test does not wait for the hour)
  // harvests the gap hours again.
  await prometheus.start();
  const upAt = Date.now();
  const due = await query(
    telemetryDatabase.url,
    "update jobs set run_at = now() where kind = 'telemetry.tick' and state = 'pending' returning id",
  );
  expect(due.length).toBe(1);
  const expected = HISTORY.length * HISTORY_HOURS;
  const filled = await until(
    async () => (await gapHours()) === 0 && (await rows()) >= expected,
    180_000,
    500,
  );
  const filledAfter = Date.now() - upAt;
  expect(filled, `gap hours ${await gapHours()}, rows ${await rows()}`).toBe(true);
  expect(await rows()).toBe(expected);
  const stored = await query<{ namespace: string; hours: string }>(
    telemetryDatabase.url,
    `select s.namespace, count(distinct h.hour) as hours from telemetry_hourly h
     join telemetry_series s on s.id = h.series_id group by s.namespace order by s.namespace`,
  );
  expect(stored.map((r) => [r.namespace, Number(r.hours)])).toEqual(
    HISTORY.map((ns) => [ns.name, HISTORY_HOURS]),
  );
  console.info(
    `outages: Prometheus down ${((upAt - downAt) / 1000).toFixed(1)} s during a ${HISTORY_HOURS}-hour harvest: ` +
      `${run.hoursGap} gap hours recorded, nothing stored; the next hourly harvest filled them ${(filledAfter / 1000).toFixed(1)} s after it came back: ` +
      `${expected} hourly rows (${HISTORY.length} namespaces × ${HISTORY_HOURS} hours), each once, no gap left`,
  );
});
