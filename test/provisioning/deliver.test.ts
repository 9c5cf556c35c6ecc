import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEED_TERMS } from '../../src/core/index.ts';
import { type DeliveryTarget, syncWorkspace } from '../../src/delivery/index.ts';
import {
  commitPlan,
  git,
  importRepository,
  openRepository,
  planOnboarding,
  validateRepository,
} from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { applyRequestAction, getRequestDetail, submitRequest } from '../../src/onboarding/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { emptyRemote, remoteLog, type TempRemote, unreachableRunner } from '../support/gitops.ts';

describe(`delivering approved requests to the GitOps repository (${testDatabaseKind()})`, () => {
  let database: Database;
  let remote: TempRemote;
  let ctx: { db: Database['db']; publicUrl: string };
  const target = (workDir: string): DeliveryTarget => ({
    remote: remote.remote,
    branch: 'main',
    workDir,
    mode: 'direct',
  });
  const runnerFor = (workDir: string) =>
    new JobRunner({
      db: database.db,
      // A job that lost every push race is retried; tests should not wait a second for it.
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      handlers: provisioningJobs(ctx, {
        target: target(workDir),
        publicUrl: ctx.publicUrl,
        mergePollMs: 10,
      }),
    });

  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
    ctx = { db: database.db, publicUrl: 'https://opf.example.org' };
  });
  afterAll(async () => {
    await database.close();
    remote.cleanup();
  });

  async function unfinishedDeliveries(): Promise<number> {
    const rows = await database.db
      .selectFrom('jobs')
      .select('id')
      .where('kind', '=', 'gitops.deliver')
      .where('state', 'in', ['pending', 'running'])
      .execute();
    return rows.length;
  }

  async function approve(name: string) {
    const request = await submitRequest(ctx, developer, validRequest(name));
    await applyRequestAction(ctx, reviewer, request.id, 'start-review');
    return applyRequestAction(ctx, reviewer, request.id, 'approve');
  }

  it('commits the change with a message naming and linking the request, then marks it active', async () => {
    const approved = await approve('deliver-one');
    expect(await runnerFor(join(remote.dir, 'work-a')).runDue()).toBeGreaterThanOrEqual(1);
    const detail = await getRequestDetail(ctx, approved.id);
    expect(detail.request.state).toBe('active');
    expect(detail.history.map((e) => e.action).slice(-3)).toEqual([
      'request.approve',
      'request.provision',
      'request.activate',
    ]);
    expect(detail.deliveries).toHaveLength(1);
    expect(detail.deliveries[0]).toMatchObject({
      mode: 'direct',
      outcome: 'committed',
      branch: 'main',
    });
    const message = await git(remote.remote, ['log', '-1', '--format=%B', 'main']);
    expect(message).toContain(`opf request ${approved.id}`);
    expect(message).toContain(`https://opf.example.org/requests/${approved.id}`);
    expect(detail.deliveries[0]!.commitSha).toBe(await git(remote.remote, ['rev-parse', 'main']));
    const work = join(remote.dir, 'check');
    await syncWorkspace(remote.remote, work, 'main');
    const ns = openRepository(work).inventory.namespaces.find((n) => n.name === 'deliver-one-dev');
    expect(ns?.annotations['op1st/onboarding-issue']).toBe(
      `https://opf.example.org/requests/${approved.id}`,
    );
    expect(ns?.clusters).toEqual(['moc/smaug']);
  });

  it('a second run of the same job changes nothing (the change is already there)', async () => {
    const approved = await approve('deliver-twice');
    const runner = runnerFor(join(remote.dir, 'work-a'));
    await runner.runDue();
    const before = await remoteLog(remote.remote);
    // Put the same job back, as a crash after the push would.
    await database.db
      .insertInto('jobs')
      .values({ kind: 'gitops.deliver', payload: JSON.stringify({ requestId: approved.id }) })
      .execute();
    await runner.runDue();
    expect(await remoteLog(remote.remote)).toEqual(before);
  });

  it('ten approvals at once, delivered by three workers racing on one remote: ten commits, nothing lost', async () => {
    // Ten and three are enough for every push to race (the reliability suite races whole
    // replicas); twenty and four cost a minute of CPU in every test run.
    const names = Array.from({ length: 10 }, (_, i) => `burst-${i}`);
    const approved = [];
    for (const name of names) approved.push(await approve(name));
    const before = (await remoteLog(remote.remote)).length;
    const runners = [0, 1, 2].map((i) => runnerFor(join(remote.dir, `worker-${i}`)));
    // Drain the queue: a job that lost every race is back after its backoff, not lost.
    // Each worker leases one job at a time, so all three race on every push (two shared
    // cores).
    const deadline = Date.now() + 240_000;
    while ((await unfinishedDeliveries()) > 0 && Date.now() < deadline) {
      const ran = await Promise.all(runners.map((r) => r.runDue()));
      if (ran.every((n) => n === 0)) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(await unfinishedDeliveries()).toBe(0);
    const log = await remoteLog(remote.remote);
    expect(log.length - before).toBe(names.length);
    for (const request of approved)
      expect((await getRequestDetail(ctx, request.id)).request.state).toBe('active');
    const work = join(remote.dir, 'verify');
    await syncWorkspace(remote.remote, work, 'main');
    const inventory = importRepository(work);
    const smaug = inventory.clusters.find((c) => c.name === 'smaug');
    for (const name of names) expect(smaug?.namespaces).toContain(`${name}-dev`);
    expect(inventory.groups.filter((g) => g.name.startsWith('burst-'))).toHaveLength(names.length);
    // A valid tree: nothing for the validator to report.
    expect(validateRepository(work)).toEqual([]);
  }, 280_000);

  it('a worker killed while its change was half written (files in place, no commit): its next delivery, after the remote moved on, goes through', async () => {
    // The restarted worker finds its clone as the kill left it: a journal, and tracked files
    // edited but not committed. It must bring the clone to the remote's head, not refuse to.
    const work = join(remote.dir, 'work-killed');
    await syncWorkspace(remote.remote, work, 'main');
    const plan = planOnboarding(openRepository(work), validRequest('half-written'));
    let stopped!: () => void;
    const reached = new Promise<void>((resolve) => {
      stopped = resolve;
    });
    // The last file is never put in place and nothing after it runs: as kill -9 there.
    void commitPlan(work, plan, {
      kustomize: false,
      onStep: (index) => {
        if (index < plan.changes.length - 1) return;
        stopped();
        return new Promise<void>(() => {});
      },
    });
    await reached;
    expect(await git(work, ['status', '--porcelain', '--untracked-files=no'])).toMatch(/^ ?M /m);
    // Meanwhile another worker delivers, editing the same overlay files on the remote.
    await approve('moved-on');
    await runnerFor(join(remote.dir, 'work-other')).runDue();
    const before = (await remoteLog(remote.remote)).length;

    const approved = await approve('half-written');
    expect(await runnerFor(work).runDue()).toBe(1);
    const [job] = await database.db
      .selectFrom('jobs')
      .select('last_error')
      .where('kind', '=', 'gitops.deliver')
      .where(sql`payload->>'requestId'`, '=', String(approved.id))
      .execute();
    expect((await getRequestDetail(ctx, approved.id)).request.state, `${job?.last_error}`).toBe(
      'active',
    );
    expect((await remoteLog(remote.remote)).length - before).toBe(1);
  });

  it("another process changing opf's clone at that moment (OPF_ERR_GITOPS_BUSY) is retried with backoff, not put to a person", async () => {
    // A live process holds the clone's write lock, as a second opf on the same data
    // directory mid-write would: the delivery meets OPF_ERR_GITOPS_BUSY, a conflict of the
    // moment. It must wait and try again, not record a failure and ask a person.
    const work = join(remote.dir, 'work-busy');
    await syncWorkspace(remote.remote, work, 'main');
    const holder = spawn('sleep', ['60'], { stdio: 'ignore' });
    const holderGone = new Promise((resolve) => holder.once('exit', resolve));
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(work, '.git/opf-txn'));
    writeFileSync(join(work, '.git/opf-txn/lock'), String(holder.pid));
    const before = (await remoteLog(remote.remote)).length;
    const approved = await approve('busy-clone');
    const runner = runnerFor(work);
    try {
      await runner.runDue();
      const busy = await getRequestDetail(ctx, approved.id);
      expect(busy.request.state).toBe('approved');
      expect(busy.deliveries).toEqual([]);
      expect(busy.comments.map((c) => c.body).join('\n')).not.toContain('needs to look');
      const [job] = await database.db
        .selectFrom('jobs')
        .select(['state', 'last_error'])
        .where('kind', '=', 'gitops.deliver')
        .where(sql`payload->>'requestId'`, '=', String(approved.id))
        .execute();
      expect(job).toMatchObject({
        state: 'pending',
        last_error: expect.stringMatching(/changing/),
      });
    } finally {
      holder.kill('SIGKILL');
      await holderGone;
    }
    // The other process is done: the retry (after the runner's backoff) goes through.
    await new Promise((resolve) => setTimeout(resolve, 250));
    await runner.runDue();
    const detail = await getRequestDetail(ctx, approved.id);
    expect(detail.request.state).toBe('active');
    expect(detail.deliveries.map((d) => d.outcome)).toEqual(['committed']);
    expect((await remoteLog(remote.remote)).length - before).toBe(1);
  });

  it('a delivery that runs out of attempts says so on the request', async () => {
    const approved = await approve('deliver-unreachable');
    const runner = unreachableRunner(ctx, remote.dir);
    await runner.runDue();
    const detail = await getRequestDetail(ctx, approved.id);
    expect(detail.request.state).toBe('approved');
    expect(detail.deliveries.at(-1)).toMatchObject({ outcome: 'failed' });
    expect(detail.deliveries.at(-1)?.message).toMatch(/^gave up after 1 attempts: /);
    expect(detail.comments.at(-1)?.body).toContain('An ops engineer needs to look');
  });

  it('a change the repository refuses is reported on the request, not retried forever', async () => {
    // The namespace already sits in the repository, written by hand behind opf's back.
    const work = join(remote.dir, 'hand');
    await syncWorkspace(remote.remote, work, 'main');
    const spec = validRequest('by-hand', {
      terms: { version: SEED_TERMS.version, accepted: SEED_TERMS.items.map((i) => i.id) },
    });
    const request = await submitRequest(ctx, developer, spec);
    await applyRequestAction(ctx, reviewer, request.id, 'start-review');
    const approved = await applyRequestAction(ctx, reviewer, request.id, 'approve');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(join(work, 'cluster-scope/base/core/namespaces/by-hand-dev'), { recursive: true });
    writeFileSync(
      join(work, 'cluster-scope/base/core/namespaces/by-hand-dev/namespace.yaml'),
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: by-hand-dev\n',
    );
    await git(work, ['add', '-A']);
    await git(work, ['-c', 'user.name=h', '-c', 'user.email=h@h', 'commit', '-q', '-m', 'by hand']);
    await git(work, ['push', '-q', 'origin', 'HEAD:main']);
    await runnerFor(join(remote.dir, 'work-a')).runDue();
    const detail = await getRequestDetail(ctx, approved.id);
    expect(detail.request.state).toBe('approved');
    expect(detail.deliveries.at(-1)).toMatchObject({ outcome: 'failed' });
    expect(detail.deliveries.at(-1)?.message).toMatch(/^OPF_ERR_/);
    expect(detail.comments.at(-1)?.body).toContain('could not write this change');
    const jobs = await database.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', 'gitops.deliver')
      .execute();
    const mine = jobs.filter(
      (job) => (job.payload as { requestId: number }).requestId === approved.id,
    );
    expect(mine.map((job) => job.state)).toEqual(['done']);
  });
});
