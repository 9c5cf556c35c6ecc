import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createApiToken,
  defaultIdentityConfig,
  identityContext,
} from '../../src/identity/index.ts';
import { buildApp } from '../../src/server/index.ts';
import { sessionFor, TEST_IDENTITY_CONFIG, tokenFor } from '../identity/principals.ts';
import { testDatabaseKind } from '../support/db.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, AUTH, expectError, openTestApi, post, type TestApi } from './helpers.ts';

/** Defects a security probe found (issue 9, items 4 to 6), each pinned by a test. */
let t: TestApi;
let app: FastifyInstance;
let requestId: number;

beforeAll(async () => {
  t = await openTestApi();
  app = t.app;
  const created = await post(app, '/api/v1/requests', validRequest('hardened'));
  expect(created.statusCode, created.body).toBe(201);
  requestId = created.json().id;
});
afterAll(() => t?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('ids are decimal integers only', () => {
  it('DELETE /api/v1/tokens/<id> in hex, exponent, sign or decimal point revokes nothing', async () => {
    const made = await post(app, '/api/v1/tokens', { name: 'victim', scopes: ['read'] });
    expect(made.statusCode, made.body).toBe(201);
    const id = made.json().id as number;
    const spellings = [`0x${id.toString(16)}`, `${id}e0`, `+${id}`, `${id}.0`, `0${id}`, ` ${id}`];
    for (const spelling of spellings) {
      const res = await app.inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${encodeURIComponent(spelling)}`,
        headers: AUTH,
      });
      expectError(res, 400, 'OPF_ERR_VALIDATION');
    }
    const listed = await app.inject({ url: '/api/v1/tokens?all=true', headers: AUTH });
    const victim = listed.json().items.find((item: { id: number }) => item.id === id);
    expect(victim.revokedAt).toBeNull();
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${id}`,
      headers: AUTH,
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
  });

  it.each([
    `/api/v1/requests/0x1`,
    `/api/v1/requests/1e0/history`,
    `/api/v1/requests/1/history?before=0x10`,
    `/api/v1/requests?limit=1e1`,
    `/api/v1/projects?offset=+1`,
    `/api/v1/audit?after=0x0`,
    `/api/v1/clusters/capacity?request=0x1`,
  ])('%s is 400', async (url) => {
    expectError(await app.inject({ url }), 400, 'OPF_ERR_VALIDATION');
  });

  it('plain decimal ids and numbers still work', async () => {
    expect((await app.inject({ url: `/api/v1/requests/${requestId}` })).statusCode).toBe(200);
    expect((await app.inject({ url: '/api/v1/requests?limit=10&offset=0' })).statusCode).toBe(200);
  });
});

describe('path and query parameters are checked before any database work', () => {
  it.each([
    ['GET', '/api/v1/projects/x%00/members'],
    ['POST', '/api/v1/projects/x%00/members'],
    ['DELETE', '/api/v1/projects/x%00/members/bob'],
    ['DELETE', '/api/v1/projects/matrix/members/b%00b'],
    ['PUT', '/api/v1/requests/1%00'],
    ['POST', '/api/v1/requests/1%00/withdraw'],
  ] as const)('%s %s for a signed-in user is 400, not 500', async (method, url) => {
    const headers = bearer(await tokenFor(t.database.db, 'nul-prober'));
    const res = await app.inject({
      method,
      url,
      headers,
      ...(method !== 'GET' && method !== 'DELETE' && { payload: { login: 'x' } }),
    });
    expectError(res, 400, 'OPF_ERR_VALIDATION');
  });

  it('a stranger is refused by the team check before the body is validated', async () => {
    const headers = bearer(await tokenFor(t.database.db, 'stranger-sam'));
    const res = await app.inject({
      method: 'PUT',
      url: `/api/v1/requests/${requestId}`,
      headers,
      payload: { not: 'a request' },
    });
    expectError(res, 403, 'OPF_ERR_AUTH_NOT_MEMBER');
  });
});

describe('tokens are minted only by a session (with CSRF) or a token that may create tokens', () => {
  it('a read-only token gets no new token from the API', async () => {
    const readOnly = bearer(await tokenFor(t.database.db, 'reader-rita', { scopes: ['read'] }));
    const api = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: readOnly,
      payload: { name: 'more', scopes: ['read'] },
    });
    expectError(api, 403, 'OPF_ERR_TOKEN_SCOPE');
    // The old GET link and the old form are gone: a link, an <img> or a form makes nothing.
    const link = await app.inject({ url: '/auth/token/new?scopes=read', headers: readOnly });
    expect(link.statusCode).toBe(404);
    const form = await app.inject({
      method: 'POST',
      url: '/auth/token/new',
      headers: { ...readOnly, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'scopes=read',
    });
    expect([404, 415]).toContain(form.statusCode);
    expect(form.body).not.toContain('opf_pat_');
    const mine = await app.inject({ url: '/api/v1/tokens', headers: readOnly });
    expect(mine.json().items).toHaveLength(1);
  });

  it('the check is the library’s, so every path that mints holds it', async () => {
    const ctx = identityContext({
      db: t.database.db,
      config: defaultIdentityConfig(),
      publicUrl: 'http://opf.test',
    });
    const fromReadToken = { name: 'rita', role: 'user', via: 'token', scopes: ['read'] } as const;
    await expect(
      createApiToken(
        ctx,
        { ...fromReadToken, scopes: ['read'] },
        { name: 'x', scopes: ['read'] },
        't',
      ),
    ).rejects.toMatchObject({ code: 'OPF_ERR_TOKEN_SCOPE' });
    const made = await createApiToken(
      ctx,
      { ...fromReadToken, scopes: ['read', 'request'] },
      { name: 'x', scopes: ['read'] },
      't',
    );
    expect(made.record.scopes).toEqual(['read']);
  });

  it('a session mints (the portal’s tokens page) with its CSRF token, never without', async () => {
    const { cookie, csrf } = await sessionFor(t.database.db, 'form-fay');
    const mint = (csrfHeader: string | undefined) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: { cookie, ...(csrfHeader !== undefined && { 'x-csrf-token': csrfHeader }) },
        payload: { name: 'from the portal', scopes: ['read', 'request'] },
      });
    expectError(await mint(undefined), 403, 'OPF_ERR_AUTH_CSRF');
    expectError(await mint('guess'), 403, 'OPF_ERR_AUTH_CSRF');
    const made = await mint(csrf);
    expect(made.statusCode, made.body).toBe(201);
    expect(made.json().token).toMatch(/^opf_pat_/);
  });
});

