import { readFileSync } from 'node:fs';
import { validate } from '@readme/openapi-parser';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Scope, scopeNeeded, scopesCover } from '../../src/identity/index.ts';
import { registerAuthorization } from '../../src/server/auth.ts';
import type { Policy, Role } from '../../src/server/index.ts';
import { renderOpenApi } from '../../src/server/openapi.ts';
import { sessionFor, tokenFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, AUTH, openTestApi, post, type TestApi } from './helpers.ts';

const COMMITTED = new URL('../../docs/openapi.json', import.meta.url);

interface Operation {
  'x-opf-policy'?: Policy;
  security?: Record<string, string[]>[];
  responses?: Record<string, unknown>;
}
type Document = { openapi: string; paths: Record<string, Record<string, Operation>> };

let t: TestApi;
let app: FastifyInstance;
let served: Document;
let requestId: number;

beforeAll(async () => {
  t = await openTestApi();
  app = t.app;
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  served = res.json();
  const created = await post(app, '/api/v1/requests', validRequest('matrix'));
  expect(created.statusCode, created.body).toBe(201);
  requestId = created.json().id;
});
afterAll(() => t?.close());

describe('the OpenAPI document', () => {
  it('/openapi.json is a valid OpenAPI 3.1 document', async () => {
    expect(served.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(served) as never);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(result.specification).toBe('OpenAPI');
  });

  it('the validator is not a rubber stamp: it refuses a broken document', async () => {
    const broken = structuredClone(served) as unknown as Record<string, unknown>;
    (broken.paths as Record<string, unknown>)['/broken'] = {
      get: {
        responses: { 200: { content: { 'application/json': { schema: { $ref: '#/nowhere' } } } } },
      },
    };
    const result = await validate(broken as never);
    expect(result.valid).toBe(false);
  });

  it('lists the interfaces the acceptance checks use', () => {
    expect(Object.keys(served.paths['/api/v1/projects']!)).toContain('get');
    expect(Object.keys(served.paths['/api/v1/requests']!).sort()).toEqual(['get', 'post']);
    expect(Object.keys(served.paths['/api/v1/requests/{id}']!)).toContain('get');
    for (const action of ['start-review', 'request-changes', 'approve', 'reject', 'withdraw'])
      expect(served.paths[`/api/v1/requests/{id}/${action}`]?.post, action).toBeDefined();
    expect(served.paths['/healthz']?.get).toBeDefined();
  });

  it('docs/openapi.json is what the routes generate (no drift)', async () => {
    const rendered = await renderOpenApi();
    const committed = readFileSync(COMMITTED, 'utf8');
    expect(
      committed,
      'docs/openapi.json is out of date with the route schemas: run `npm run openapi` and commit docs/openapi.json',
    ).toBe(rendered);
    // And the server serves the same document it would commit.
    expect(served).toEqual(JSON.parse(rendered));
  });

  it('every operation declares a policy, and non-public ones need the bearer token', () => {
    const operations = Object.entries(served.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(operations.length).toBeGreaterThanOrEqual(20);
    for (const { path, method, op } of operations) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(Object.keys(RANK), where).toContain(op['x-opf-policy']);
      if (op['x-opf-policy'] === 'public') expect(op.security, where).toBeUndefined();
      else if (op['x-opf-policy'] === 'alertmanager')
        expect(op.security, where).toEqual([{ alertmanager: [] }]);
      else {
        expect(op.security, where).toEqual([{ bearer: [] }, { session: [] }]);
        expect(Object.keys(op.responses ?? {}), where).toEqual(
          expect.arrayContaining(['401', '403']),
        );
      }
    }
    // Reads are public; review actions need ops; system transitions need admin.
    expect(served.paths['/api/v1/requests']?.get?.['x-opf-policy']).toBe('public');
    expect(served.paths['/api/v1/requests/{id}/approve']?.post?.['x-opf-policy']).toBe('ops');
    expect(served.paths['/api/v1/requests/{id}/provision']?.post?.['x-opf-policy']).toBe('admin');
    // A project's own writes need its team.
    expect(served.paths['/api/v1/requests/{id}']?.put?.['x-opf-policy']).toBe('member');
    expect(served.paths['/api/v1/requests/{id}/withdraw']?.post?.['x-opf-policy']).toBe('member');
    expect(served.paths['/api/v1/projects/{name}/members']?.get?.['x-opf-policy']).toBe('public');
    expect(served.paths['/api/v1/projects/{name}/members']?.post?.['x-opf-policy']).toBe('owner');
    // A team owner's consent: read by anyone, answered by the owner (or ops).
    expect(served.paths['/api/v1/consents']?.get?.['x-opf-policy']).toBe('public');
    expect(served.paths['/api/v1/requests/{id}/consent']?.post?.['x-opf-policy']).toBe('owner');
    expect(served.paths['/api/v1/projects/{name}/members/{login}']?.delete?.['x-opf-policy']).toBe(
      'owner',
    );
  });
});

