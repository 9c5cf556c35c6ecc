import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loginProviderOf } from '../../src/identity/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';
import { validRequest } from '../support/fixtures.ts';
import { TestBrowser } from './browser.ts';
import { oidcProviderFor, startTestIssuer, type TestIssuer } from './oidc-issuer.ts';
import { TEST_IDENTITY_CONFIG } from './principals.ts';

const OPF = 'http://opf.test';
const ADMIN_TOKEN = 'logs-test-bootstrap-admin-token-4f1c9a';

let issuer: TestIssuer;
let database: Database;
let app: FastifyInstance;
const lines: string[] = [];

beforeAll(async () => {
  issuer = await startTestIssuer(`${OPF}/auth/callback`);
  database = await openTestDatabase();
  const providers = [oidcProviderFor(issuer)];
  // The most talkative level, so anything that could leak would be written.
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  app = await buildApp(
    {
      db: database.db,
      databaseKind: testDatabaseKind(),
      publicUrl: OPF,
      adminToken: ADMIN_TOKEN,
      identity: {
        config: { ...TEST_IDENTITY_CONFIG, providers },
        providers: providers.map(loginProviderOf),
      },
    },
    { logger: { level: 'trace', stream } },
  );
  await app.ready();
});
afterAll(async () => {
  await app?.close();
  await database?.close();
  await issuer?.close();
});

describe('logs', () => {
  it('a full run (sign-in, tokens, writes, failures, sign-out) logs no token or secret', async () => {
    const secrets: Record<string, string> = {
      'bootstrap admin token': ADMIN_TOKEN,
      'OIDC client secret': issuer.clientSecret,
    };
    issuer.signInAs({
      sub: 'sub-logs',
      preferred_username: 'Alice-Dev',
      name: 'Alice',
      email: 'alice@example.org',
      groups: [],
    });
    const browser = new TestBrowser(app, OPF);
    const landed = await browser.visit('/auth/login?return_to=/api/v1/me');
    expect(landed.status, landed.body).toBe(200);
    const callback = browser.visited.find((url) => url.pathname === '/auth/callback')!;
    secrets['authorization code'] = callback.searchParams.get('code')!;
    secrets['login state'] = callback.searchParams.get('state')!;
    secrets['session cookie'] = browser.cookie('opf.test', 'opf_session')!;
    const { csrfToken } = JSON.parse(landed.body);
    secrets['CSRF token'] = csrfToken;

    // A write with the session; one without CSRF (refused); one with the admin token.
    const json = { 'content-type': 'application/json' };
    await browser.fetch(new URL(`${OPF}/api/v1/requests`), {
      method: 'POST',
      headers: { ...json, 'x-csrf-token': csrfToken },
      body: JSON.stringify(validRequest('logs-a')),
    });
    await browser.fetch(new URL(`${OPF}/api/v1/requests`), {
      method: 'POST',
      headers: json,
      body: JSON.stringify(validRequest('logs-b')),
    });
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      payload: { name: 'automation', scopes: ['read', 'request'] },
    });
    expect(created.statusCode, created.body).toBe(201);
    secrets['API token'] = created.json().token;
    await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secrets['API token']}` },
    });
    await app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${created.json().id}`,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    // A revoked token, a wrong token, a replayed callback: the failures are logged too.
    await app.inject({
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secrets['API token']}` },
    });
    await app.inject({ url: '/api/v1/me', headers: { authorization: `Bearer ${ADMIN_TOKEN}x` } });
    await browser.fetch(callback);
    await browser.signOut();

    const log = lines.join('');
    // The log is not empty: requests were logged, with their paths.
    expect(log).toContain('/auth/callback');
    expect(log).toContain('/api/v1/tokens');
    const leaked = Object.entries(secrets).filter(([, value]) => log.includes(value));
    expect(leaked.map(([name]) => name)).toEqual([]);
    for (const value of Object.values(secrets)) expect(value.length).toBeGreaterThanOrEqual(16);
  });
});
