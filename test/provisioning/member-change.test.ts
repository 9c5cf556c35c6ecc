import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isOpfError } from '../../src/core/index.ts';
import { type DeliveryTarget, syncWorkspace } from '../../src/delivery/index.ts';
import type { Forge, OpenPullRequest, PullRequestRef } from '../../src/forge/index.ts';
import { git, openRepository } from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import {
  applyRequestAction,
  getProject,
  getProjectMembers,
  requestMemberChange,
  submitRequest,
} from '../../src/onboarding/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import { type Database, listAuditEvents } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { developer, reviewer, validRequest } from '../support/fixtures.ts';
import {
  emptyRemote,
  mergeOnRemote,
  remoteLog,
  type TempRemote,
  unreachableRunner,
} from '../support/gitops.ts';

const groupFile = (team: string) =>
  `cluster-scope/base/user.openshift.io/groups/${team}/group.yaml`;

/**
 * A forge over the bare remote itself: a pull request is a branch, merging it is a real
 * `git merge` pushed to the base branch. Enough to follow a change through review.
 */
class LocalForge implements Forge {
  readonly name = 'local';
  readonly pulls: (OpenPullRequest & { state: PullRequestRef['state'] })[] = [];
  constructor(
    private readonly remote: string,
    private readonly scratch: string,
  ) {}
  async openPullRequest(request: OpenPullRequest): Promise<PullRequestRef> {
    const open = this.pulls.findIndex((p) => p.head === request.head && p.state === 'open');
    if (open === -1) this.pulls.push({ ...request, state: 'open' });
    return this.getPullRequest(open === -1 ? this.pulls.length : open + 1);
  }
  async getPullRequest(number: number): Promise<PullRequestRef> {
    const pull = this.pulls[number - 1]!;
    return { number, url: `https://forge.example.org/pull/${number}`, state: pull.state };
  }
  async merge(number: number): Promise<void> {
    const pull = this.pulls[number - 1]!;
    await mergeOnRemote(this.remote, this.scratch, {
      head: pull.head,
      base: pull.base,
      message: `Merge ${pull.head}`,
    });
    pull.state = 'merged';
  }
}

