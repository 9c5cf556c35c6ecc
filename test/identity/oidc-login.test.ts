import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginProviderOf } from '../../src/identity/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { validRequest } from '../support/fixtures.ts';
import { TestBrowser } from './browser.ts';
import {
  oidcProviderFor,
  startTestIssuer,
  type TestAccount,
  type TestIssuer,
} from './oidc-issuer.ts';
import { TEST_IDENTITY_CONFIG } from './principals.ts';

const OPF = 'http://opf.test';
const ADMIN_TOKEN = 'oidc-test-admin-token-0123456789';
const alice: TestAccount = {
  sub: 'sub-alice-1',
  preferred_username: 'Alice-Dev',
  name: 'Alice Developer',
  email: 'alice@example.org',
  groups: ['developers'],
};
const olga: TestAccount = {
  sub: 'sub-olga-7',
  preferred_username: 'olga-ops',
  name: 'Olga',
  email: 'olga@example.org',
  groups: ['cloud-ops'],
};

let issuer: TestIssuer;
let database: Database;
let app: FastifyInstance;

beforeAll(async () => {
  issuer = await startTestIssuer(`${OPF}/auth/callback`);
  database = await openTestDatabase();
  const config = {
    ...TEST_IDENTITY_CONFIG,
    providers: [oidcProviderFor(issuer)],
  };
  app = await buildApp({
    db: database.db,
    databaseKind: testDatabaseKind(),
    publicUrl: OPF,
    adminToken: ADMIN_TOKEN,
    identity: { config, providers: config.providers.map(loginProviderOf) },
  });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await issuer?.close();
});

async function signIn(account: TestAccount, returnTo = '/api/v1/me') {
  issuer.signInAs(account);
  const browser = new TestBrowser(app, OPF);
  const landed = await browser.visit(`/auth/login?return_to=${encodeURIComponent(returnTo)}`);
  return { browser, landed };
}

