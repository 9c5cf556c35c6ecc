import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { communityJobs, DEFAULT_COMMUNITY_SETTINGS } from '../../src/community/index.ts';
import { syncWorkspace } from '../../src/delivery/index.ts';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  decideOffboarding,
  NO_INCIDENT_SOURCE,
  proposeOffboarding,
} from '../../src/engagement/index.ts';
import { git, openRepository } from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { applyRequestAction, getRequestDetail, submitRequest } from '../../src/onboarding/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import { FakeGitHub } from '../support/github-fake.ts';
import { emptyRemote, remoteLog, type TempRemote } from '../support/gitops.ts';

/**
 * Offboarding in pull-request mode, like onboarding: the removal goes out as a pull request
 * through the GitHub adapter (against an in-memory GitHub), the request stays offboarding
 * while it is open, and becomes offboarded only once it is merged into the branch ArgoCD
 * applies. A pull request closed without merging leaves it offboarding, for a person.
 */
describe(`offboarding through a pull request (${testDatabaseKind()} + a local GitOps repository)`, () => {
  let database: Database;
  let remote: TempRemote;
  let github: FakeGitHub;
  let runner: JobRunner;
  const publicUrl = 'https://opf.example.org';
  const ctx = () => ({ db: database.db, publicUrl });
  const engagement = () => ({
    ...ctx(),
    settings: DEFAULT_ENGAGEMENT_SETTINGS,
    incidents: NO_INCIDENT_SOURCE,
  });
  const ops = { name: 'ops-olga', source: 'test' };
  const member = { name: 'bob_openshift.user', source: 'test' };

  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
    github = new FakeGitHub(remote.remote, remote.dir);
    runner = new JobRunner({
      db: database.db,
      backoffBaseMs: 10,
      handlers: {
        ...provisioningJobs(ctx(), {
          target: {
            remote: remote.remote,
            branch: 'main',
            workDir: join(remote.dir, 'work'),
            mode: 'pull-request',
            forge: github.forge,
          },
          publicUrl,
          // Each look at an open pull request is due again at once: runDue is the clock.
          mergePollMs: 0,
        }),
        ...communityJobs(ctx(), DEFAULT_COMMUNITY_SETTINGS),
      },
    });
  });
  afterAll(async () => {
    await database?.close();
    remote?.cleanup();
  });

  const state = async (id: number) => (await getRequestDetail(ctx(), id)).request.state;
  const outcomes = async (id: number) =>
    (await getRequestDetail(ctx(), id)).deliveries.map((d) => d.outcome);
  async function namespacesOnMain(): Promise<string[]> {
    const work = join(remote.dir, 'check');
    await syncWorkspace(remote.remote, work, 'main');
    return openRepository(work)
      .inventory.namespaces.map((n) => n.name)
      .sort();
  }

  /** Onboarded through its own pull request, merged: active. */
  async function onboarded(name: string): Promise<number> {
    const request = await submitRequest(ctx(), developer, validRequest(name));
    await applyRequestAction(ctx(), reviewer, request.id, 'start-review');
    await applyRequestAction(ctx(), reviewer, request.id, 'approve');
    await runner.runDue();
    await github.merge(`opf/request-${request.id}`);
    await runner.runDue();
    expect(await state(request.id)).toBe('active');
    return request.id;
  }

  /** The team asks to leave (no notice period); ops decide: the removal job is due. */
  async function leaving(id: number): Promise<void> {
    await proposeOffboarding(engagement(), member, id, 'We moved to another cloud.');
    await decideOffboarding(engagement(), ops, id);
    expect(await state(id)).toBe('offboarding');
  }

  it('the removal is a pull request; offboarded only once it is merged', async () => {
    const id = await onboarded('leaver');
    await onboarded('stayer');
    expect(await namespacesOnMain()).toEqual(['leaver-dev', 'stayer-dev']);
    await leaving(id);
    const mainBefore = await remoteLog(remote.remote);

    await runner.runDue(); // the removal: a branch and a pull request, nothing on main
    const pull = github.pull(`opf/offboard-${id}`);
    expect(pull).toMatchObject({ base: 'main', state: 'open', merged: false });
    expect(pull.title).toBe(`Offboard leaver (opf request ${id})`);
    expect(await remoteLog(remote.remote)).toEqual(mainBefore);
    expect(await git(remote.remote, ['log', '-1', '--format=%s', `opf/offboard-${id}`])).toBe(
      `Offboard leaver (opf request ${id})`,
    );
    const proposed = (await getRequestDetail(ctx(), id)).deliveries.at(-1);
    expect(proposed).toMatchObject({
      mode: 'pull-request',
      outcome: 'removal-proposed',
      branch: `opf/offboard-${id}`,
      pullRequestUrl: `https://github.com/operate-first/apps/pull/${pull.number}`,
    });
    expect(await state(id)).toBe('offboarding');
    expect(await namespacesOnMain()).toEqual(['leaver-dev', 'stayer-dev']);

    await runner.runDue(); // the pull request is still open: still offboarding, looked at later
    await runner.runDue();
    expect(await state(id)).toBe('offboarding');
    expect(await outcomes(id)).not.toContain('removal-merged');

    await github.merge(`opf/offboard-${id}`);
    await runner.runDue();
    expect(await state(id)).toBe('offboarded');
    expect((await outcomes(id)).slice(-2)).toEqual(['removal-proposed', 'removal-merged']);
    expect(await namespacesOnMain()).toEqual(['stayer-dev']);
    expect(
      existsSync(join(remote.dir, 'check', 'cluster-scope/base/core/namespaces/leaver-dev')),
    ).toBe(false);
    const finished = (await getRequestDetail(ctx(), id)).history.find(
      (e) => e.action === 'request.finish-offboarding',
    );
    expect(finished?.reason).toBe(
      `removal merged: https://github.com/operate-first/apps/pull/${pull.number}`,
    );
  }, 180_000);

  it('a removal pull request closed without merging leaves the request offboarding, said on it', async () => {
    const id = await onboarded('hesitant');
    await leaving(id);
    await runner.runDue();
    github.close(`opf/offboard-${id}`);
    await runner.runDue();
    expect(await state(id)).toBe('offboarding');
    expect((await outcomes(id)).slice(-2)).toEqual(['removal-proposed', 'failed']);
    const comments = (await getRequestDetail(ctx(), id)).comments.map((c) => c.body);
    expect(comments.at(-1)).toContain('was closed without merging');
    expect(await namespacesOnMain()).toContain('hesitant-dev');
    // Nothing keeps looking at a closed pull request.
    expect(await runner.runDue()).toBe(0);
  }, 120_000);
});
