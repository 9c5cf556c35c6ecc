import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type AnnouncementView,
  createAnnouncement,
  getAnnouncement,
} from '../../src/community/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import {
  announcingChannels,
  LIST_ADDRESS,
  PUBLIC_URL,
  runnerFor,
  runUntil,
  settingsFor,
} from './delivery-setup.ts';
import { TestSmtp, TestWebhooks } from './listeners.ts';

let database: Database;
let smtp: TestSmtp;
let hooks: TestWebhooks;
beforeAll(async () => {
  hooks = new TestWebhooks();
  await hooks.start();
});
afterAll(() => hooks.stop());
beforeEach(async () => {
  database = await openTestDatabase();
  await announcingChannels(database.db);
  smtp = new TestSmtp();
  await smtp.start();
  hooks.received = [];
  hooks.failures.clear();
});
afterEach(async () => {
  await smtp.stop();
  await database.close();
});

const ctx = () => ({ db: database.db, publicUrl: PUBLIC_URL });
const announce = async () =>
  (await createAnnouncement(ctx(), 'ops-alice', {
    kind: 'maintenance',
    title: 'smaug maintenance on Saturday',
    body: 'The smaug cluster is upgraded on Saturday 10:00-14:00 UTC.\nExpect short API outages.',
  }))!;
const allSent = (id: number) => async () => {
  const a = await getAnnouncement(ctx(), id);
  return a.deliveries.length === 4 && a.deliveries.every((d) => d.state === 'sent');
};

describe('announcements to a mailing list (SMTP) and chat webhooks', () => {
  it('reach the list and Slack, Google Chat and Matrix once each, with content and headers', async () => {
    const a = await announce();
    await runUntil(runnerFor(database.db, settingsFor(smtp, hooks)), allSent(a.id));

    expect(smtp.accepted).toHaveLength(1);
    const [mail] = smtp.accepted;
    expect(mail!.to).toEqual([LIST_ADDRESS]);
    expect(mail!.from).toBe('opf@opf.test');
    expect(mail!.headers['message-id']).toBe(
      `<announcement-${a.id}.operate-first-users.email@opf.test>`,
    );
    expect(mail!.headers.subject).toBe('smaug maintenance on Saturday');
    expect(mail!.headers.to).toBe(LIST_ADDRESS);
    expect(mail!.body).toContain('Expect short API outages.');
    expect(mail!.body).toContain(`${PUBLIC_URL}/api/v1/announcements/${a.id}`);

    const slack = hooks.to('/slack/');
    expect(slack).toHaveLength(1);
    expect(slack[0]).toMatchObject({ method: 'POST', url: '/slack/T000/B000/XXX' });
    expect((slack[0]!.body as { text: string }).text).toMatch(
      /^\*smaug maintenance on Saturday\*\nThe smaug/,
    );

    const chat = hooks.to('/gchat/');
    expect(chat).toHaveLength(1);
    const chatUrl = new URL(chat[0]!.url, hooks.url);
    expect(chatUrl.searchParams.get('key')).toBe('k');
    expect(chatUrl.searchParams.get('requestId')).toBe(
      `opf-announcement-${a.id}-operate-first-ops-google-chat`,
    );
    expect(chat[0]!.body).toEqual({
      text: expect.stringContaining('*smaug maintenance on Saturday*'),
    });

    const matrix = hooks.to('/matrix/');
    expect(matrix).toHaveLength(1);
    expect(matrix[0]!.method).toBe('PUT');
    expect(decodeURIComponent(matrix[0]!.url)).toBe(
      `/matrix/_matrix/client/v3/rooms/!ops:example.org/send/m.room.message/opf-announcement-${a.id}-operate-first-ops-matrix`,
    );
    expect(matrix[0]!.headers.authorization).toBe('Bearer matrix-token');
    expect(matrix[0]!.body).toMatchObject({
      msgtype: 'm.text',
      format: 'org.matrix.custom.html',
      formatted_body: expect.stringContaining('<strong>smaug maintenance on Saturday</strong>'),
    });

    const view: AnnouncementView = await getAnnouncement(ctx(), a.id);
    expect(
      view.deliveries.map((d) => [d.channel, d.transport, d.state, d.attempts]).sort(),
    ).toEqual([
      ['operate-first-ops', 'google-chat', 'sent', 1],
      ['operate-first-ops', 'matrix', 'sent', 1],
      ['operate-first-ops', 'slack', 'sent', 1],
      ['operate-first-users', 'email', 'sent', 1],
    ]);
  });

  it('SMTP refusing, then down for a while: retried with backoff, delivered exactly once, same Message-ID', async () => {
    smtp.refuseNext = 1; // a 451 after DATA: the server saw the message and did not take it
    const a = await announce();
    const runner = runnerFor(database.db, settingsFor(smtp, hooks));
    const email = async () =>
      (await getAnnouncement(ctx(), a.id)).deliveries.find((d) => d.transport === 'email')!;
    await runUntil(runner, async () => (await email())?.attempts === 1);
    const port = smtp.port;
    await smtp.stop(); // the mail server goes away
    await runUntil(runner, async () => (await email()).attempts >= 3);
    const waiting = await email();
    expect(waiting.state).toBe('pending');
    expect(waiting.lastError).toMatch(/SMTP 127\.0\.0\.1:\d+: .*(ECONNREFUSED|connect)/i);
    expect(smtp.accepted).toHaveLength(0);

    smtp.port = port; // it comes back where it was
    await smtp.start();
    await runUntil(runner, allSent(a.id));
    // Let any stray retry run: nothing more may arrive.
    for (let i = 0; i < 3; i++) await runner.runDue();
    expect(smtp.accepted).toHaveLength(1);
    const id = `<announcement-${a.id}.operate-first-users.email@opf.test>`;
    expect(smtp.accepted[0]!.headers['message-id']).toBe(id);
    expect(smtp.attempts).toEqual([id, id]); // refused once, accepted once: one Message-ID
    expect((await email()).attempts).toBeGreaterThanOrEqual(4);
    expect(hooks.to('/slack/')).toHaveLength(1);
  });

  it('a webhook answering 500 is retried alone; the other channels are not sent twice', async () => {
    hooks.failures.set('/slack/', 2);
    const a = await announce();
    await runUntil(runnerFor(database.db, settingsFor(smtp, hooks)), allSent(a.id));
    expect(hooks.to('/slack/')).toHaveLength(3);
    expect(hooks.to('/gchat/')).toHaveLength(1);
    expect(hooks.to('/matrix/')).toHaveLength(1);
    expect(smtp.accepted).toHaveLength(1);
    const slack = (await getAnnouncement(ctx(), a.id)).deliveries.find(
      (d) => d.transport === 'slack',
    );
    expect(slack).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
  });

  it('a delivery that keeps failing ends as failed, visible with its error, after the last attempt', async () => {
    hooks.failures.set('/matrix/', 100);
    const a = await announce();
    const settings = { ...settingsFor(smtp, hooks), maxAttempts: 3 };
    const runner = runnerFor(database.db, settings);
    const matrix = async () =>
      (await getAnnouncement(ctx(), a.id)).deliveries.find((d) => d.transport === 'matrix');
    await runUntil(runner, async () => (await matrix())?.state === 'failed');
    expect(await matrix()).toMatchObject({
      attempts: 3,
      lastError: expect.stringContaining('HTTP 500'),
    });
    expect(hooks.to('/matrix/')).toHaveLength(3);
  });
});
