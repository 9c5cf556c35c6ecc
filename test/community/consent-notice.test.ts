import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COMMUNITY_SETTINGS } from '../../src/community/index.ts';
import { upsertUser } from '../../src/store/index.ts';
import { tokenFor } from '../identity/principals.ts';
import { openTestApi, type TestApi } from '../server/helpers.ts';
import { validRequest } from '../support/fixtures.ts';
import { runnerFor } from './delivery-setup.ts';
import { TestSmtp } from './listeners.ts';

/**
 * Issue 9 item 2: the team's owner is asked by mail (real SMTP on loopback) where opf knows
 * their address and has a mail server; where not, the consent says why at once.
 */
let t: TestApi;
const smtp = new TestSmtp();
let mallory: { authorization: string };

beforeAll(async () => {
  t = await openTestApi();
  await smtp.start();
  mallory = { authorization: `Bearer ${await tokenFor(t.database.db, 'mallory')}` };
  const owner = { authorization: `Bearer ${await tokenFor(t.database.db, 'Alice-Dev')}` };
  for (const name of ['alpha', 'gamma']) {
    const spec = validRequest(name);
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: owner,
      payload: spec,
    });
    expect(res.statusCode, res.body).toBe(201);
  }
});
afterAll(async () => {
  await smtp.stop();
  await t?.close();
});

async function askAlice(project: string, team: string): Promise<number> {
  const spec = validRequest(project, {
    team: { name: team, owner: 'Alice-Dev', members: ['Alice-Dev', 'mallory'] },
  });
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: mallory,
    payload: spec,
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}
const consentOf = async (id: number) =>
  (await t.app.inject({ url: `/api/v1/requests/${id}` })).json().teamConsent;

describe('telling the owner', () => {
  it('without a mail server the consent says so at once, and nothing is retried', async () => {
    const id = await askAlice('ask-one', 'alpha');
    expect((await consentOf(id)).notice).toBe('queued');
    const runner = runnerFor(t.database.db, { ...DEFAULT_COMMUNITY_SETTINGS, smtp: undefined });
    await runner.runDue();
    expect(await consentOf(id)).toMatchObject({
      notice: 'no-mail-server',
      noticeMessage: expect.stringContaining('OPF_SMTP_HOST'),
    });
  });

  it('with a mail server and the owner’s address from their sign-in, they get a mail', async () => {
    await upsertUser(
      { tx: t.database.db },
      { login: 'Alice-Dev', displayName: 'Alice', email: 'alice@example.org', groups: [] },
      new Date(),
    );
    const settings = {
      ...DEFAULT_COMMUNITY_SETTINGS,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'opf <opf@opf.test>' },
      timeoutMs: 2000,
    };
    const id = await askAlice('ask-two', 'gamma');
    await runnerFor(t.database.db, settings).runDue();
    expect(await consentOf(id)).toMatchObject({ notice: 'sent' });
    const mail = smtp.accepted.at(-1)!;
    expect(mail.to).toEqual(['alice@example.org']);
    expect(mail.headers.subject).toContain('team gamma');
    // Quoted-printable: undo its soft line breaks before reading the text.
    const body = mail.body.replace(/=\r?\n/g, '');
    expect(body).toContain(`/requests/${id}`);
    expect(body).toContain(`opf request consent ${id} --approve`);
  });

  it('an owner opf has no address for: said on the consent', async () => {
    await upsertUser(
      { tx: t.database.db },
      { login: 'Alice-Dev', displayName: 'Alice', email: null, groups: [] },
      new Date(),
    );
    const id = await askAlice('ask-three', 'alpha');
    const settings = {
      ...DEFAULT_COMMUNITY_SETTINGS,
      smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'opf <opf@opf.test>' },
    };
    const before = smtp.accepted.length;
    await runnerFor(t.database.db, settings).runDue();
    expect((await consentOf(id)).notice).toBe('no-address');
    expect(smtp.accepted.length).toBe(before);
  });
});
