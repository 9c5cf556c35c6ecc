import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REFERENCE_QUOTA_TIERS, SEED_CLUSTERS } from '../../src/core/index.ts';
import { TestSmtp, TestWebhooks } from '../community/listeners.ts';
import {
  announcements,
  announceToList,
  communityEnv,
  duplicates,
  LIST_ADDRESS,
} from './support/community.ts';
import { driveOnboarding, inParallel, newStats, requestStates } from './support/onboard.ts';
import {
  commitSubjects,
  commitsPerRequest,
  freshDatabase,
  gitRemote,
  OpfProcess,
  query,
  scratch,
  until,
} from './support/opf.ts';
import { SIZES } from './support/sizes.ts';

let smtp: TestSmtp;
let hooks: TestWebhooks;
const temp = scratch('opf-rel-replicas-');
beforeAll(async () => {
  smtp = new TestSmtp();
  await smtp.start();
  hooks = new TestWebhooks();
  await hooks.start();
});
afterAll(async () => {
  await smtp.stop();
  await hooks.stop();
  temp.remove();
});

describe.each([2, 3])('%i replicas started at the same moment on an empty database', (count) => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let replicas: OpfProcess[] = [];
  afterAll(async () => {
    await Promise.all(replicas.map((replica) => replica.kill9()));
    if (replicas.some((r) => r.lines.some((l) => /"level":50/.test(l))))
      console.warn(replicas.flatMap((r) => r.lines).join('\n'));
    await database?.drop();
  });

  it('share one database and one git remote: each approval, made on any of them, is delivered once (one commit, one mail and one chat post per announcement)', async () => {
    smtp.accepted = [];
    hooks.received = [];
    database = await freshDatabase();
    const remote = await gitRemote(join(temp.dir, `remote-${count}.git`));
    replicas = Array.from(
      { length: count },
      (_, i) =>
        new OpfProcess({
          name: `replica-${i + 1}`,
          databaseUrl: database.url,
          remote,
          dataDir: join(temp.dir, `data-${count}-${i + 1}`),
          env: communityEnv(smtp, hooks),
        }),
    );
    // All at once on an empty database: migrations and the seed race here.
    const bases = await Promise.all(replicas.map((replica) => replica.start()));
    await announceToList(bases[0]!);

    const began = Date.now();
    const stats = newStats();
    const names = Array.from({ length: SIZES.replicaApprovals }, (_, k) => `rep${count}-p${k}`);
    // Each onboarding through its own replica, the next through the next one.
    const ids = await inParallel(names, 6, (name, k) =>
      driveOnboarding(() => bases[k % count]!, name, stats),
    );
    console.info(`${count} replicas: ${ids.length} approved in ${Date.now() - began} ms`);
    const expectedMails = ids.length * 2; // announced when approved and when onboarded
    const settled = await until(async () => {
      const states = await requestStates(bases[count - 1]!);
      return (
        ids.every((id) => states.get(id) === 'active') &&
        smtp.accepted.length >= expectedMails &&
        hooks.to('/slack/').length >= expectedMails
      );
    }, 120_000);
    console.info(`${count} replicas: all delivered ${Date.now() - began} ms after the first call`);
    // Whatever is still to come (a duplicate) has time to arrive before the count.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    const states = await requestStates(bases[0]!);
    expect(settled, `states: ${JSON.stringify([...states])}; mails ${smtp.accepted.length}`).toBe(
      true,
    );
    expect(stats.serverErrors).toEqual([]);

    const perRequest = commitsPerRequest(await commitSubjects(remote));
    expect(ids.map((id) => perRequest.get(id))).toEqual(ids.map(() => 1));
    expect([...perRequest.keys()].sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));

    const mailIds = smtp.accepted.map((m) => m.headers['message-id'] ?? '');
    expect(duplicates(mailIds)).toEqual([]);
    expect(mailIds).toHaveLength(expectedMails);
    expect(smtp.accepted.every((m) => m.to.includes(LIST_ADDRESS))).toBe(true);
    const posts = hooks.to('/slack/').map((r) => JSON.stringify(r.body));
    expect(duplicates(posts)).toEqual([]);
    expect(posts).toHaveLength(expectedMails);
    const announced = await announcements(bases[1]!);
    expect(announced).toHaveLength(expectedMails);
    expect(announced.flatMap((a) => a.deliveries.map((d) => d.state))).toEqual(
      Array(expectedMails * 2).fill('sent'),
    );

    // Seeded once, migrated once, and each start asked for at most one adoption at a time.
    const count1 = async (text: string) =>
      Number((await query<{ n: string }>(database.url, text))[0]!.n);
    expect(await count1('select count(*) as n from clusters')).toBe(SEED_CLUSTERS.length);
    expect(await count1('select count(*) as n from quota_tiers')).toBe(
      REFERENCE_QUOTA_TIERS.length,
    );
    expect(
      await count1("select count(*) as n from jobs where kind = 'gitops.adopt'"),
    ).toBeLessThanOrEqual(count);
    // Every job due is done; the hourly sweeps scheduled for a later hour are not due yet.
    expect(
      await count1("select count(*) as n from jobs where state <> 'done' and run_at <= now()"),
    ).toBe(0);
  });
});
