import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TestSmtp, TestWebhooks } from '../community/listeners.ts';
import { announcements, announceToList, communityEnv, duplicates } from './support/community.ts';
import { driveOnboarding, inParallel, newStats, requestStates } from './support/onboard.ts';
import {
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
  await database?.drop();
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
      `${ids.length} commits (one each), ${mailIds.length} mails and ${posts.length} chat posts, none twice. Prometheus: not covered (no harvesting on main yet)`,
  );
});
