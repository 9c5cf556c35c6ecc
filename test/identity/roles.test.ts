import Fastify from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { RequestView } from '../../src/core/index.ts';
import { defaultIdentityConfig, identityContext, roleOf } from '../../src/identity/index.ts';
import { registerAuthorization } from '../../src/server/auth.ts';
import { registerErrorHandler } from '../../src/server/error-handler.ts';
import { idParams } from '../../src/server/schemas.ts';
import { AUTH, expectError, openTestApi, type TestApi } from '../server/helpers.ts';
import { validRequest } from '../support/fixtures.ts';
import { sessionFor, TEST_IDENTITY_CONFIG, tokenFor } from './principals.ts';

let t: TestApi;
let a: RequestView;
let b: RequestView;
let memberOfA: Record<string, string>;

beforeAll(async () => {
  t = await openTestApi();
  const submit = async (name: string, members: string[]) => {
    const spec = validRequest(name);
    spec.team = { name, owner: members[0]!, members };
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: AUTH,
      payload: spec as never,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as RequestView;
  };
  a = await submit('project-a', ['ann-a', 'Carl-A']);
  b = await submit('project-b', ['bea-b']);
  // A login in another case than the team lists: still Carl.
  memberOfA = { authorization: `Bearer ${await tokenFor(t.database.db, 'carl-a')}` };
});
afterAll(() => t?.close());

describe('project members', () => {
  it('a member of project A cannot change project B in any way', async () => {
    const edit = validRequest('project-b');
    edit.team = { name: 'project-b', owner: 'bea-b', members: ['bea-b', 'carl-a'] };
    const attempts = [
      { method: 'PUT' as const, url: `/api/v1/requests/${b.id}`, payload: edit },
      { method: 'POST' as const, url: `/api/v1/requests/${b.id}/withdraw`, payload: {} },
      { method: 'POST' as const, url: `/api/v1/requests/${b.id}/submit`, payload: {} },
      {
        method: 'POST' as const,
        url: `/api/v1/requests/${b.id}/comments`,
        payload: { body: 'mine now' },
      },
    ];
    for (const attempt of attempts)
      expectError(
        await t.app.inject({ ...attempt, payload: attempt.payload as never, headers: memberOfA }),
        403,
        'OPF_ERR_AUTH_NOT_MEMBER',
      );
    const after = (await t.app.inject({ url: `/api/v1/requests/${b.id}` })).json();
    expect(after.request.version).toBe(b.version);
    expect(after.request.spec.team.members).toEqual(['bea-b']);
    expect(after.comments).toEqual([]);
  });

  it('…and changes its own project: edit, comment, withdraw', async () => {
    const edit = validRequest('project-a');
    edit.team = { name: 'project-a', owner: 'ann-a', members: ['ann-a', 'Carl-A'] };
    edit.project.description = 'Edited by a member.';
    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${a.id}`,
      headers: memberOfA,
      payload: edit as never,
    });
    expect(put.statusCode, put.body).toBe(200);
    const comment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${a.id}/comments`,
      headers: memberOfA,
      payload: { body: 'from the team' },
    });
    expect(comment.statusCode, comment.body).toBe(201);
    expect(comment.json().author).toBe('carl-a');
    const withdraw = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${a.id}/withdraw`,
      headers: memberOfA,
      payload: {},
    });
    expect(withdraw.statusCode, withdraw.body).toBe(200);
    // The history says who did it and from where.
    const history = (await t.app.inject({ url: `/api/v1/requests/${a.id}` })).json().history;
    expect(history.at(-1)).toMatchObject({
      actor: 'carl-a',
      action: 'request.withdraw',
      source: '127.0.0.1',
    });
  });

  it('a member is not a reviewer: review actions stay with ops', async () => {
    expectError(
      await t.app.inject({
        method: 'POST',
        url: `/api/v1/requests/${b.id}/approve`,
        headers: { authorization: `Bearer ${await tokenFor(t.database.db, 'bea-b')}` },
        payload: {},
      }),
      403,
      'OPF_ERR_FORBIDDEN',
    );
  });

  it('without credentials a write answers 401 before anything is read', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/withdraw`,
      payload: {},
    });
    expectError(res, 401, 'OPF_ERR_UNAUTHENTICATED');
  });
});

