import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServeConfig } from '../../src/config/index.ts';
import {
  type GithubProviderConfig,
  loginProviderOf,
  type ProviderConfig,
} from '../../src/identity/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { expectError } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { TestBrowser } from './browser.ts';
import { startFakeGithub } from './fake-github.ts';
import { sessionFor, TEST_IDENTITY_CONFIG } from './principals.ts';

const OPF = 'http://opf.test';
const demoDir = mkdtempSync(join(tmpdir(), 'opf-demo-config-'));
let database: Database;
let github: Awaited<ReturnType<typeof startFakeGithub>>;
const apps: FastifyInstance[] = [];

async function appWith(providers: ProviderConfig[], rateLimit = 10_000, demoSignIn = false) {
  const app = await buildApp({
    db: database.db,
    databaseKind: testDatabaseKind(),
    publicUrl: OPF,
    adminToken: 'pages-test-admin-token-0123456789',
    identity: {
      config: { ...TEST_IDENTITY_CONFIG, providers, authRateLimit: rateLimit },
      providers: providers.map(loginProviderOf),
      demoSignIn,
    },
  });
  await app.ready();
  apps.push(app);
  return app;
}

const githubConfig = (): GithubProviderConfig => ({
  kind: 'github',
  id: 'github',
  name: 'GitHub',
  clientId: 'Iv1.opftest',
  clientSecret: 'github-client-secret-for-tests',
  oauthUrl: github.url,
  apiUrl: github.url,
});

beforeAll(async () => {
  database = await openTestDatabase();
  github = await startFakeGithub({
    clientId: 'Iv1.opftest',
    clientSecret: 'github-client-secret-for-tests',
    user: { id: 4242, login: 'Octo-Dev', name: 'Octo Developer', email: null },
  });
});
afterAll(async () => {
  for (const app of apps) await app.close();
  await database?.close();
  await github?.close();
  rmSync(demoDir, { recursive: true, force: true });
});

describe('signing in with GitHub (OAuth 2, through its thin adapter)', () => {
  it('code flow with PKCE, then the user from /user: known by the GitHub login', async () => {
    const app = await appWith([githubConfig()]);
    const browser = new TestBrowser(app, OPF);
    const landed = await browser.visit('/auth/login?return_to=/api/v1/me');
    expect(landed.status, landed.body).toBe(200);
    expect(JSON.parse(landed.body)).toMatchObject({
      login: 'Octo-Dev',
      role: 'user',
      via: 'session',
    });
    const authorize = browser.visited.find((u) => u.pathname === '/login/oauth/authorize')!;
    expect(authorize.searchParams.get('scope')).toBe('read:user');
    const identity = await database.db
      .selectFrom('user_identities')
      .innerJoin('users', 'users.id', 'user_identities.user_id')
      .select(['provider', 'subject', 'login'])
      .where('provider', '=', 'github')
      .execute();
    expect(identity).toEqual([{ provider: 'github', subject: '4242', login: 'Octo-Dev' }]);
  });

  it('a refused code exchange fails the sign-in with a code, and is audited', async () => {
    const app = await appWith([{ ...githubConfig(), clientSecret: 'not-the-secret' }]);
    const browser = new TestBrowser(app, OPF);
    const landed = await browser.visit('/auth/login');
    expect(landed.url.pathname).toBe('/auth/callback');
    expect(landed.status).toBe(401);
    expect(JSON.parse(landed.body).code).toBe('OPF_ERR_AUTH_LOGIN_FAILED');
    // A browser (it reads HTML) is sent to the portal's sign-in page, which says it in words.
    const person = new TestBrowser(app, OPF, { accept: 'text/html,application/xhtml+xml' });
    await person.visit('/auth/login');
    const back = person.visited.at(-1)!;
    expect(back.pathname).toBe('/sign-in');
    expect(back.searchParams.get('failed')).toBe('OPF_ERR_AUTH_LOGIN_FAILED');
    const failed = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login-failed')
      .execute();
    expect(failed.at(-1)).toMatchObject({
      visibility: 'restricted',
      reason: 'OPF_ERR_AUTH_LOGIN_FAILED',
    });
  });
});

