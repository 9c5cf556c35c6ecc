import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RequestSpec } from '../../src/core/index.ts';
import { tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { AUTH, expectError, openTestApi, type TestApi } from './helpers.ts';

/**
 * Issue 9, items 2 and 3: a team is its owner's. Anyone else's request that binds an existing
 * team (and adds people to its group) waits for the owner's consent; a member cannot make
 * themselves the owner.
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

const detailOf = async (id: number) => (await app.inject({ url: `/api/v1/requests/${id}` })).json();
function consent(login: string, id: number, body: Record<string, unknown>) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/requests/${id}/consent`,
    headers: as[login]!,
    payload: body,
  });
}
function review(login: string, id: number, action: string) {
  return app.inject({
    method: 'POST',
    url: `/api/v1/requests/${id}/${action}`,
    headers: as[login]!,
    payload: {},
  });
}

describe('someone else naming an existing team is held until its owner consents', () => {
  let held: number;
  it('the request is accepted and held: the owner is asked, approve is not on offer', async () => {
    const res = await submit(
      'mallory',
      validRequest('mallory-app', { team: alphaTeam('mallory') }),
    );
    expect(res.statusCode, res.body).toBe(201);
    held = res.json().id;
    const detail = await detailOf(held);
    expect(detail.request.state).toBe('submitted');
    expect(detail.teamConsent).toMatchObject({
      state: 'pending',
      team: 'alpha',
      owner: 'Alice-Dev',
      askedBy: 'mallory',
      joining: ['mallory'],
    });
    const asked = detail.history.find(
      (e: { action: string }) => e.action === 'request.consent-ask',
    );
    expect(asked).toMatchObject({ actor: 'mallory', after: { owner: 'Alice-Dev' } });
    // The owner's view: what is asked of them, in any case of their login.
    const mine = await app.inject({ url: '/api/v1/consents?owner=alice-dev&state=pending' });
    expect(mine.json().items.map((c: { requestId: number }) => c.requestId)).toEqual([held]);
    // Nothing reached the team itself.
    const members = (await app.inject({ url: '/api/v1/projects/alpha' })).json().team.members;
    expect(members).not.toContain('mallory');
  });

  it('ops may review but cannot approve while the owner has not answered', async () => {
    expect((await review('ops-olga', held, 'start-review')).statusCode).toBe(200);
    expect((await detailOf(held)).allowedActions).not.toContain('approve');
    const approve = await review('ops-olga', held, 'approve');
    const error = expectError(approve, 409, 'OPF_ERR_TEAM_CONSENT_PENDING');
    expect(error.message).toContain('Alice-Dev');
    expect((await detailOf(held)).request.state).toBe('in-review');
  });

  it('only the owner (or ops) answers: not the asker, not a member, not a stranger', async () => {
    expectError(
      await consent('mallory', held, { decision: 'give' }),
      403,
      'OPF_ERR_AUTH_NOT_OWNER',
    );
    expectError(
      await consent('bob_openshift.user', held, { decision: 'give' }),
      403,
      'OPF_ERR_AUTH_NOT_OWNER',
    );
    expect((await detailOf(held)).teamConsent.state).toBe('pending');
  });

  it('the owner consents (audited); then ops approve and the change is on its way', async () => {
    const res = await consent('Alice-Dev', held, { decision: 'give', reason: 'welcome' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().consent).toMatchObject({ state: 'given', decidedBy: 'Alice-Dev' });
    const again = await consent('Alice-Dev', held, { decision: 'refuse', reason: 'changed mind' });
    expectError(again, 409, 'OPF_ERR_TEAM_CONSENT_NOT_ASKED');
    const approved = await review('ops-olga', held, 'approve');
    expect(approved.statusCode, approved.body).toBe(200);
    expect(approved.json().state).toBe('approved');
    const actions = (await detailOf(held)).history.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['request.consent-ask', 'request.consent-give', 'request.approve']),
    );
  });

  it('a refusal needs a reason and ends the request, its names free again', async () => {
    const res = await submit(
      'mallory',
      validRequest('mallory-two', { team: alphaTeam('mallory') }),
    );
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json().id as number;
    expectError(await consent('Alice-Dev', id, { decision: 'refuse' }), 400, 'OPF_ERR_VALIDATION');
    expect((await detailOf(id)).teamConsent.state).toBe('pending');
    const refused = await consent('Alice-Dev', id, {
      decision: 'refuse',
      reason: 'Not my team’s project.',
    });
    expect(refused.statusCode, refused.body).toBe(200);
    const detail = await detailOf(id);
    expect(detail.request.state).toBe('rejected');
    expect(detail.teamConsent).toMatchObject({
      state: 'refused',
      reason: 'Not my team’s project.',
    });
    expect(detail.history.at(-1)).toMatchObject({
      actor: 'Alice-Dev',
      action: 'request.consent-refuse',
      reason: 'Not my team’s project.',
      before: { state: 'submitted' },
      after: { state: 'rejected' },
    });
    // The name is free: the project may come again, on a team of its own.
    const own = { name: 'mallory-two', owner: 'mallory', members: ['mallory'] };
    const again = await submit('mallory', validRequest('mallory-two', { team: own }));
    expect(again.statusCode, again.body).toBe(201);
  });

  it('ops answer for an owner who is away', async () => {
    const res = await submit(
      'mallory',
      validRequest('mallory-three', { team: alphaTeam('mallory') }),
    );
    const id = res.json().id as number;
    const given = await consent('ops-olga', id, { decision: 'give' });
    expect(given.statusCode, given.body).toBe(200);
    expect(given.json().consent.decidedBy).toBe('ops-olga');
  });

  it('a member of the team is asked about too: only the owner binds the team', async () => {
    const res = await submit('bob_openshift.user', validRequest('bob-app', { team: alphaTeam() }));
    expect(res.statusCode, res.body).toBe(201);
    expect((await detailOf(res.json().id)).teamConsent).toMatchObject({
      state: 'pending',
      joining: [],
    });
  });

  it('the owner binds it to a second project, and ops may too, with nobody to ask', async () => {
    const owner = await submit(
      'Alice-Dev',
      validRequest('alpha-two', { team: alphaTeam('carol') }),
    );
    expect(owner.statusCode, owner.body).toBe(201);
    expect((await detailOf(owner.json().id)).teamConsent).toBeNull();
    const ops = await submit('ops-olga', validRequest('alpha-three', { team: alphaTeam() }));
    expect(ops.statusCode, ops.body).toBe(201);
    expect((await detailOf(ops.json().id)).teamConsent).toBeNull();
  });

  it('an edit moving a request onto someone else’s team is held the same way', async () => {
    const own = await submit('mallory', {
      ...validRequest('mallory-own'),
      team: { name: 'mallory-own', owner: 'mallory', members: ['mallory'] },
    });
    expect(own.statusCode, own.body).toBe(201);
    const id = own.json().id as number;
    expect((await detailOf(id)).teamConsent).toBeNull();
    const moved = await edit('mallory', id, {
      ...validRequest('mallory-own'),
      team: alphaTeam('mallory'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    expect((await detailOf(id)).teamConsent).toMatchObject({ state: 'pending', team: 'alpha' });
    expectError(await consent('ops-olga', 999_999, { decision: 'give' }), 404, 'OPF_ERR_NOT_FOUND');
  });

  it('a request that names no existing team has no consent to answer', async () => {
    const res = await submit('mallory', {
      ...validRequest('mallory-solo'),
      team: { name: 'mallory-solo', owner: 'mallory', members: ['mallory'] },
    });
    const id = res.json().id as number;
    expectError(
      await consent('mallory', id, { decision: 'give' }),
      409,
      'OPF_ERR_TEAM_CONSENT_NOT_ASKED',
    );
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
