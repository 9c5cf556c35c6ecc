import { join } from 'node:path';
import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startOpf } from '../../src/cli/runtime.ts';
import { loadServeConfig } from '../../src/config/index.ts';
import { closedPort, tempDir } from '../cli/helpers.ts';
import { templateDatabaseAt } from '../support/data-dir.ts';
import { TestBrowser } from './browser.ts';
import { startTestIssuer, type TestIssuer } from './oidc-issuer.ts';

const ADMIN_TOKEN = 'serve-test-bootstrap-token-9b7e21';
let temp: ReturnType<typeof tempDir>;
let issuer: TestIssuer;
let running: Running;
let base: string;
const lines: string[] = [];

beforeAll(async () => {
  temp = tempDir('opf-identity-serve-');
  const dataDir = join(temp.dir, 'data');
  // A migrated database from the test template: no initdb.
  templateDatabaseAt(join(dataDir, 'pglite'));
  const port = await closedPort();
  base = `http://127.0.0.1:${port}`;
  issuer = await startTestIssuer(`${base}/auth/callback`);
  // Everything from the environment, as `opf serve` reads it.
  const config = loadServeConfig({
    OPF_DATA_DIR: dataDir,
    PORT: String(port),
    OPF_ADMIN_TOKEN: ADMIN_TOKEN,
    OPF_DEMO_DATA: 'off',
    OPF_OIDC_ISSUER: issuer.issuer,
    OPF_OIDC_CLIENT_ID: issuer.clientId,
    OPF_OIDC_CLIENT_SECRET: issuer.clientSecret,
    OPF_ADMIN_GROUPS: 'cloud-admins',
    OPF_OPS_USERS: 'Olga-Ops',
  });
  expect(config.identity.cookieSecure).toBe(false);
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  running = await startOpf(config, { level: 'trace', stream });
});
afterAll(async () => {
  await running?.stop();
  await issuer?.close();
  temp?.remove();
});

describe('opf serve configured from the environment', () => {
  it('signs in with the OIDC issuer, takes the admin role from a group, logs no secret', async () => {
    issuer.signInAs({
      sub: 'sub-root',
      preferred_username: 'Root-Admin',
      name: 'Root',
      email: 'root@example.org',
      groups: ['cloud-admins'],
    });
    // No in-process app: every hop is real HTTP, as a browser would make it.
    const browser = new TestBrowser(Fastify(), 'http://in-process.invalid');
    const landed = await browser.visit(`${base}/auth/login?return_to=/api/v1/me`);
    expect(landed.status, landed.body).toBe(200);
    const me = JSON.parse(landed.body);
    expect(me).toMatchObject({ login: 'Root-Admin', role: 'admin', via: 'session' });
    // On plain-http localhost the cookie is not Secure (the browser would drop it).
    const cookieLine = browser.setCookies.find((c) => c.startsWith('opf_session='))!;
    expect(cookieLine).not.toMatch(/; Secure/i);
    expect(cookieLine).toMatch(/; HttpOnly/i);

    // The session creates a token (with its CSRF token); the token reads the audit log.
    const created = await browser.fetch(new URL(`${base}/api/v1/tokens`), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-csrf-token': me.csrfToken },
      body: JSON.stringify({ name: 'from the browser', scopes: ['read', 'admin'] }),
    });
    expect(created.status, created.body).toBe(201);
    const token = JSON.parse(created.body).token as string;
    const audit = await fetch(`${base}/api/v1/audit?subjectType=user`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const actions = ((await audit.json()) as { items: { action: string }[] }).items.map(
      (e) => e.action,
    );
    expect(actions).toContain('auth.login');
    await browser.signOut();

    const log = lines.join('');
    expect(log).toContain('/auth/callback');
    const callback = browser.visited.find((u) => u.pathname === '/auth/callback')!;
    for (const secret of [
      ADMIN_TOKEN,
      token,
      me.csrfToken,
      issuer.clientSecret,
      callback.searchParams.get('code')!,
      browser.setCookies
        .find((c) => c.startsWith('opf_session='))!
        .split(';')[0]!
        .split('=')[1]!,
    ])
      expect(log.includes(secret), 'a secret is in the log').toBe(false);
  });
});