describe('signing in with OpenID Connect (oidc-provider on loopback)', () => {
  it('the code flow with PKCE ends in a session cookie and back where the user started', async () => {
    const before = issuer.authorizationRequests.length;
    const { browser, landed } = await signIn(alice);
    expect(landed.url.href).toBe(`${OPF}/api/v1/me`);
    expect(landed.status, landed.body).toBe(200);
    const me = JSON.parse(landed.body);
    expect(me).toMatchObject({ login: 'Alice-Dev', role: 'user', via: 'session', scopes: null });
    expect(me.csrfToken).toMatch(/^[\w-]{40,}$/);

    // PKCE: the provider was asked with an S256 challenge (and it requires one).
    const asked = issuer.authorizationRequests.slice(before);
    expect(asked).toHaveLength(1);
    expect(asked[0]!.searchParams.get('code_challenge_method')).toBe('S256');
    expect(asked[0]!.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(asked[0]!.searchParams.get('redirect_uri')).toBe(`${OPF}/auth/callback`);
    expect(asked[0]!.searchParams.get('nonce')).toBeTruthy();

    // The session cookie: HttpOnly, Secure, SameSite=Lax, with an expiry.
    const line = browser.setCookies.find((c) => c.startsWith('opf_session='))!;
    expect(line).toMatch(/; HttpOnly/i);
    expect(line).toMatch(/; Secure/i);
    expect(line).toMatch(/; SameSite=Lax/i);
    expect(line).toMatch(/; Expires=/i);
    // The login's state cookie is gone once used.
    expect(browser.cookie('opf.test', 'opf_login_state')).toBeUndefined();
  });

  it('the session is stored hashed: the cookie value is nowhere in the database', async () => {
    // A session that expired unused is swept by the next sign-in.
    await database.db
      .insertInto('sessions')
      .values({
        token_hash: 'f'.repeat(64),
        user_id: (await database.db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id,
        provider: 'oidc',
        expires_at: new Date(Date.now() - 1000),
        source: null,
      })
      .execute();
    const { browser } = await signIn(alice);
    const stale = await database.db
      .selectFrom('sessions')
      .select('token_hash')
      .where('token_hash', '=', 'f'.repeat(64))
      .execute();
    expect(stale).toEqual([]);
    const secret = browser.cookie('opf.test', 'opf_session')!;
    const rows = await database.db.selectFrom('sessions').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    expect(JSON.stringify(rows)).not.toContain(secret);
  });

  it('a write with the session needs the CSRF token: refused without, accepted with', async () => {
    const { browser, landed } = await signIn(alice);
    const { csrfToken } = JSON.parse(landed.body);
    const body = JSON.stringify(validRequest('oidc-alice'));
    const json = { 'content-type': 'application/json' };
    const refused = await browser.fetch(new URL(`${OPF}/api/v1/requests`), {
      method: 'POST',
      headers: json,
      body,
    });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body).code).toBe('OPF_ERR_AUTH_CSRF');
    const wrong = await browser.fetch(new URL(`${OPF}/api/v1/requests`), {
      method: 'POST',
      headers: { ...json, 'x-csrf-token': `${csrfToken.slice(0, -2)}xx` },
      body,
    });
    expect(JSON.parse(wrong.body).code).toBe('OPF_ERR_AUTH_CSRF');
    const accepted = await browser.fetch(new URL(`${OPF}/api/v1/requests`), {
      method: 'POST',
      headers: { ...json, 'x-csrf-token': csrfToken },
      body,
    });
    expect(accepted.status, accepted.body).toBe(201);
    expect(JSON.parse(accepted.body).createdBy).toBe('Alice-Dev');
  });

  it('logout ends the session: the old cookie no longer works', async () => {
    const { browser } = await signIn(alice);
    const secret = browser.cookie('opf.test', 'opf_session')!;
    // A GET no longer signs anyone out (an <img> on another site could): it is a POST…
    const get = await browser.fetch(new URL(`${OPF}/auth/logout`));
    expect(get.status).toBe(404);
    expect(browser.cookie('opf.test', 'opf_session')).toBe(secret);
    // …and a form without the session's CSRF token (another site's) is refused.
    const forged = await browser.postForm('/auth/logout', { csrf: 'guess' });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).code).toBe('OPF_ERR_AUTH_CSRF');
    expect(browser.cookie('opf.test', 'opf_session')).toBe(secret);
    // Post/redirect/get to the portal's own signed-out page.
    const out = await browser.signOut();
    expect(out.status).toBe(303);
    expect(out.headers.location).toBe('/signed-out');
    expect(browser.cookie('opf.test', 'opf_session')).toBeUndefined();
    const replay = await app.inject({
      url: '/api/v1/me',
      headers: { cookie: `opf_session=${secret}` },
    });
    expect(replay.statusCode).toBe(401);
    expect(replay.json().code).toBe('OPF_ERR_UNAUTHENTICATED');
  });

  it('an OIDC group named in config makes the user ops', async () => {
    const { landed } = await signIn(olga);
    expect(JSON.parse(landed.body)).toMatchObject({ login: 'olga-ops', role: 'ops' });
  });

  it('logins and logouts are restricted audit events with who, when and from where', async () => {
    const { browser } = await signIn(alice);
    await browser.signOut();
    const admin = { authorization: `Bearer ${ADMIN_TOKEN}` };
    const all = await app.inject({
      url: '/api/v1/audit?subjectType=user&limit=200',
      headers: admin,
    });
    const events = all.json().items as {
      action: string;
      actor: string;
      source: string;
      visibility: string;
      at: string;
    }[];
    const login = events
      .filter((e) => e.action === 'auth.login' && e.actor === 'Alice-Dev')
      .at(-1)!;
    expect(login).toMatchObject({ visibility: 'restricted', source: '127.0.0.1' });
    expect(Date.parse(login.at)).toBeGreaterThan(Date.now() - 60_000);
    expect(events.some((e) => e.action === 'auth.logout' && e.actor === 'Alice-Dev')).toBe(true);
    // Anonymous readers of the audit log do not see security events.
    const anonymous = await app.inject({ url: '/api/v1/audit?subjectType=user&limit=200' });
    expect(anonymous.json().items).toEqual([]);
  });

  it('a signed-in user gets a CLI token from /auth/token, guarded by the session CSRF token', async () => {
    // /auth/token (the address the CLI prints) is the portal's tokens page, which signs in
    // first when needed and creates the token through the API.
    const { browser } = await signIn(alice);
    const page = await browser.fetch(new URL(`${OPF}/auth/token`));
    expect(page.status).toBe(302);
    expect(page.headers.location).toBe('/account/tokens');
    // The portal's page mints through the API, with the session's CSRF token only.
    const me = JSON.parse((await browser.fetch(new URL(`${OPF}/api/v1/me`))).body) as {
      csrfToken: string;
    };
    const mint = (csrf: string) =>
      browser.fetch(new URL(`${OPF}/api/v1/tokens`), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ name: 'opf CLI', scopes: ['read', 'request'] }),
      });
    // No page of the flow is drawn by the server any more: the old form's address is gone.
    const oldForm = await browser.postForm('/auth/token/new', {
      scopes: 'read,request',
      csrf: me.csrfToken,
    });
    expect([404, 415]).toContain(oldForm.status);
    expect(oldForm.body).not.toContain('opf_pat_');
    // Without the CSRF token (a request another site could plant), nothing is made.
    const forged = await mint('guess');
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.body).code).toBe('OPF_ERR_AUTH_CSRF');
    const made = await mint(me.csrfToken);
    expect(made.status, made.body).toBe(201);
    const token = (JSON.parse(made.body) as { token: string }).token;
    const asToken = await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(asToken.json()).toMatchObject({
      login: 'Alice-Dev',
      via: 'token',
      scopes: ['read', 'request'],
    });
  });

  it('a callback whose state this browser did not start is refused', async () => {
    issuer.signInAs(alice);
    const victim = new TestBrowser(app, OPF);
    const attacker = new TestBrowser(app, OPF);
    // The attacker starts a login and hands the callback URL to another browser.
    const start = await attacker.fetch(new URL(`${OPF}/auth/login`));
    expect(start.status).toBe(302);
    let url = new URL(start.headers.location!);
    for (let hop = 0; hop < 10 && url.origin !== OPF; hop++) {
      const res = await attacker.fetch(url);
      url = new URL(res.headers.location!, url);
    }
    expect(url.pathname).toBe('/auth/callback');
    const res = await victim.fetch(url);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).code).toBe('OPF_ERR_AUTH_STATE_INVALID');
    // And the state cannot be used twice either.
    await attacker.fetch(url);
    const again = await attacker.fetch(url);
    expect(JSON.parse(again.body).code).toBe('OPF_ERR_AUTH_STATE_INVALID');
  });
});