describe('a route without a policy', () => {
  it('is refused when registered on the instance', async () => {
    const tiny = Fastify();
    registerAuthorization(tiny, { adminToken: 'x'.repeat(32) });
    tiny.get('/fine', { config: { policy: 'public' } }, async () => ({ ok: true }));
    expect(() => tiny.get('/forgotten', async () => ({ ok: true }))).toThrow(
      /route GET \/forgotten declares no policy/,
    );
    await tiny.close();
  });

  it('is refused inside a plugin: the app does not start', async () => {
    const tiny = Fastify();
    registerAuthorization(tiny, { adminToken: 'x'.repeat(32) });
    tiny.register(async (plugin) => {
      plugin.post('/api/v1/secret', { config: {} }, async () => ({ ok: true }));
    });
    await expect(tiny.ready()).rejects.toThrow(/route POST \/api\/v1\/secret declares no policy/);
    await tiny.close().catch(() => undefined);
  });

  it('a route with a policy is enforced by the same hook', async () => {
    const tiny = Fastify();
    registerAuthorization(tiny, { adminToken: 'x'.repeat(32) });
    tiny.get('/ops-only', { config: { policy: 'ops' } }, async () => ({ ok: true }));
    tiny.get('/open', { config: { policy: 'public' } }, async () => ({ ok: true }));
    await tiny.ready();
    expect((await tiny.inject({ url: '/open' })).statusCode).toBe(200);
    // No error handler here: the OpfError comes out as Fastify's default 500 without a
    // status, so check that the route was refused, then that the token lets it through.
    expect((await tiny.inject({ url: '/ops-only' })).statusCode).not.toBe(200);
    const allowed = await tiny.inject({
      url: '/ops-only',
      headers: { authorization: `Bearer ${'x'.repeat(32)}` },
    });
    expect(allowed.statusCode).toBe(200);
    await tiny.close();
  });
});

/**
 * Who calls, and what they may do. A principal's rank must reach the operation's policy
 * (below it: 403 OPF_ERR_FORBIDDEN; unauthenticated: 401); the member and owner policies
 * also need the caller in the team of the request named by the route (ops and admin pass).
 * Callers come as the bootstrap token, API tokens and browser sessions (with CSRF token).
 */
