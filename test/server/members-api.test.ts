import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobRunner } from '../../src/jobs/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import { sessionFor, tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { emptyRemote, type TempRemote } from '../support/gitops.ts';
import { AUTH, expectError, openTestApi, post, type TestApi } from './helpers.ts';

let t: TestApi;
let remote: TempRemote;
let runner: JobRunner;
const requestIds: Record<string, number> = {};
const bearer = async (login: string) => ({
  authorization: `Bearer ${await tokenFor(t.database.db, login)}`,
});

/** Submit, approve and deliver: the project is onboarded (active) with this team. */
async function onboard(name: string, owner: string, members: string[]) {
  const spec = validRequest(name);
  spec.team = { name, owner, members };
  const created = await post(t.app, '/api/v1/requests', spec);
  expect(created.statusCode, created.body).toBe(201);
  const id = created.json().id as number;
  for (const action of ['start-review', 'approve'])
    expect((await post(t.app, `/api/v1/requests/${id}/${action}`, {})).statusCode).toBe(200);
  await runner.runDue();
  requestIds[name] = id;
}

const add = (name: string, login: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${name}/members`,
    headers,
    payload: { login },
  });
const remove = (name: string, login: string, headers: Record<string, string> = {}) =>
  t.app.inject({
    method: 'DELETE',
    url: `/api/v1/projects/${name}/members/${encodeURIComponent(login)}`,
    headers,
  });
const members = async (name: string) =>
  (await t.app.inject({ url: `/api/v1/projects/${name}/members` })).json();

beforeAll(async () => {
  t = await openTestApi();
  remote = await emptyRemote();
  const ctx = { db: t.database.db, publicUrl: 'http://opf.test' };
  runner = new JobRunner({
    db: t.database.db,
    handlers: provisioningJobs(ctx, {
      target: {
        remote: remote.remote,
        branch: 'main',
        workDir: join(remote.dir, 'work'),
        mode: 'direct',
      },
      publicUrl: ctx.publicUrl,
      mergePollMs: 0,
    }),
  });
  await onboard('project-a', 'ann-a', ['ann-a', 'Carl-A']);
  await onboard('project-b', 'bea-b', ['bea-b', 'dan-b']);
}, 60_000);
afterAll(async () => {
  await t?.close();
  remote?.cleanup();
});

describe('GET /api/v1/projects/{name}/members', () => {
  it('is public: the owner, the members and the changes', async () => {
    const res = await t.app.inject({ url: '/api/v1/projects/project-a/members' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toEqual({
      project: 'project-a',
      team: 'project-a',
      owner: 'ann-a',
      members: ['ann-a', 'Carl-A'],
      changes: [],
    });
    expectError(
      await t.app.inject({ url: '/api/v1/projects/no-such/members' }),
      404,
      'OPF_ERR_NOT_FOUND',
    );
  });
});

describe('who may change a team', () => {
  it('anonymous: 401; a member: 403; another project’s owner: 403; nothing is recorded', async () => {
    expectError(await add('project-a', 'zed'), 401, 'OPF_ERR_UNAUTHENTICATED');
    expectError(await remove('project-a', 'Carl-A'), 401, 'OPF_ERR_UNAUTHENTICATED');
    const carl = await bearer('carl-a');
    expectError(await add('project-a', 'zed', carl), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    expectError(await remove('project-a', 'ann-a', carl), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    const bea = await bearer('bea-b');
    expectError(await add('project-a', 'zed', bea), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    expectError(await remove('project-a', 'Carl-A', bea), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    // A member of project A cannot change project B either.
    expectError(await add('project-b', 'carl-a', carl), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    expectError(await remove('project-b', 'dan-b', carl), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    // A session without its CSRF token is refused too.
    const { cookie } = await sessionFor(t.database.db, 'ann-a');
    expectError(await add('project-a', 'zed', { cookie }), 403, 'OPF_ERR_AUTH_CSRF');
    expect((await members('project-a')).changes).toEqual([]);
    expect((await members('project-b')).changes).toEqual([]);
  });

  it('bad changes answer 4xx with their code, at the login field', async () => {
    const ann = await bearer('ANN-A');
    const bad = expectError(await add('project-a', 'no spaces', ann), 400, 'OPF_ERR_USER_INVALID');
    expect(bad.details?.[0]).toMatchObject({ path: 'login' });
    expectError(await add('project-a', 'carl-a', ann), 409, 'OPF_ERR_MEMBER_EXISTS');
    expectError(await add('project-a', 'Ann-A', ann), 409, 'OPF_ERR_MEMBER_EXISTS');
    expectError(await remove('project-a', 'ann-a', ann), 409, 'OPF_ERR_MEMBER_IS_OWNER');
    expectError(await remove('project-a', 'nobody', ann), 404, 'OPF_ERR_MEMBER_UNKNOWN');
    expectError(await remove('project-a', 'bad:login', ann), 400, 'OPF_ERR_USER_INVALID');
    const empty = await t.app.inject({
      method: 'POST',
      url: '/api/v1/projects/project-a/members',
      headers: ann,
      payload: {},
    });
    expectError(empty, 400, 'OPF_ERR_VALIDATION');
    expect((await members('project-a')).changes).toEqual([]);
  });

  it('the owner (session) adds, ops removes; after delivery the member policy follows', async () => {
    const { cookie, csrf } = await sessionFor(t.database.db, 'ann-a');
    const added = await add('project-a', 'Eve-A', { cookie, 'x-csrf-token': csrf });
    expect(added.statusCode, added.body).toBe(202);
    expect(added.json()).toMatchObject({
      project: 'project-a',
      action: 'add',
      login: 'Eve-A',
      state: 'pending',
      requestedBy: 'ann-a',
    });
    const removed = await remove('project-a', 'carl-a', await bearer('ops-olga'));
    expect(removed.statusCode, removed.body).toBe(202);
    // Pending: not yet in the team.
    expect((await members('project-a')).members).toEqual(['ann-a', 'Carl-A']);
    await runner.runDue();
    const after = await members('project-a');
    expect(after.members).toEqual(['ann-a', 'Eve-A']);
    expect(after.changes.map((c: { state: string }) => c.state)).toEqual([
      'delivered',
      'delivered',
    ]);
    // Eve may now act on the project's request as a member; Carl no longer may.
    const url = `/api/v1/requests/${requestIds['project-a']}/comments`;
    const eve = await t.app.inject({
      method: 'POST',
      url,
      headers: await bearer('eve-a'),
      payload: { body: 'hello, I am new here' },
    });
    expect(eve.statusCode, eve.body).toBe(201);
    expectError(
      await t.app.inject({
        method: 'POST',
        url,
        headers: await bearer('carl-a'),
        payload: { body: 'still here?' },
      }),
      403,
      'OPF_ERR_AUTH_NOT_MEMBER',
    );
    // The audit trail names who asked, with the member lists before and after.
    const audit = await t.app.inject({
      url: '/api/v1/audit?subjectType=project&subjectId=project-a',
      headers: AUTH,
    });
    expect(audit.statusCode, audit.body).toBe(200);
    const events = (audit.json() as { items: { actor: string; action: string }[] }).items;
    expect(events.map((e) => [e.actor, e.action])).toEqual([
      ['ann-a', 'project.member.add'],
      ['ops-olga', 'project.member.remove'],
      ['opf-gitops', 'project.member.delivered'],
      ['opf-gitops', 'project.member.delivered'],
    ]);
  });
});

describe('a team is its owner’s', () => {
  it('nobody else may name an existing project’s team; its owner may, for a second project', async () => {
    const taken = validRequest('project-c');
    taken.team = { name: 'project-a', owner: 'mallory', members: ['mallory'] };
    const refused = expectError(
      await post(t.app, '/api/v1/requests', taken),
      409,
      'OPF_ERR_TEAM_TAKEN',
    );
    expect(refused.details?.[0]).toMatchObject({ path: 'team.name' });
    const listed = await t.app.inject({ url: '/api/v1/requests?project=project-c' });
    expect(listed.json().total).toBe(0);

    const second = validRequest('project-b2');
    second.team = { name: 'project-b', owner: 'BEA-B', members: ['bea-b'] };
    const created = await post(t.app, '/api/v1/requests', second);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().id as number;
    for (const action of ['start-review', 'approve'])
      expect((await post(t.app, `/api/v1/requests/${id}/${action}`, {})).statusCode).toBe(200);
    await runner.runDue();
  });

  it('a team two projects share is changed by ops, not by one project’s owner alone', async () => {
    const bea = await bearer('bea-b');
    const alone = expectError(await add('project-b', 'fred-b', bea), 403, 'OPF_ERR_TEAM_SHARED');
    expect(alone.message).toContain('project-b2');
    expect((await members('project-b')).changes).toEqual([]);
    const byOps = await add('project-b', 'fred-b', await bearer('ops-olga'));
    expect(byOps.statusCode, byOps.body).toBe(202);
  });
});