describe('member changes delivered to the team group file', () => {
  let database: Database;
  let remote: TempRemote;
  let ctx: { db: Database['db']; publicUrl: string };
  const owner = { name: 'alice-dev', source: 'test' };
  const target = (workDir: string, forge?: Forge): DeliveryTarget => ({
    remote: remote.remote,
    branch: 'main',
    workDir,
    mode: forge ? 'pull-request' : 'direct',
    ...(forge && { forge }),
  });
  const runnerFor = (workDir: string, forge?: Forge) =>
    new JobRunner({
      db: database.db,
      backoffBaseMs: 20,
      backoffMaxMs: 200,
      handlers: provisioningJobs(ctx, {
        target: target(workDir, forge),
        publicUrl: ctx.publicUrl,
        mergePollMs: 0,
      }),
    });
  const usersOnMain = async (team: string) => {
    const work = mkdtempSync(join(remote.dir, 'read-'));
    await syncWorkspace(remote.remote, work, 'main');
    const text = openRepository(work).fs.readText(groupFile(team)) ?? '';
    return text;
  };

  async function onboard(name: string) {
    const request = await submitRequest(ctx, developer, validRequest(name));
    await applyRequestAction(ctx, reviewer, request.id, 'start-review');
    await applyRequestAction(ctx, reviewer, request.id, 'approve');
    await runnerFor(join(remote.dir, 'work')).runDue();
    expect((await getProject(ctx, name)).status).toBe('active');
  }

  beforeAll(async () => {
    database = await openTestDatabase();
    remote = await emptyRemote();
    ctx = { db: database.db, publicUrl: 'https://opf.example.org' };
  });
  afterAll(async () => {
    await database.close();
    remote.cleanup();
  });

  it('adds a member: a commit on main writes the group file, then the project record follows', async () => {
    await onboard('team-add');
    expect(await usersOnMain('team-add')).not.toContain('Carol');
    const change = await requestMemberChange(ctx, owner, 'team-add', 'add', 'Carol');
    expect(change).toMatchObject({
      state: 'pending',
      action: 'add',
      login: 'Carol',
      team: 'team-add',
    });
    // Until the job ran, the team is what it was.
    expect((await getProjectMembers(ctx, 'team-add')).members).toEqual([
      'Alice-Dev',
      'bob_openshift.user',
    ]);
    const before = await remoteLog(remote.remote);
    await runnerFor(join(remote.dir, 'work')).runDue();
    const log = await remoteLog(remote.remote);
    expect(log.length - before.length).toBe(1);
    expect(log[0]).toBe(`Add Carol to team team-add (opf member change ${change.id})`);
    expect(await usersOnMain('team-add')).toContain('  - Carol\n');
    const members = await getProjectMembers(ctx, 'team-add');
    expect(members.members).toEqual(['Alice-Dev', 'bob_openshift.user', 'Carol']);
    expect(members.changes[0]).toMatchObject({
      id: change.id,
      state: 'delivered',
      mode: 'direct',
      branch: 'main',
      commitSha: await git(remote.remote, ['rev-parse', 'main']),
    });
    // Asked and delivered, both in the project's audit trail with the member lists.
    const audit = await listAuditEvents(
      { tx: database.db },
      { subjectType: 'project', subjectId: 'team-add', publicOnly: true, limit: 10 },
    );
    expect(audit.map((e) => [e.actor, e.action])).toEqual([
      ['alice-dev', 'project.member.add'],
      ['opf-gitops', 'project.member.delivered'],
    ]);
    expect(audit[0]!.before).toEqual({ members: ['Alice-Dev', 'bob_openshift.user'] });
    expect(audit[1]!.after).toMatchObject({
      members: ['Alice-Dev', 'bob_openshift.user', 'Carol'],
    });
  });

  it('a re-run of a delivered change writes nothing', async () => {
    const [done] = (await getProjectMembers(ctx, 'team-add')).changes;
    const before = await remoteLog(remote.remote);
    await database.db
      .insertInto('jobs')
      .values({ kind: 'gitops.member-change', payload: JSON.stringify({ changeId: done!.id }) })
      .execute();
    await runnerFor(join(remote.dir, 'work')).runDue();
    expect(await remoteLog(remote.remote)).toEqual(before);
    expect((await getProjectMembers(ctx, 'team-add')).members).toHaveLength(3);
  });

  it('removes a member in another case; the owner and a non-member are refused with codes', async () => {
    const change = await requestMemberChange(
      ctx,
      owner,
      'team-add',
      'remove',
      'BOB_OPENSHIFT.USER',
    );
    await runnerFor(join(remote.dir, 'work')).runDue();
    expect(await usersOnMain('team-add')).not.toMatch(/bob_openshift\.user/i);
    expect((await getProjectMembers(ctx, 'team-add')).members).toEqual(['Alice-Dev', 'Carol']);
    expect((await getProjectMembers(ctx, 'team-add')).changes[0]).toMatchObject({
      id: change.id,
      state: 'delivered',
    });
    const codeOf = async (action: 'add' | 'remove', login: string, project = 'team-add') => {
      try {
        await requestMemberChange(ctx, owner, project, action, login);
      } catch (error) {
        return isOpfError(error) ? error.code : String(error);
      }
      return 'accepted';
    };
    expect(await codeOf('remove', 'alice-DEV')).toBe('OPF_ERR_MEMBER_IS_OWNER');
    expect(await codeOf('remove', 'bob_openshift.user')).toBe('OPF_ERR_MEMBER_UNKNOWN');
    expect(await codeOf('add', 'carol')).toBe('OPF_ERR_MEMBER_EXISTS');
    expect(await codeOf('add', 'no spaces')).toBe('OPF_ERR_USER_INVALID');
    expect(await codeOf('add', 'x', 'no-such-project')).toBe('OPF_ERR_NOT_FOUND');
    // A project still under review changes its team by editing its request.
    await submitRequest(ctx, developer, validRequest('team-requested'));
    expect(await codeOf('add', 'x', 'team-requested')).toBe('OPF_ERR_MEMBERS_NOT_MANAGED');
    // A second change of the same login waits for the first.
    await requestMemberChange(ctx, owner, 'team-add', 'add', 'dora');
    expect(await codeOf('remove', 'Dora')).toBe('OPF_ERR_MEMBER_CHANGE_PENDING');
    await runnerFor(join(remote.dir, 'work')).runDue();
    expect((await getProjectMembers(ctx, 'team-add')).members).toEqual([
      'Alice-Dev',
      'Carol',
      'dora',
    ]);
  });

  it('refuses to remove the last member when the owner is listed apart', async () => {
    const spec = validRequest('team-last');
    spec.team = { name: 'team-last', owner: 'olive', members: ['max'] };
    const request = await submitRequest(ctx, developer, spec);
    await applyRequestAction(ctx, reviewer, request.id, 'start-review');
    await applyRequestAction(ctx, reviewer, request.id, 'approve');
    await runnerFor(join(remote.dir, 'work')).runDue();
    await expect(
      requestMemberChange(ctx, { name: 'olive' }, 'team-last', 'remove', 'max'),
    ).rejects.toMatchObject({ code: 'OPF_ERR_MEMBER_LAST' });
  });

  it('a group file gone from the repository fails the change; the team stays as it was', async () => {
    await onboard('team-gone');
    const work = join(remote.dir, 'hand');
    await syncWorkspace(remote.remote, work, 'main');
    await git(work, ['rm', '-q', groupFile('team-gone')]);
    await git(work, ['-c', 'user.name=h', '-c', 'user.email=h@h', 'commit', '-q', '-m', 'by hand']);
    await git(work, ['push', '-q', 'origin', 'HEAD:main']);
    const change = await requestMemberChange(ctx, owner, 'team-gone', 'add', 'erin');
    const before = await remoteLog(remote.remote);
    await runnerFor(join(remote.dir, 'work')).runDue();
    expect(await remoteLog(remote.remote)).toEqual(before);
    const members = await getProjectMembers(ctx, 'team-gone');
    expect(members.members).not.toContain('erin');
    expect(members.changes[0]).toMatchObject({ id: change.id, state: 'failed' });
    expect(members.changes[0]!.message).toMatch(/^OPF_ERR_GITOPS_GROUP_UNKNOWN/);
    const audit = await listAuditEvents(
      { tx: database.db },
      { subjectType: 'project', subjectId: 'team-gone', publicOnly: true, limit: 10 },
    );
    expect(audit.at(-1)?.action).toBe('project.member.failed');
  });

  it('a change whose job runs out of attempts is failed, so the login can be changed again', async () => {
    await onboard('team-unreachable');
    const change = await requestMemberChange(ctx, owner, 'team-unreachable', 'add', 'gail');
    // A remote that cannot be reached: every attempt fails, and none is a person's problem.
    const runner = unreachableRunner(ctx, remote.dir);
    await runner.runDue();
    const members = await getProjectMembers(ctx, 'team-unreachable');
    expect(members.changes[0]).toMatchObject({ id: change.id, state: 'failed' });
    expect(members.changes[0]!.message).toMatch(/^gave up after 1 attempts: /);
    // Nothing pending any more: the same login may be asked for again.
    const again = await requestMemberChange(ctx, owner, 'team-unreachable', 'add', 'gail');
    expect(again.state).toBe('pending');
  });

  it('in pull-request mode the change waits on its pull request, and lands when it is merged', async () => {
    await onboard('team-pr');
    const forge = new LocalForge(remote.remote, remote.dir);
    const runner = runnerFor(join(remote.dir, 'work-pr'), forge);
    const change = await requestMemberChange(ctx, owner, 'team-pr', 'add', 'frida');
    const mainBefore = await remoteLog(remote.remote);
    await runner.runDue();
    expect(forge.pulls).toMatchObject([
      { head: `opf/member-change-${change.id}`, base: 'main', state: 'open' },
    ]);
    expect(await remoteLog(remote.remote)).toEqual(mainBefore);
    let members = await getProjectMembers(ctx, 'team-pr');
    expect(members.changes[0]).toMatchObject({
      state: 'pending',
      pullRequestUrl: 'https://forge.example.org/pull/1',
    });
    expect(members.members).not.toContain('frida');
    await runner.runDue(); // still open: the follow-up puts itself back
    await forge.merge(1);
    await runner.runDue();
    members = await getProjectMembers(ctx, 'team-pr');
    expect(members.changes[0]).toMatchObject({ state: 'delivered', mode: 'pull-request' });
    expect(members.members).toContain('frida');
    expect(await usersOnMain('team-pr')).toContain('  - frida\n');
  });
});