describe('the sign-in pages', () => {
  it('with several providers (or none) /auth/login sends the browser to the portal’s sign-in page', async () => {
    const sso: ProviderConfig = {
      kind: 'oidc',
      id: 'oidc',
      name: 'Cloud <SSO>',
      issuer: 'http://127.0.0.1:9/never-fetched',
      clientId: 'opf',
      clientSecret: undefined,
      loginClaim: 'preferred_username',
      groupsClaim: 'groups',
    };
    const app = await appWith([githubConfig(), sso]);
    const res = await app.inject({ url: '/auth/login?return_to=/requests/1' });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/sign-in?return_to=%2Frequests%2F1');
    // Somewhere else than opf is never carried along.
    const away = await app.inject({ url: '/auth/login?return_to=//evil.example' });
    expect(away.headers.location).toBe('/sign-in');
    const options = await app.inject({ url: '/api/v1/auth/options' });
    expect(options.json()).toEqual({
      providers: [
        { id: 'github', name: 'GitHub' },
        { id: 'oidc', name: 'Cloud <SSO>' },
      ],
      demoUsers: [],
    });
  });

  it('every HTML page opf sends has a CSP without unsafe-inline and no inline script', async () => {
    const app = await appWith([]);
    const { cookie, csrf } = await sessionFor(database.db, 'page-reader');
    // The sign-in flow's pages are the portal's (the CLI's token page and the signed-out
    // page): the server only sends the browser there.
    const token = await app.inject({ url: '/auth/token', headers: { cookie } });
    expect(token.statusCode).toBe(302);
    expect(token.headers.location).toBe('/account/tokens');
    const out = await app.inject({
      url: '/auth/logout',
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `csrf=${encodeURIComponent(csrf)}`,
    });
    expect(out.statusCode, out.body).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    // No page of the sign-in and token flow is drawn by the server: the old form that showed a
    // new token on a bare HTML page is gone (the portal's tokens page makes one through the API).
    const { cookie: again, csrf: againCsrf } = await sessionFor(database.db, 'page-reader-2');
    const oldForm = await app.inject({
      url: '/auth/token/new',
      method: 'POST',
      headers: { cookie: again, 'content-type': 'application/x-www-form-urlencoded' },
      payload: `scopes=read&csrf=${encodeURIComponent(againCsrf)}`,
    });
    // Refused before any route (no route takes a form there): a JSON error, never a page.
    expect([404, 415]).toContain(oldForm.statusCode);
    expect(oldForm.headers['content-type']).toMatch(/^application\/json/);
    expect(oldForm.body).not.toContain('opf_pat_');
  });

  it('an OIDC issuer that cannot be reached answers 503 with a code, retried on each attempt', async () => {
    const app = await appWith([
      {
        kind: 'oidc',
        id: 'oidc',
        name: 'Down SSO',
        issuer: 'http://127.0.0.1:9/realms/down',
        clientId: 'opf',
        clientSecret: undefined,
        loginClaim: 'preferred_username',
        groupsClaim: 'groups',
      },
    ]);
    const res = await app.inject({ url: '/auth/login' });
    expectError(res, 503, 'OPF_ERR_AUTH_PROVIDER_UNAVAILABLE');
    // Discovery is retried on the next attempt rather than remembered as failed.
    expectError(await app.inject({ url: '/auth/login' }), 503, 'OPF_ERR_AUTH_PROVIDER_UNAVAILABLE');
  });

  it('an unknown provider is a 400 with a code; return_to never leaves opf', async () => {
    const app = await appWith([githubConfig()]);
    expectError(
      await app.inject({ url: '/auth/login?provider=gitlab' }),
      400,
      'OPF_ERR_AUTH_PROVIDER_UNKNOWN',
    );
    for (const returnTo of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const browser = new TestBrowser(app, OPF);
      const landed = await browser.visit(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
      expect(landed.url.href, returnTo).toBe(`${OPF}/`);
    }
  });

  it('/auth/* is rate limited per client: past the limit, 429 OPF_ERR_RATE_LIMITED', async () => {
    const app = await appWith([], 3);
    // A client of its own: the count lives in the database, which the other tests here share.
    const remoteAddress = '198.51.100.31';
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await app.inject({ url: '/auth/login', remoteAddress })).statusCode);
    expect(codes).toEqual([302, 302, 302, 429, 429]);
    const limited = await app.inject({ url: '/auth/login', remoteAddress });
    expectError(limited, 429, 'OPF_ERR_RATE_LIMITED');
    // Other routes are not limited by it.
    expect((await app.inject({ url: '/api/v1/projects', remoteAddress })).statusCode).toBe(200);
  });

  it('the token endpoints are rate limited too', async () => {
    const app = await appWith([], 2);
    const headers = { authorization: 'Bearer pages-test-admin-token-0123456789' };
    const codes: number[] = [];
    const remoteAddress = '198.51.100.32';
    for (let i = 0; i < 3; i++)
      codes.push((await app.inject({ url: '/api/v1/tokens', headers, remoteAddress })).statusCode);
    expect(codes).toEqual([200, 200, 429]);
  });
});