interface Caller {
  name: string;
  role: Role | undefined;
  /** Their place in the team of the matrix's request (validRequest: Alice-Dev owns it). */
  team?: 'member' | 'owner';
  /** A token's scopes, where they are narrower than the role. */
  scopes?: Scope[];
  credentials: (t: TestApi) => Promise<Record<string, string>>;
}
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const session = async (t: TestApi, login: string, groups: string[] = []) => {
  const { cookie, csrf } = await sessionFor(t.database.db, login, groups);
  return { cookie, 'x-csrf-token': csrf };
};
const CALLERS: Caller[] = [
  { name: 'anonymous', role: undefined, credentials: async () => ({}) },
  { name: 'admin token', role: 'admin', credentials: async () => AUTH },
  {
    name: 'signed-in user (token)',
    role: 'user',
    credentials: async (t) => bearer(await tokenFor(t.database.db, 'uma-user')),
  },
  {
    name: 'project member (token, login in another case)',
    role: 'user',
    team: 'member',
    credentials: async (t) => bearer(await tokenFor(t.database.db, 'BOB_openshift.user')),
  },
  {
    name: 'project owner (session)',
    role: 'user',
    team: 'owner',
    credentials: (t) => session(t, 'alice-dev'),
  },
  {
    // A leaked read token: it reads, and it makes no tokens (no new 90-day access).
    name: 'project member with a read-only token',
    role: 'user',
    team: 'member',
    scopes: ['read'],
    credentials: async (t) =>
      bearer(await tokenFor(t.database.db, 'bob_openshift.user', { scopes: ['read'] })),
  },
  {
    name: 'ops by login (token)',
    role: 'ops',
    credentials: async (t) => bearer(await tokenFor(t.database.db, 'OPS-Olga')),
  },
  {
    name: 'ops by group (session)',
    role: 'ops',
    credentials: (t) => session(t, 'gus', ['cloud-ops']),
  },
  {
    name: 'admin by login (token)',
    role: 'admin',
    credentials: async (t) => bearer(await tokenFor(t.database.db, 'admin-ada')),
  },
];
/** The role rank a policy needs (member and owner need a signed-in user plus team checks). */
const RANK: Record<string, number> = {
  public: 0,
  user: 1,
  member: 1,
  owner: 1,
  ops: 2,
  admin: 3,
  alertmanager: 4,
};

/** What a caller should get from a route of `policy`: through, or this status and code. */
function expected(
  caller: Caller,
  policy: Policy,
  method: string,
): { status: number; code: string } | 'allowed' {
  if (policy === 'public') return 'allowed';
  // Only Alertmanager's own token reaches its webhook: no session, no API token, no admin.
  if (policy === 'alertmanager') return { status: 401, code: 'OPF_ERR_ALERTMANAGER_TOKEN' };
  if (!caller.role) return { status: 401, code: 'OPF_ERR_UNAUTHENTICATED' };
  const needed = scopeNeeded(policy, method.toUpperCase());
  if (caller.scopes && needed && !scopesCover(caller.scopes, needed))
    return { status: 403, code: 'OPF_ERR_TOKEN_SCOPE' };
  if (RANK[caller.role]! < RANK[policy]!) return { status: 403, code: 'OPF_ERR_FORBIDDEN' };
  if (caller.role === 'user' && policy === 'member' && !caller.team)
    return { status: 403, code: 'OPF_ERR_AUTH_NOT_MEMBER' };
  if (caller.role === 'user' && policy === 'owner' && caller.team !== 'owner')
    return { status: 403, code: 'OPF_ERR_AUTH_NOT_OWNER' };
  return 'allowed';
}

/** Routes the document hides but the app serves (the CLI's address for the tokens page). */
const HIDDEN = [
  { method: 'get', path: '/metrics', policy: 'public' as Policy },
  { method: 'get', path: '/openapi.json', policy: 'public' as Policy },
  { method: 'get', path: '/auth/token', policy: 'public' as Policy },
];

/**
 * Every method and path the app serves, read from its route tree: the matrix must not
 * miss a route because the document hides it.
 */
function servedRoutes(tree: string): { method: string; path: string }[] {
  const routes: { method: string; path: string }[] = [];
  const stack: string[] = [];
  for (const line of tree.split('\n')) {
    const match = /^([│ ]*)(?:[└├]── )?(\S+) \(([^)]+)\)$/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    const segment = match[2]!;
    const parent = depth === 0 ? '' : stack[depth - 1]!;
    // A radix tree: a child's segment continues its parent's text ("/api/v1/me" + "etings").
    const path = `${parent}${segment}`;
    stack[depth] = path;
    stack.length = depth + 1;
    for (const method of match[3]!.split(', '))
      if (method !== 'HEAD') routes.push({ method: method.toLowerCase(), path });
  }
  return routes;
}

