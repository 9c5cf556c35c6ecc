import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestView, SEED_TERMS } from '../../src/core/index.ts';
import type { RequestDetail } from '../../src/onboarding/index.ts';
import { validRequest } from '../support/fixtures.ts';
import { AUTH, expectError, get, openTestApi, post, type TestApi } from './helpers.ts';

let t: TestApi;
let app: FastifyInstance;

beforeAll(async () => {
  t = await openTestApi();
  app = t.app;
});
afterAll(() => t?.close());

async function submit(name: string, overrides: Parameters<typeof validRequest>[1] = {}) {
  const res = await post(app, '/api/v1/requests', validRequest(name, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as RequestView;
}

async function detail(id: number): Promise<RequestDetail> {
  const res = await get(app, `/api/v1/requests/${id}`);
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as RequestDetail;
}

async function act(id: number, action: string, body: Record<string, unknown> = {}) {
  return post(app, `/api/v1/requests/${id}/${action}`, body);
}

async function actOk(id: number, action: string, body: Record<string, unknown> = {}) {
  const res = await act(id, action, body);
  expect(res.statusCode, `${action}: ${res.body}`).toBe(200);
  return res.json() as RequestView;
}

describe('health, readiness and metrics', () => {
  it('/healthz answers ok without credentials', async () => {
    const res = await get(app, '/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('/readyz checks the database and names its kind', async () => {
    const res = await get(app, '/readyz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ready',
      database: process.env.DATABASE_URL ? 'postgres' : 'pglite',
    });
  });

  it('/metrics is Prometheus text with request durations and error counts by code', async () => {
    await get(app, '/healthz');
    await get(app, '/api/v1/no/such/route');
    const res = await get(app, '/metrics');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(res.body).toMatch(/^# HELP /m);
    expect(res.body).toMatch(/^# TYPE opf_http_request_duration_seconds histogram$/m);
    expect(res.body).toMatch(
      /^opf_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]\d*$/m,
    );
    expect(res.body).toMatch(/^opf_http_errors_total\{code="OPF_ERR_ROUTE_NOT_FOUND"\} [1-9]\d*$/m);
    expect(res.body).toMatch(/^opf_process_cpu_seconds_total /m);
  });

  it('/readyz answers 503 OPF_ERR_NOT_READY when the database does not answer', async () => {
    const other = await openTestApi();
    await other.database.close();
    const res = await other.app.inject({ method: 'GET', url: '/readyz' });
    expectError(res, 503, 'OPF_ERR_NOT_READY');
    expect((await other.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await other.app.close();
  });

  it('serves an API answer the security headers for data, and a page those for a document', async () => {
    for (const url of ['/healthz', '/api/v1/projects']) {
      const res = await get(app, url);
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
      // Plain http here: HSTS only goes over https (test/server/hardening.test.ts).
      expect(res.headers['strict-transport-security'], url).toBeUndefined();
      expect(res.headers['cross-origin-resource-policy'], url).toBe('same-origin');
      expect(res.headers['content-security-policy'], url).toBe(
        "default-src 'none'; frame-ancestors 'none'",
      );
      expect(res.headers['x-xss-protection'], url).toBeUndefined();
      expect(res.headers['referrer-policy'], url).toBeUndefined();
    }
    const page = await get(app, '/auth/token');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('GET /api/v1/projects', () => {
  const names = ['dir-alpha-lab', 'dir-beta-lab', 'dir-gamma-tools'];
  beforeAll(async () => {
    await submit('dir-alpha-lab');
    await submit('dir-beta-lab', {
      project: {
        name: 'dir-beta-lab',
        displayName: 'Beta',
        description: 'Harvests TELEMETRY for research at 100% of the time.',
        contacts: [],
      },
    });
    await submit('dir-gamma-tools');
  });

  it('pages through the directory in name order without gaps or overlaps', async () => {
    const all = (await get(app, '/api/v1/projects?q=dir-&limit=200')).json();
    expect(all.total).toBe(3);
    expect(all.items.map((p: { name: string }) => p.name)).toEqual(names);

    const first = (await get(app, '/api/v1/projects?q=dir-&limit=2')).json();
    expect(first).toMatchObject({ total: 3, limit: 2, offset: 0 });
    const second = (await get(app, '/api/v1/projects?q=dir-&limit=2&offset=2')).json();
    expect(second).toMatchObject({ total: 3, limit: 2, offset: 2 });
    expect([...first.items, ...second.items].map((p: { name: string }) => p.name)).toEqual(names);
    const beyond = (await get(app, '/api/v1/projects?q=dir-&offset=50')).json();
    expect(beyond).toMatchObject({ total: 3, items: [] });
  });

  it('defaults to 50 items from offset 0', async () => {
    const page = (await get(app, '/api/v1/projects')).json();
    expect(page).toMatchObject({ limit: 50, offset: 0 });
    expect(page.total).toBeGreaterThanOrEqual(3);
  });

  it('q matches name, display name and description, case-insensitively', async () => {
    const byName = (await get(app, '/api/v1/projects?q=LAB')).json();
    expect(byName.items.map((p: { name: string }) => p.name)).toEqual([
      'dir-alpha-lab',
      'dir-beta-lab',
    ]);
    const byDescription = (await get(app, '/api/v1/projects?q=telemetry')).json();
    expect(byDescription.items.map((p: { name: string }) => p.name)).toEqual(['dir-beta-lab']);
    const byDisplayName = (await get(app, '/api/v1/projects?q=project%20dir-gamma')).json();
    expect(byDisplayName.items.map((p: { name: string }) => p.name)).toEqual(['dir-gamma-tools']);
  });

  it('q treats % and _ literally', async () => {
    const percent = (await get(app, '/api/v1/projects?q=100%25')).json();
    expect(percent.items.map((p: { name: string }) => p.name)).toEqual(['dir-beta-lab']);
    const underscore = (await get(app, '/api/v1/projects?q=dir_')).json();
    expect(underscore.total).toBe(0);
  });

  it('shows a project with its team and namespaces; an unknown one is 404', async () => {
    const res = await get(app, '/api/v1/projects/dir-alpha-lab');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'dir-alpha-lab',
      status: 'requested',
      team: { name: 'dir-alpha-lab', owner: 'Alice-Dev' },
      namespaces: [{ name: 'dir-alpha-lab-dev', cluster: 'moc/smaug', tier: 'small' }],
    });
    expectError(await get(app, '/api/v1/projects/no-such-project'), 404, 'OPF_ERR_NOT_FOUND');
  });

  it('refuses bad paging and unknown query keys', async () => {
    expectError(await get(app, '/api/v1/projects?limit=0'), 400, 'OPF_ERR_VALIDATION');
    expectError(await get(app, '/api/v1/projects?limit=201'), 400, 'OPF_ERR_VALIDATION');
    expectError(await get(app, '/api/v1/projects?offset=-1'), 400, 'OPF_ERR_VALIDATION');
    expectError(await get(app, '/api/v1/projects?status=gone'), 400, 'OPF_ERR_VALIDATION');
    expectError(await get(app, '/api/v1/projects?qq=x'), 400, 'OPF_ERR_UNKNOWN_KEY');
  });
});

describe('GET and POST /api/v1/requests', () => {
  it('creates a submitted request with a Location, and lists and shows it publicly', async () => {
    const res = await post(app, '/api/v1/requests', validRequest('list-one'));
    expect(res.statusCode).toBe(201);
    const created = res.json() as RequestView;
    expect(res.headers.location).toBe(`/api/v1/requests/${created.id}`);
    expect(created).toMatchObject({
      projectName: 'list-one',
      state: 'submitted',
      version: 1,
      createdBy: 'admin',
    });
    expect(created.submittedAt).not.toBeNull();

    const list = (await get(app, '/api/v1/requests?project=list-one')).json();
    expect(list.total).toBe(1);
    expect(list.items[0]).toMatchObject({ id: created.id, state: 'submitted' });

    const shown = await detail(created.id);
    expect(shown.request).toEqual(created);
    expect(shown.history).toHaveLength(1);
    expect(shown.history[0]).toMatchObject({
      actor: 'admin',
      action: 'request.submit',
      subjectType: 'request',
      subjectId: String(created.id),
      before: null,
      after: { state: 'submitted', version: 1 },
      visibility: 'public',
    });
    expect(shown.termsAcceptances).toHaveLength(1);
    expect(shown.termsAcceptances[0]).toMatchObject({ actor: 'admin', version: '2026-11' });
    expect(shown.allowedActions).toEqual(
      expect.arrayContaining(['start-review', 'request-changes', 'reject', 'withdraw', 'update']),
    );
    expect(shown.allowedActions).not.toContain('approve');
  });

  it('filters by state (repeatable) and orders newest or oldest first', async () => {
    const a = await submit('order-a');
    const b = await submit('order-b');
    await actOk(b.id, 'start-review');
    const inReview = (await get(app, '/api/v1/requests?state=in-review&limit=200')).json();
    expect(inReview.items.map((r: RequestView) => r.id)).toContain(b.id);
    expect(inReview.items.every((r: RequestView) => r.state === 'in-review')).toBe(true);
    const both = (
      await get(app, '/api/v1/requests?state=in-review&state=submitted&limit=200')
    ).json();
    const ids = both.items.map((r: RequestView) => r.id);
    expect(ids).toEqual(expect.arrayContaining([a.id, b.id]));
    const newest = (await get(app, '/api/v1/requests?limit=200')).json();
    const oldest = (await get(app, '/api/v1/requests?order=oldest&limit=200')).json();
    expect(newest.items.map((r: RequestView) => r.id)).toEqual(
      [...oldest.items.map((r: RequestView) => r.id)].reverse(),
    );
    expectError(await get(app, '/api/v1/requests?state=lost'), 400, 'OPF_ERR_VALIDATION');
  });

  it('saves a draft that holds its names and submits it later', async () => {
    const res = await post(app, '/api/v1/requests?draft=true', {
      ...validRequest('draft-one'),
      terms: { version: '2026-11', accepted: [] },
    });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json() as RequestView;
    expect(draft).toMatchObject({ state: 'draft', submittedAt: null });
    // Submitting checks the terms the draft carries.
    expectError(await act(draft.id, 'submit'), 400, 'OPF_ERR_TERMS_NOT_ACCEPTED');
    expect((await detail(draft.id)).request.state).toBe('draft');
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${draft.id}`,
      headers: AUTH,
      payload: validRequest('draft-one'),
    });
    expect(put.statusCode, put.body).toBe(200);
    const submitted = await actOk(draft.id, 'submit');
    expect(submitted.state).toBe('submitted');
    expect(submitted.submittedAt).not.toBeNull();
  });

  it('takes a request as YAML (opf format), for POST and PUT', async () => {
    const yaml = (members: string) =>
      [
        '# comments are fine',
        'project:',
        '  name: yaml-one',
        '  description: Sent as YAML.',
        'team:',
        '  name: yaml-one',
        '  owner: octo-dev',
        `  members: [${members}]`,
        'namespaces:',
        '  - name: yaml-one-dev',
        '    cluster: MOC/Smaug',
        '    tier: Medium',
        'terms:',
        `  version: "${SEED_TERMS.version}"`,
        `  accepted: [${SEED_TERMS.items.map((item) => item.id).join(', ')}]`,
        '',
      ].join('\n');
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { ...AUTH, 'content-type': 'application/yaml' },
      payload: yaml('octo-dev'),
    });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json() as RequestView;
    // Cluster and tier are matched case-insensitively and stored normalised; defaults applied.
    expect(created.spec.namespaces).toEqual([
      {
        name: 'yaml-one-dev',
        cluster: 'moc/smaug',
        tier: 'medium',
        limitRange: true,
        monitoring: false,
      },
    ]);
    expect(created.spec.argocd).toEqual({ enabled: false, applications: [] });
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: { ...AUTH, 'content-type': 'text/yaml', 'if-match': '1' },
      payload: yaml('octo-dev, Other.User'),
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json().spec.team.members).toEqual(['octo-dev', 'Other.User']);
  });

  it('answers 404 with a code for an unknown request and 400 for a bad id', async () => {
    expectError(await get(app, '/api/v1/requests/987654'), 404, 'OPF_ERR_NOT_FOUND');
    expectError(await act(987654, 'approve'), 404, 'OPF_ERR_NOT_FOUND');
    expectError(await get(app, '/api/v1/requests/abc'), 400, 'OPF_ERR_VALIDATION');
    expectError(await get(app, '/api/v1/requests/0'), 400, 'OPF_ERR_VALIDATION');
  });
});

describe('the review flow', () => {
  it('submit → start-review → request-changes → edit (If-Match) → submit → start-review → approve', async () => {
    const created = await submit('flow-full');
    const reviewing = await actOk(created.id, 'start-review', { version: 1 });
    expect(reviewing).toMatchObject({ state: 'in-review', version: 2 });

    const reason = 'Please add a second member so the project stays reachable.';
    const changes = await actOk(created.id, 'request-changes', { reason, version: 2 });
    expect(changes).toMatchObject({ state: 'changes-requested', version: 3 });

    const edited = validRequest('flow-full', {
      team: { name: 'flow-full', owner: 'Alice-Dev', members: ['Alice-Dev', 'Carol'] },
    });
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: { ...AUTH, 'if-match': '"3"' },
      payload: edited,
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toMatchObject({ state: 'changes-requested', version: 4 });
    expect(put.json().spec.team.members).toEqual(['Alice-Dev', 'Carol']);

    await actOk(created.id, 'submit', { version: 4 });
    await actOk(created.id, 'start-review');
    const approved = await actOk(created.id, 'approve', { version: 6 });
    expect(approved).toMatchObject({ state: 'approved', version: 7 });
    expect(approved.decidedAt).not.toBeNull();

    const shown = await detail(created.id);
    expect(shown.history.map((e) => e.action)).toEqual([
      'request.submit',
      'request.start-review',
      'request.request-changes',
      'request.update',
      'request.submit',
      'request.start-review',
      'request.approve',
    ]);
    expect(shown.history.map((e) => (e.after as { state: string }).state)).toEqual([
      'submitted',
      'in-review',
      'changes-requested',
      'changes-requested',
      'submitted',
      'in-review',
      'approved',
    ]);
    expect(shown.history[2]).toMatchObject({
      reason,
      before: { state: 'in-review', version: 2 },
      after: { state: 'changes-requested', version: 3 },
    });
    // The reason is also the first comment of the thread, where the project answers.
    expect(shown.comments.map((c) => c.body)).toEqual([reason]);
    expect(shown.termsAcceptances.length).toBeGreaterThanOrEqual(2);
    expect(shown.allowedActions).toEqual(['provision']);
    expect(shown.request.spec.team.members).toEqual(['Alice-Dev', 'Carol']);
    const project = (await get(app, '/api/v1/projects/flow-full')).json();
    expect(project.team.members).toEqual(['Alice-Dev', 'Carol']);
  });

  it('carries on through provisioning to active and offboarding (admin actions)', async () => {
    const created = await submit('flow-life');
    await actOk(created.id, 'start-review');
    await actOk(created.id, 'approve');
    await actOk(created.id, 'provision');
    expect((await actOk(created.id, 'activate')).state).toBe('active');
    expect((await get(app, '/api/v1/projects/flow-life')).json().status).toBe('active');
    // Offboarding is decided on a proposal, after its notice period (test/engagement has
    // the whole run with a moving clock).
    expectError(await act(created.id, 'start-offboarding'), 409, 'OPF_ERR_OFFBOARD_NO_PROPOSAL');
    expectError(
      await post(app, `/api/v1/requests/${created.id}/offboarding`, {}),
      400,
      'OPF_ERR_VALIDATION',
    );
    const proposed = await post(app, `/api/v1/requests/${created.id}/offboarding`, {
      reason: 'The project moved elsewhere.',
    });
    expect(proposed.statusCode, proposed.body).toBe(201);
    expectError(await act(created.id, 'start-offboarding'), 409, 'OPF_ERR_OFFBOARD_NOTICE_RUNNING');
    expectError(await act(created.id, 'finish-offboarding'), 409, 'OPF_ERR_TRANSITION_ILLEGAL');
    expect((await get(app, '/api/v1/projects/flow-life')).json().status).toBe('active');
  });

  it('an action needs no body at all (or a JSON null)', async () => {
    const created = await submit('flow-no-body');
    const res = await app.inject({
      method: 'POST',
      url: `/api/v1/requests/${created.id}/start-review`,
      headers: AUTH,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().state).toBe('in-review');
    const nullBody = await app.inject({
      method: 'POST',
      url: `/api/v1/requests/${created.id}/approve`,
      headers: { ...AUTH, 'content-type': 'application/json' },
      payload: 'null',
    });
    expect(nullBody.statusCode, nullBody.body).toBe(200);
    expect(nullBody.json().state).toBe('approved');
  });

  it('reject needs a reason: 400 OPF_ERR_VALIDATION, nothing changes', async () => {
    const created = await submit('flow-reject');
    for (const body of [{}, { reason: '' }, { reason: '   ' }]) {
      const res = await act(created.id, 'reject', body);
      const error = expectError(res, 400, 'OPF_ERR_VALIDATION');
      expect(error.message).toMatch(/reason/);
    }
    expectError(await act(created.id, 'request-changes'), 400, 'OPF_ERR_VALIDATION');
    const unchanged = await detail(created.id);
    expect(unchanged.request).toMatchObject({ state: 'submitted', version: 1 });
    expect(unchanged.history).toHaveLength(1);

    const rejected = await actOk(created.id, 'reject', { reason: 'Out of scope for this cloud.' });
    expect(rejected.state).toBe('rejected');
    expect(rejected.decidedAt).not.toBeNull();
    const shown = await detail(created.id);
    expect(shown.history.at(-1)).toMatchObject({
      action: 'request.reject',
      reason: 'Out of scope for this cloud.',
    });
    expect(shown.allowedActions).toEqual([]);
    expect((await get(app, '/api/v1/projects/flow-reject')).json().status).toBe('closed');
  });

  it('keeps a public comment thread per request', async () => {
    const created = await submit('flow-comments');
    const first = await post(app, `/api/v1/requests/${created.id}/comments`, {
      body: '  Which cluster suits a GPU workload?  ',
    });
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      requestId: created.id,
      author: 'admin',
      body: 'Which cluster suits a GPU workload?',
    });
    await post(app, `/api/v1/requests/${created.id}/comments`, { body: 'Second.' });
    const thread = await get(app, `/api/v1/requests/${created.id}/comments`);
    expect(thread.statusCode).toBe(200);
    expect(thread.json().items.map((c: { body: string }) => c.body)).toEqual([
      'Which cluster suits a GPU workload?',
      'Second.',
    ]);
    const shown = await detail(created.id);
    expect(shown.comments).toHaveLength(2);
    expect(shown.history.filter((e) => e.action === 'request.comment')).toHaveLength(2);
    // A comment is not a transition: state and version stay.
    expect(shown.request).toMatchObject({ state: 'submitted', version: 1 });

    expectError(
      await post(app, `/api/v1/requests/${created.id}/comments`, { body: '' }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await post(app, `/api/v1/requests/${created.id}/comments`, { body: '   ' }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await post(app, '/api/v1/requests/987654/comments', { body: 'hello' }),
      404,
      'OPF_ERR_NOT_FOUND',
    );
    expectError(await get(app, '/api/v1/requests/987654/comments'), 404, 'OPF_ERR_NOT_FOUND');
    expect((await get(app, `/api/v1/requests/${created.id}/comments`)).json().items).toHaveLength(
      2,
    );
  });

  it('withdraw releases the namespaces: the same namespace can be requested again', async () => {
    const first = await submit('flow-withdraw');
    const taken = await post(app, '/api/v1/requests', {
      ...validRequest('flow-withdraw-other'),
      namespaces: [{ name: 'flow-withdraw-dev', cluster: 'moc/smaug', tier: 'small' }],
    });
    expectError(taken, 409, 'OPF_ERR_NAMESPACE_TAKEN');

    const withdrawn = await actOk(first.id, 'withdraw', { reason: 'Wrong cluster.' });
    expect(withdrawn.state).toBe('withdrawn');
    expect((await get(app, '/api/v1/projects/flow-withdraw')).json()).toMatchObject({
      status: 'closed',
      namespaces: [],
    });

    const again = await post(app, '/api/v1/requests', {
      ...validRequest('flow-withdraw-other'),
      namespaces: [{ name: 'flow-withdraw-dev', cluster: 'osc/osc-cl1', tier: 'medium' }],
    });
    expect(again.statusCode, again.body).toBe(201);
    // The closed project's name is free again too.
    const sameProject = await submit('flow-withdraw', {
      namespaces: [
        { name: 'flow-withdraw-prod', cluster: 'moc/infra', limitRange: true, monitoring: false },
      ],
    });
    expect(sameProject.state).toBe('submitted');
    expect(sameProject.spec.namespaces[0]!.tier).toBe('x-small');
    expect((await get(app, '/api/v1/projects/flow-withdraw')).json()).toMatchObject({
      status: 'requested',
      latestRequestId: sameProject.id,
    });
  });

  it('an illegal transition is 409 OPF_ERR_TRANSITION_ILLEGAL and changes nothing', async () => {
    const created = await submit('flow-illegal');
    const approve = expectError(
      await act(created.id, 'approve'),
      409,
      'OPF_ERR_TRANSITION_ILLEGAL',
    );
    expect(approve.message).toMatch(/cannot approve a request that is submitted/);
    expectError(await act(created.id, 'activate'), 409, 'OPF_ERR_TRANSITION_ILLEGAL');
    expectError(await act(created.id, 'submit'), 409, 'OPF_ERR_TRANSITION_ILLEGAL');
    await actOk(created.id, 'withdraw');
    for (const action of ['submit', 'start-review', 'withdraw', 'approve'])
      expectError(await act(created.id, action), 409, 'OPF_ERR_TRANSITION_ILLEGAL');
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: AUTH,
      payload: validRequest('flow-illegal'),
    });
    expectError(put, 409, 'OPF_ERR_TRANSITION_ILLEGAL');
    const shown = await detail(created.id);
    expect(shown.request).toMatchObject({ state: 'withdrawn', version: 2 });
    expect(shown.history).toHaveLength(2);
  });

  it('a stale version is 409 OPF_ERR_VERSION_CONFLICT, for actions and edits', async () => {
    const created = await submit('flow-stale');
    await actOk(created.id, 'start-review', { version: 1 });
    const stale = expectError(
      await act(created.id, 'request-changes', { reason: 'x', version: 1 }),
      409,
      'OPF_ERR_VERSION_CONFLICT',
    );
    expect(stale.message).toMatch(/version 2/);
    await actOk(created.id, 'request-changes', { reason: 'Add docs.', version: 2 });
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: { ...AUTH, 'if-match': '2' },
      payload: validRequest('flow-stale'),
    });
    expectError(put, 409, 'OPF_ERR_VERSION_CONFLICT');
    const badHeader = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: { ...AUTH, 'if-match': 'W/"abc"' },
      payload: validRequest('flow-stale'),
    });
    expectError(badHeader, 400, 'OPF_ERR_VALIDATION');
    const renamed = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: { ...AUTH, 'if-match': '3' },
      payload: validRequest('flow-stale-renamed'),
    });
    expectError(renamed, 400, 'OPF_ERR_VALIDATION');
    expect((await detail(created.id)).request).toMatchObject({
      state: 'changes-requested',
      version: 3,
    });
  });

  it('two approvals at once: exactly one 200, the other 409 with a code', async () => {
    const created = await submit('flow-race');
    const reviewing = await actOk(created.id, 'start-review');
    const answers = await Promise.all([
      act(created.id, 'approve', { version: reviewing.version }),
      act(created.id, 'approve', { version: reviewing.version }),
    ]);
    const statuses = answers.map((res) => res.statusCode).sort();
    expect(statuses).toEqual([200, 409]);
    const loser = answers.find((res) => res.statusCode === 409)!;
    expect(['OPF_ERR_VERSION_CONFLICT', 'OPF_ERR_TRANSITION_ILLEGAL']).toContain(loser.json().code);
    expect(loser.json().message).toEqual(expect.any(String));
    const shown = await detail(created.id);
    expect(shown.request).toMatchObject({ state: 'approved', version: reviewing.version + 1 });
    expect(shown.history.filter((e) => e.action === 'request.approve')).toHaveLength(1);
  });

  it('two submissions racing for one namespace: one 201, one 409 OPF_ERR_NAMESPACE_TAKEN', async () => {
    const body = (project: string) => ({
      ...validRequest(project),
      namespaces: [{ name: 'race-ns', cluster: 'moc/smaug', tier: 'small' }],
    });
    const answers = await Promise.all([
      post(app, '/api/v1/requests', body('race-ns-a')),
      post(app, '/api/v1/requests', body('race-ns-b')),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409]);
    expect(answers.find((res) => res.statusCode === 409)?.json().code).toBe(
      'OPF_ERR_NAMESPACE_TAKEN',
    );
    const owners = (await get(app, '/api/v1/projects?q=race-ns-')).json();
    expect(
      owners.items.filter((p: { namespaces: unknown[] }) => p.namespaces.length > 0),
    ).toHaveLength(1);
  });

  it('two submissions racing for one project name: one 201, one 409 OPF_ERR_PROJECT_EXISTS', async () => {
    const answers = await Promise.all([
      post(app, '/api/v1/requests', validRequest('race-project')),
      post(app, '/api/v1/requests', {
        ...validRequest('race-project'),
        namespaces: [{ name: 'race-project-other', cluster: 'moc/smaug', tier: 'small' }],
      }),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([201, 409]);
    expect(['OPF_ERR_PROJECT_EXISTS', 'OPF_ERR_VERSION_CONFLICT']).toContain(
      answers.find((res) => res.statusCode === 409)?.json().code,
    );
    const open = (await get(app, '/api/v1/requests?project=race-project')).json();
    expect(open.total).toBe(1);
  });

  it('an edit that drops a namespace releases it for others', async () => {
    const created = await submit('edit-release', {
      namespaces: [
        {
          name: 'edit-release-a',
          cluster: 'moc/smaug',
          tier: 'small',
          limitRange: true,
          monitoring: false,
        },
      ],
    });
    const put = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${created.id}`,
      headers: AUTH,
      payload: {
        ...validRequest('edit-release'),
        namespaces: [{ name: 'edit-release-b', cluster: 'moc/smaug', tier: 'small' }],
      },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect((await get(app, '/api/v1/projects/edit-release')).json().namespaces).toEqual([
      { name: 'edit-release-b', cluster: 'moc/smaug', tier: 'small' },
    ]);
    const other = await post(app, '/api/v1/requests', {
      ...validRequest('edit-release-other'),
      namespaces: [{ name: 'edit-release-a', cluster: 'moc/smaug' }],
    });
    expect(other.statusCode, other.body).toBe(201);
  });

  it('two different decisions at once: one wins, one audit event', async () => {
    const created = await submit('flow-race-two');
    const reviewing = await actOk(created.id, 'start-review');
    const answers = await Promise.all([
      act(created.id, 'approve', { version: reviewing.version }),
      act(created.id, 'reject', { version: reviewing.version, reason: 'No.' }),
    ]);
    expect(answers.map((res) => res.statusCode).sort()).toEqual([200, 409]);
    const shown = await detail(created.id);
    const decisions = shown.history.filter((e) =>
      ['request.approve', 'request.reject'].includes(e.action),
    );
    expect(decisions).toHaveLength(1);
    expect(['approved', 'rejected']).toContain(shown.request.state);
  });
});