describe('demo sign-in (the embedded default only)', () => {
  const demoPost = (app: FastifyInstance, user: string, remoteAddress = '127.0.0.1') =>
    app.inject({
      method: 'POST',
      url: '/api/v1/auth/demo',
      payload: { user },
      remoteAddress,
    });

  it('on the embedded default the demo users are offered to this machine and sign in with one click', async () => {
    const app = await appWith([], 10_000, true);
    const options = await app.inject({ url: '/api/v1/auth/options', remoteAddress: '127.0.0.1' });
    expect(options.headers['cache-control']).toBe('no-store');
    expect(options.json().demoUsers.map((u: { login: string }) => u.login)).toEqual([
      'demo-developer',
      'demo-ops',
    ]);
    const res = await demoPost(app, 'ops');
    expect(res.statusCode, res.body).toBe(200);
    const cookie = res.cookies.find((c) => c.name === 'opf_session')!;
    expect(cookie.httpOnly).toBe(true);
    const me = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: `opf_session=${cookie.value}` },
    });
    expect(me.json()).toMatchObject({ login: 'demo-ops', role: 'ops' });
    const developer = await demoPost(app, 'developer');
    const devCookie = developer.cookies.find((c) => c.name === 'opf_session')!;
    const dev = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: `opf_session=${devCookie.value}` },
    });
    expect(dev.json()).toMatchObject({ login: 'demo-developer', role: 'user' });
    const audit = await database.db
      .selectFrom('audit_events')
      .selectAll()
      .where('action', '=', 'auth.login')
      .where('actor', '=', 'demo-ops')
      .execute();
    expect(audit.at(-1)?.after).toMatchObject({ provider: 'demo' });
    expectError(await demoPost(app, 'root'), 400, 'OPF_ERR_VALIDATION');
  });

  it('is refused to a client off loopback, even on the embedded default', async () => {
    const app = await appWith([], 10_000, true);
    const options = await app.inject({ url: '/api/v1/auth/options', remoteAddress: '192.0.2.7' });
    expect(options.json().demoUsers).toEqual([]);
    const res = await demoPost(app, 'ops', '192.0.2.7');
    expectError(res, 403, 'OPF_ERR_AUTH_DEMO_REFUSED');
    expect(res.cookies.find((c) => c.name === 'opf_session')).toBeUndefined();
  });

  it('is refused when the server was not started as the embedded default', async () => {
    const app = await appWith([], 10_000, false);
    const options = await app.inject({ url: '/api/v1/auth/options', remoteAddress: '127.0.0.1' });
    expect(options.json().demoUsers).toEqual([]);
    expectError(await demoPost(app, 'developer'), 403, 'OPF_ERR_AUTH_DEMO_REFUSED');
  });

  it('is refused whenever GitHub is configured, whatever the server was told', async () => {
    const app = await appWith([githubConfig()], 10_000, true);
    const options = await app.inject({ url: '/api/v1/auth/options', remoteAddress: '127.0.0.1' });
    expect(options.json().demoUsers).toEqual([]);
    expectError(await demoPost(app, 'ops'), 403, 'OPF_ERR_AUTH_DEMO_REFUSED');
  });

  it('the configuration offers it only on loopback, with demo data, and without GitHub or OIDC', () => {
    const base = { OPF_DATA_DIR: demoDir, OPF_ADMIN_TOKEN: 'demo-config-admin-token-0123456789' };
    expect(loadServeConfig(base).demoSignIn).toBe(true);
    expect(loadServeConfig({ ...base, HOST: '0.0.0.0' }).demoSignIn).toBe(false);
    expect(loadServeConfig({ ...base, HOST: '10.1.2.3' }).demoSignIn).toBe(false);
    expect(loadServeConfig({ ...base, OPF_DEMO_DATA: 'off' }).demoSignIn).toBe(false);
    expect(loadServeConfig({ ...base, DATABASE_URL: 'postgres://x@127.0.0.1/db' }).demoSignIn).toBe(
      false,
    );
    expect(
      loadServeConfig({
        ...base,
        OPF_GITHUB_CLIENT_ID: 'id',
        OPF_GITHUB_CLIENT_SECRET: 'secret',
      }).demoSignIn,
    ).toBe(false);
    expect(
      loadServeConfig({
        ...base,
        OPF_OIDC_ISSUER: 'https://sso.example',
        OPF_OIDC_CLIENT_ID: 'opf',
      }).demoSignIn,
    ).toBe(false);
  });
});
