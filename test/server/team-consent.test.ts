import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../src/core/index.ts';
import { tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { AUTH, expectError, openTestApi, storedCounts, type TestApi } from './helpers.ts';

/**
 * Issue 9, items 2 and 3: a team is its owner's. Nobody else binds an existing team to a
 * request or adds themselves to it; a member cannot make themselves the owner.
 */
let t: TestApi;
let app: FastifyInstance;
const as: Record<string, { authorization: string }> = {};

beforeAll(async () => {
  t = await openTestApi();
  app = t.app;
  for (const login of ['Alice-Dev', 'bob_openshift.user', 'mallory', 'ops-olga'])
    as[login] = { authorization: `Bearer ${await tokenFor(t.database.db, login)}` };
  // Alice's team exists once her request is in (submitted, not yet active).
  const res = await submit('Alice-Dev', validRequest('alpha'));
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(() => t?.close());

function submit(login: string, spec: RequestSpec) {
  return app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: as[login]!,
    payload: spec,
  });
}
function edit(login: string, id: number, spec: RequestSpec) {
  return app.inject({
    method: 'PUT',
    url: `/api/v1/requests/${id}`,
    headers: as[login]!,
    payload: spec,
  });
}
/** Alpha's team, with `extra` members added. */
const alphaTeam = (...extra: string[]) => ({
  name: 'alpha',
  owner: 'Alice-Dev',
  members: ['Alice-Dev', 'bob_openshift.user', ...extra],
});

describe('an existing team is bound to a request only by its owner or ops', () => {
  it('someone else naming it with its real owner, and themselves as a member, is refused', async () => {
    const before = await storedCounts(app);
    const res = await submit(
      'mallory',
      validRequest('mallory-app', { team: alphaTeam('mallory') }),
    );
    const error = expectError(res, 403, 'OPF_ERR_TEAM_NOT_YOURS');
    // The refusal says whom to ask.
    expect(error.message).toContain('Alice-Dev');
    expect(error.details?.[0]).toMatchObject({ path: 'team.name' });
    expect(await storedCounts(app)).toEqual(before);
    const members = (await app.inject({ url: '/api/v1/projects/alpha' })).json().team.members;
    expect(members).not.toContain('mallory');
  });

  it('a member of the team is no owner either: they ask the owner', async () => {
    const res = await submit('bob_openshift.user', validRequest('bob-app', { team: alphaTeam() }));
    expectError(res, 403, 'OPF_ERR_TEAM_NOT_YOURS');
  });

  it('the owner binds it to a second project; ops may too', async () => {
    const owner = await submit(
      'Alice-Dev',
      validRequest('alpha-two', { team: alphaTeam('carol') }),
    );
    expect(owner.statusCode, owner.body).toBe(201);
    const ops = await submit('ops-olga', validRequest('alpha-three', { team: alphaTeam() }));
    expect(ops.statusCode, ops.body).toBe(201);
  });

  it('an edit cannot move a request onto someone else’s team', async () => {
    const own = await submit('mallory', {
      ...validRequest('mallory-own'),
      team: { name: 'mallory-own', owner: 'mallory', members: ['mallory'] },
    });
    expect(own.statusCode, own.body).toBe(201);
    const id = own.json().id as number;
    const moved = await edit('mallory', id, {
      ...validRequest('mallory-own'),
      team: alphaTeam('mallory'),
    });
    expectError(moved, 403, 'OPF_ERR_TEAM_NOT_YOURS');
    const after = (await app.inject({ url: `/api/v1/requests/${id}` })).json();
    expect(after.request.spec.team.name).toBe('mallory-own');
  });
});

describe('the owner (or ops) changes the owner and the members, audited', () => {
  let id: number;
  beforeAll(async () => {
    const res = await submit('Alice-Dev', validRequest('beta'));
    expect(res.statusCode, res.body).toBe(201);
    id = res.json().id;
  });
  const detail = async () => (await app.inject({ url: `/api/v1/requests/${id}` })).json();

  it('a member making themselves owner is refused; the request stays as it was', async () => {
    const before = await detail();
    const spec = validRequest('beta');
    const res = await edit('bob_openshift.user', id, {
      ...spec,
      team: { ...spec.team, owner: 'bob_openshift.user' },
    });
    const error = expectError(res, 403, 'OPF_ERR_AUTH_NOT_OWNER');
    expect(error.details?.[0]).toMatchObject({ path: 'team.owner' });
    expect((await detail()).request).toEqual(before.request);
  });

  it('a member bringing someone in is refused; other edits are theirs to make', async () => {
    const spec = validRequest('beta');
    const added = await edit('bob_openshift.user', id, {
      ...spec,
      team: { ...spec.team, members: [...spec.team.members, 'mallory'] },
    });
    expectError(added, 403, 'OPF_ERR_AUTH_NOT_OWNER');
    const described = await edit('bob_openshift.user', id, {
      ...spec,
      project: { ...spec.project, description: 'Edited by a member.' },
    });
    expect(described.statusCode, described.body).toBe(200);
  });

  it('the owner hands the team over, and the audit log says who did it, from and to whom', async () => {
    const spec = validRequest('beta');
    const res = await edit('Alice-Dev', id, {
      ...spec,
      team: { ...spec.team, owner: 'bob_openshift.user' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().spec.team.owner).toBe('bob_openshift.user');
    const audit = await app.inject({
      url: `/api/v1/audit?subjectType=request&subjectId=${id}`,
      headers: AUTH,
    });
    const change = (
      audit.json().items as { action: string; actor: string; after: Record<string, unknown> }[]
    ).filter((event) => event.action === 'request.owner-change');
    expect(change).toEqual([
      expect.objectContaining({
        actor: 'Alice-Dev',
        after: expect.objectContaining({ ownerBefore: 'Alice-Dev', owner: 'bob_openshift.user' }),
      }),
    ]);
    // The former owner is now a member like any other: the new owner's consent is needed.
    const back = await edit('Alice-Dev', id, spec);
    expectError(back, 403, 'OPF_ERR_AUTH_NOT_OWNER');
  });

  it('ops may change the owner too, audited in their name', async () => {
    const spec = validRequest('beta');
    const res = await edit('ops-olga', id, spec);
    expect(res.statusCode, res.body).toBe(200);
    const history = (await detail()).history as { action: string; actor: string }[];
    expect(history.filter((e) => e.action === 'request.owner-change').map((e) => e.actor)).toEqual([
      'Alice-Dev',
      'ops-olga',
    ]);
  });
});