describe('signing out is a POST with the session’s CSRF token', () => {
  it('a GET signs nobody out; a POST without the token neither; with it, the session ends', async () => {
    const { cookie, csrf } = await sessionFor(t.database.db, 'leaving-lea');
    const stillIn = async () =>
      (await app.inject({ url: '/api/v1/me', headers: { cookie } })).statusCode === 200;
    expect((await app.inject({ url: '/auth/logout', headers: { cookie } })).statusCode).toBe(404);
    expect(await stillIn()).toBe(true);
    const forged = await app.inject({ method: 'POST', url: '/auth/logout', headers: { cookie } });
    expectError(forged, 403, 'OPF_ERR_AUTH_CSRF');
    expect(await stillIn()).toBe(true);
    const out = await app.inject({
      method: 'POST',
      url: '/auth/logout',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    expect(out.statusCode, out.body).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    expect(await stillIn()).toBe(false);
  });
});

describe('HSTS only over https', () => {
  it('is sent when the client reached opf over https, never over plain http', async () => {
    const proxied = await buildApp(
      {
        db: t.database.db,
        databaseKind: testDatabaseKind(),
        publicUrl: 'https://opf.test',
        adminToken: ADMIN_TOKEN,
        identity: { config: TEST_IDENTITY_CONFIG },
      },
      { trustProxy: true },
    );
    try {
      const overHttps = await proxied.inject({
        url: '/healthz',
        headers: { 'x-forwarded-proto': 'https' },
      });
      expect(overHttps.headers['strict-transport-security']).toMatch(/^max-age=\d+/);
      const overHttp = await proxied.inject({ url: '/healthz' });
      expect(overHttp.headers['strict-transport-security']).toBeUndefined();
      const page = await proxied.inject({ url: '/auth/login' });
      expect(page.headers['strict-transport-security']).toBeUndefined();
    } finally {
      await proxied.close();
    }
  });
});