function operations() {
  return [
    ...Object.entries(served.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method,
        path,
        policy: op['x-opf-policy'] as Policy,
      })),
    ),
    ...HIDDEN,
  ];
}

describe('role × route matrix over every operation', () => {
  for (const caller of CALLERS)
    it(`${caller.name}: allowed where its role reaches the policy, 401/403 with a code elsewhere`, async () => {
      const headers = await caller.credentials(t);
      const rows: string[] = [];
      // Signing out ends a session caller's session: walk it last.
      const walk = operations().sort(
        (a, b) => Number(a.path === '/auth/logout') - Number(b.path === '/auth/logout'),
      );
      for (const { method, path, policy } of walk) {
        const expectation = expected(caller, policy, method);
        // Allowed calls go to a request that does not exist, so the matrix changes no state;
        // refused ones go to the real request, whose team the member policy checks.
        const id = expectation === 'allowed' ? requestId + 100_000 : requestId;
        // Project routes name the matrix's project (a request's team: owner policy applies).
        const url = path
          .replace('{id}', String(id))
          .replace('{name}', 'matrix')
          .replace('{login}', 'bob_openshift.user')
          // A notice that does not exist: an allowed answer changes nothing (404).
          .replace('{notice}', '999999')
          // An incident that does not exist: an allowed acknowledgement changes nothing (404).
          .replace('{incident}', '999999');
        const res = await app.inject({
          method: method.toUpperCase() as 'GET',
          url,
          headers,
          ...(method !== 'get' && { payload: {} }),
        });
        const code = res.statusCode >= 400 ? (res.json() as { code?: string }).code : undefined;
        if (expectation === 'allowed') {
          if ([401, 403].includes(res.statusCode))
            rows.push(`${method} ${path} (${policy}): ${res.statusCode} ${code}`);
        } else if (res.statusCode !== expectation.status || code !== expectation.code)
          rows.push(
            `${method} ${path} (${policy}): ${res.statusCode} ${code}, expected ${expectation.status} ${expectation.code}`,
          );
      }
      expect(rows).toEqual([]);
    });

  it('the matrix walks every /api and /auth route the app serves, hidden ones too', () => {
    const walked = new Set(
      operations().map(({ method, path }) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
    );
    const served = servedRoutes(app.printRoutes({ commonPrefix: false })).filter(({ path }) =>
      /^\/(api|auth)\//.test(path),
    );
    expect(served.map((r) => r.path)).toEqual(
      expect.arrayContaining(['/auth/login', '/auth/logout', '/auth/token']),
    );
    expect(served.length).toBeGreaterThan(40);
    const missed = served
      .map(({ method, path }) => `${method} ${path}`)
      .filter((r) => !walked.has(r));
    expect(missed).toEqual([]);
  });

  it('the matrix covers reads and writes of every policy', () => {
    const policies = [...new Set(operations().map((op) => op.policy))];
    expect(policies).toEqual(
      expect.arrayContaining(['admin', 'alertmanager', 'member', 'owner', 'ops', 'public', 'user']),
    );
    for (const policy of policies) expect(Object.keys(RANK)).toContain(policy);
  });

  it('the admin token in any case of "Bearer" works; in a query string it does not', async () => {
    const url = `/api/v1/requests/${requestId}/comments`;
    const lower = await app.inject({
      method: 'POST',
      url,
      headers: { authorization: `bearer ${ADMIN_TOKEN}` },
      payload: { body: 'lowercase scheme' },
    });
    expect(lower.statusCode, lower.body).toBe(201);
    const query = await app.inject({
      method: 'POST',
      url: `${url}?token=${ADMIN_TOKEN}`,
      payload: { body: 'in the url' },
    });
    expect(query.statusCode).toBe(401);
  });
});
