import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS } from '../../src/community/index.ts';
import { buildApp } from '../../src/server/index.ts';
import { TEST_IDENTITY_CONFIG } from '../identity/principals.ts';
import { ADMIN_TOKEN, AUTH, expectError, openTestApi, type TestApi } from '../server/helpers.ts';
import { testDatabaseKind } from '../support/db.ts';
import { runnerFor, runUntil } from './delivery-setup.ts';
import { TestSmtp } from './listeners.ts';

/**
 * Issue 15 item 6: without a mail server an invitation is refused at once with a code, not
 * "queued" and failed five times in the log; each invitation shows how its mail really went.
 */
let t: TestApi;
const smtp = new TestSmtp();
beforeAll(async () => {
  t = await openTestApi();
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
  await t?.close();
});

type Invitation = {
  email: string;
  delivery: { state: string; error: string | null; attempts: number };
};
const invitations = async () =>
  (await t.app.inject({ url: '/api/v1/meetings/coordination/invitations', headers: AUTH })).json()
    .items as Invitation[];
const ask = (app: typeof t.app, email: string) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/meetings/coordination/invitations',
    payload: { email, name: 'Nia' },
  });

describe('invitations and the mail server', () => {
  it('with no mail server configured: 409 OPF_ERR_INVITATIONS_NOT_CONFIGURED, nothing recorded', async () => {
    const unmailed = await buildApp({
      db: t.database.db,
      databaseKind: testDatabaseKind(),
      publicUrl: 'http://opf.test',
      adminToken: ADMIN_TOKEN,
      identity: { config: TEST_IDENTITY_CONFIG },
      mailConfigured: false,
    });
    await unmailed.ready();
    const res = await ask(unmailed, 'nia@example.org');
    const error = expectError(res, 409, 'OPF_ERR_INVITATIONS_NOT_CONFIGURED');
    expect(error.message).toContain('coordination.ics');
    await unmailed.close();
    expect(await invitations()).toEqual([]);
  });

  it('each invitation shows its delivery: sent, or failed with the server’s answer', async () => {
    const settings = {
      ...DEFAULT_COMMUNITY_SETTINGS,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'opf <opf@opf.test>' },
      maxAttempts: 2,
      timeoutMs: 2000,
    };
    expect((await ask(t.app, 'ok@example.org')).statusCode).toBe(202);
    const runner = runnerFor(t.database.db, settings);
    await runUntil(runner, async () =>
      (await invitations()).some((i) => i.delivery.state === 'sent'),
    );
    expect((await invitations())[0]!.delivery).toEqual({ state: 'sent', error: null, attempts: 1 });
    smtp.refuseNext = 10;
    expect((await ask(t.app, 'bounce@example.org')).statusCode).toBe(202);
    const bounced = async () =>
      (await invitations()).find((i) => i.email === 'bounce@example.org')!;
    expect((await bounced()).delivery.state).toBe('queued');
    await runUntil(runner, async () => (await bounced()).delivery.state === 'failed');
    expect((await bounced()).delivery).toEqual({
      state: 'failed',
      error: expect.stringContaining('try again later'),
      attempts: 2,
    });
    smtp.refuseNext = 0;
  });
});
