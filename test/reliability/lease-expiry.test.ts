import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { validRequest } from '../support/fixtures.ts';
import {
  api,
  commitSubjects,
  commitsPerRequest,
  freshDatabase,
  gitRemote,
  OpfProcess,
  query,
  scratch,
  until,
} from './support/opf.ts';

const temp = scratch('opf-rel-lease-');
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let replicas: OpfProcess[] = [];
afterAll(async () => {
  for (const replica of replicas) replica.resume();
  await Promise.all(replicas.map((r) => r.kill9()));
  await database?.drop();
  temp.remove();
});

/**
 * A slow git remote: the first push after `slowFlag` appears is held by the pre-receive hook
 * for `seconds` (it marks `started` as it begins), the rest go through at once.
 */
function slowOnce(remote: string, seconds: number) {
  const slowFlag = join(temp.dir, 'slow-next-push');
  const started = join(temp.dir, 'slow-push-started');
  const hook = join(remote, 'hooks', 'pre-receive');
  writeFileSync(
    hook,
    `#!/bin/sh\ncat >/dev/null\nif [ -e '${slowFlag}' ]; then rm -f '${slowFlag}'; touch '${started}'; sleep ${seconds}; fi\nexit 0\n`,
  );
  chmodSync(hook, 0o755);
  return { arm: () => writeFileSync(slowFlag, ''), started: () => existsSync(started) };
}

it('a job whose lease runs out while its push is still running is taken by another replica: one commit, one delivery record, and the stale worker’s result discarded', async () => {
  database = await freshDatabase();
  const remote = await gitRemote(join(temp.dir, 'remote.git'));
  const slow = slowOnce(remote, 10);
  const make = (name: string, role: 'all' | 'worker') =>
    new OpfProcess({
      name,
      role,
      databaseUrl: database!.url,
      remote,
      dataDir: join(temp.dir, name),
      env: { OPF_JOB_LEASE_SECONDS: '2', OPF_ANNOUNCE_AUTO: 'none' },
    });
  const first = make('first', 'all');
  const second = make('second', 'worker');
  replicas = [first, second];
  const base = await first.start();

  const created = await api(base, 'POST', '/api/v1/requests', validRequest('slow-remote'));
  expect(created.status).toBe(201);
  const id = created.json.id as number;
  expect((await api(base, 'POST', `/api/v1/requests/${id}/start-review`, {})).status).toBe(200);
  slow.arm();
  expect((await api(base, 'POST', `/api/v1/requests/${id}/approve`, {})).status).toBe(200);
  // The first replica's push is in the slow remote; then the replica stalls (as a process
  // starved of CPU or stopped by a debugger does), so its lease is not renewed.
  expect(await until(async () => slow.started(), 60_000, 50)).toBe(true);
  first.pause();
  await second.start();
  const state = async () =>
    (
      await query<{ state: string }>(database!.url, `select state from requests where id = ${id}`)
    )[0]!.state;
  expect(await until(async () => (await state()) === 'active', 90_000)).toBe(true);

  // The stalled worker wakes up with its push done or refused; whatever it reports now is not
  // its own to report any more.
  first.resume();
  expect(
    await until(async () => first.lines.some((l) => l.includes('job result discarded')), 60_000),
    first.lines.slice(-20).join('\n'),
  ).toBe(true);

  const perRequest = commitsPerRequest(await commitSubjects(remote));
  expect(perRequest.get(id)).toBe(1);
  const deliveries = await query<{ outcome: string }>(
    database.url,
    `select outcome from request_deliveries where request_id = ${id}`,
  );
  expect(deliveries).toHaveLength(1);
  const jobs = await query<{ state: string; attempts: number }>(
    database.url,
    "select state, attempts from jobs where kind = 'gitops.deliver'",
  );
  expect(jobs).toEqual([{ state: 'done', attempts: 2 }]);
  const history = await api(base, 'GET', `/api/v1/requests/${id}/history`);
  const actions = (history.json.items as { action: string }[]).map((h) => h.action);
  expect(
    actions.filter((a) => /activate$/.test(a)),
    actions.join(', '),
  ).toHaveLength(1);
  expect(
    actions.filter((a) => /provision$/.test(a)),
    actions.join(', '),
  ).toHaveLength(1);
  console.info(
    `lease: job leased twice (attempts 2); the first worker stalled ${'>'}2 s lease during a 10 s push; ` +
      `one commit, deliveries recorded: ${deliveries.map((d) => d.outcome).join(', ')}; stale result discarded`,
  );
});