describe('sessions', () => {
  it('an expired session is no session: its writes answer 401, its reads stay public', async () => {
    const { cookie, csrf } = await sessionFor(
      t.database.db,
      'ann-a',
      [],
      new Date(Date.now() - 1000),
    );
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/comments`,
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { body: 'late' },
    });
    expectError(write, 401, 'OPF_ERR_UNAUTHENTICATED');
    expect((await t.app.inject({ url: '/api/v1/projects', headers: { cookie } })).statusCode).toBe(
      200,
    );
  });

  it('a live session with its CSRF token writes as its user', async () => {
    const { cookie, csrf } = await sessionFor(t.database.db, 'BEA-B');
    const write = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/comments`,
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { body: 'on time' },
    });
    expect(write.statusCode, write.body).toBe(201);
    // Another session's CSRF token does not do.
    const other = await sessionFor(t.database.db, 'bea-b');
    const crossed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${b.id}/comments`,
      headers: { cookie, 'x-csrf-token': other.csrf },
      payload: { body: 'crossed' },
    });
    expectError(crossed, 403, 'OPF_ERR_AUTH_CSRF');
  });
});

/** A bare app with opf's authorization and error edge, for one policy at a time. */
function tinyApp(teamOfRequest?: Parameters<typeof registerAuthorization>[1]['teamOfRequest']) {
  const tiny = Fastify();
  tiny.setValidatorCompiler(validatorCompiler);
  registerErrorHandler(tiny);
  registerAuthorization(tiny, {
    adminToken: 'x'.repeat(32),
    identity: identityContext({
      db: t.database.db,
      config: TEST_IDENTITY_CONFIG,
      publicUrl: 'http://x',
    }),
    ...(teamOfRequest && { teamOfRequest }),
  });
  return tiny;
}

describe('CSRF on public writes', () => {
  it('a session write without the token to a public route acts anonymously, not as the user', async () => {
    const tiny = tinyApp();
    tiny.post('/public-write', { config: { policy: 'public' } }, async (request) => ({
      as: request.principal?.name ?? null,
    }));
    await tiny.ready();
    const { cookie, csrf } = await sessionFor(t.database.db, 'ann-a');
    const forged = await tiny.inject({ method: 'POST', url: '/public-write', headers: { cookie } });
    expect(forged.json()).toEqual({ as: null });
    const own = await tiny.inject({
      method: 'POST',
      url: '/public-write',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(own.json()).toEqual({ as: 'ann-a' });
    await tiny.close();
  });
});

describe('the owner policy (for routes that change a team)', () => {
  it('lets the owner and ops through, and refuses members with OPF_ERR_AUTH_NOT_OWNER', async () => {
    const tiny = tinyApp(async (id) =>
      id === 7 ? { owner: 'Olive', members: ['olive', 'max'] } : undefined,
    );
    tiny.post(
      '/teams/:id/members',
      { config: { policy: 'owner' }, schema: { params: idParams } },
      async () => ({ ok: true }),
    );
    await tiny.ready();
    const as = async (login: string) => ({
      authorization: `Bearer ${await tokenFor(t.database.db, login)}`,
    });
    const call = async (login: string, id = 7) =>
      tiny.inject({ method: 'POST', url: `/teams/${id}/members`, headers: await as(login) });
    expect((await call('OLIVE')).statusCode).toBe(200);
    expect((await call('ops-olga')).statusCode).toBe(200);
    expectError(await call('max'), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    expectError(await call('stranger'), 403, 'OPF_ERR_AUTH_NOT_OWNER');
    // No such request: the handler decides (here it answers; a real one says 404).
    expect((await call('stranger', 8)).statusCode).toBe(200);
    await tiny.close();
  });

  it('a team policy on a route without a request id is refused at start', () => {
    const tiny = Fastify();
    registerAuthorization(tiny, { adminToken: 'x'.repeat(32) });
    expect(() => tiny.post('/teams', { config: { policy: 'owner' } }, async () => ({}))).toThrow(
      /policy owner needs an :id request/,
    );
    // Nor without a schema for its parameters: the team lookup would read unchecked input.
    expect(() =>
      tiny.post('/teams/:id', { config: { policy: 'member' } }, async () => ({})),
    ).toThrow(/policy member needs a params schema/);
    expect(() =>
      tiny.post('/x', { config: { policy: 'superuser' as never } }, async () => ({})),
    ).toThrow(/unknown policy "superuser"/);
  });
});

describe('the team policies on project routes (by :name)', () => {
  it('resolve the team of the project in /api/v1/projects/:name; other :name routes are refused at start', async () => {
    const tiny = Fastify();
    tiny.setValidatorCompiler(validatorCompiler);
    registerErrorHandler(tiny);
    registerAuthorization(tiny, {
      adminToken: 'x'.repeat(32),
      identity: identityContext({
        db: t.database.db,
        config: TEST_IDENTITY_CONFIG,
        publicUrl: 'http://x',
      }),
      teamOfProject: async (name) =>
        name === 'olives' ? { owner: 'Olive', members: ['olive', 'max'] } : undefined,
    });
    const params = z.object({ name: z.string().max(63) });
    tiny.post(
      '/api/v1/projects/:name/members',
      { config: { policy: 'owner' }, schema: { params } },
      async () => ({}),
    );
    tiny.post(
      '/api/v1/projects/:name/notes',
      { config: { policy: 'member' }, schema: { params } },
      async () => ({}),
    );
    expect(() =>
      tiny.post(
        '/api/v1/clusters/:name/x',
        { config: { policy: 'owner' }, schema: { params } },
        async () => ({}),
      ),
    ).toThrow(/policy owner needs an :id request or a \/api\/v1\/projects\/:name project/);
    await tiny.ready();
    const call = async (login: string, url: string) =>
      tiny.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${await tokenFor(t.database.db, login)}` },
      });
    expect((await call('olive', '/api/v1/projects/olives/members')).statusCode).toBe(200);
    expectError(
      await call('MAX', '/api/v1/projects/olives/members'),
      403,
      'OPF_ERR_AUTH_NOT_OWNER',
    );
    expect((await call('MAX', '/api/v1/projects/olives/notes')).statusCode).toBe(200);
    expectError(await call('zoe', '/api/v1/projects/olives/notes'), 403, 'OPF_ERR_AUTH_NOT_MEMBER');
    await tiny.close();
  });
});

describe('cloud roles from config', () => {
  const config = defaultIdentityConfig({
    opsUsers: ['Olga'],
    adminUsers: ['ada'],
    opsGroups: ['Cloud-Ops'],
    adminGroups: ['cloud-admins'],
  });
  it('by login (case-insensitive) or by group; otherwise user', () => {
    expect(roleOf(config, 'olga', [])).toBe('ops');
    expect(roleOf(config, 'ADA', [])).toBe('admin');
    expect(roleOf(config, 'gus', ['cloud-ops'])).toBe('ops');
    expect(roleOf(config, 'gus', ['developers', 'CLOUD-ADMINS'])).toBe('admin');
    expect(roleOf(config, 'gus', ['developers'])).toBe('user');
    // Admin wins over ops when both apply.
    expect(roleOf(config, 'olga', ['cloud-admins'])).toBe('admin');
  });
});
