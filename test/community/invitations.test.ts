import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH } from '../server/helpers.ts';
import { runnerFor, runUntil, settingsFor } from './delivery-setup.ts';
import { TestSmtp, TestWebhooks } from './listeners.ts';
import { type ServedApi, serveTestApi } from './support.ts';

let api: ServedApi;
let smtp: TestSmtp;
const hooks = new TestWebhooks(); // not started: invitations go by mail only
beforeAll(async () => {
  api = await serveTestApi();
  smtp = new TestSmtp();
  await smtp.start();
});
afterAll(async () => {
  await smtp.stop();
  await api.close();
});

/** The text/calendar part of a received invitation (nodemailer sends it base64 or 7bit). */
function calendarOf(body: string): string {
  const at = body.search(/Content-Type: text\/calendar/i);
  expect(at, 'a text/calendar part').toBeGreaterThan(-1);
  const part = body.slice(at);
  const start = part.indexOf('\r\n\r\n') + 4;
  const end = part.indexOf('\r\n--', start);
  const raw = part.slice(start, end);
  return /Content-Transfer-Encoding: base64/i.test(part.slice(0, start))
    ? Buffer.from(raw.replace(/\s+/g, ''), 'base64').toString('utf8')
    : raw.replace(/=\r\n/g, '');
}

describe('invitations', () => {
  it('anyone asks; opf records who asked and mails the series as METHOD:REQUEST, once', async () => {
    const ask = () =>
      api.app.inject({
        method: 'POST',
        url: '/api/v1/meetings/coordination/invitations',
        payload: { email: 'Dana@Example.org', name: 'Dana from green-ci-bench' },
      });
    const first = await ask();
    expect([first.statusCode, first.json().status]).toEqual([202, 'queued']);
    expect((await ask()).json().status).toBe('already-invited');
    const runner = runnerFor(api.database.db, settingsFor(smtp, hooks));
    await runUntil(runner, async () => smtp.accepted.length === 1);
    for (let i = 0; i < 3; i++) await runner.runDue();
    expect(smtp.accepted).toHaveLength(1);
    const [mail] = smtp.accepted;
    expect(mail!.to).toEqual(['Dana@example.org']); // the domain part is case-insensitive
    expect(mail!.headers.subject).toBe('Invitation: Operate First Project Coordination meeting');
    const text = calendarOf(mail!.body);
    expect(text).toContain('METHOD:REQUEST');
    const [event] = Object.values(ical.sync.parseICS(text)).filter(
      (c): c is VEvent => c?.type === 'VEVENT',
    );
    expect(event!.uid).toBe('meeting-coordination@opf.test');
    expect(JSON.stringify(event!.attendee)).toContain('Dana@Example.org');
    expect(JSON.stringify(event!.organizer)).toContain('opf@opf.test');

    const list = await api.app.inject({
      url: '/api/v1/meetings/coordination/invitations',
      headers: AUTH,
    });
    expect(list.json().items).toEqual([
      expect.objectContaining({
        email: 'Dana@Example.org',
        askedBy: 'anonymous@127.0.0.1',
        sentSequence: 0,
      }),
    ]);
    expect((await api.app.inject('/api/v1/meetings/coordination/invitations')).statusCode).toBe(
      401,
    );
  });

  it('a change to the series mails every invitee the update (higher SEQUENCE, the EXDATE), once', async () => {
    const cancel = await api.cli(['meetings', 'cancel', 'coordination', '2030-01-09']);
    expect(cancel.code, cancel.err).toBe(0);
    const runner = runnerFor(api.database.db, settingsFor(smtp, hooks));
    await runUntil(runner, async () => smtp.accepted.length === 2);
    for (let i = 0; i < 3; i++) await runner.runDue();
    expect(smtp.accepted).toHaveLength(2);
    const update = smtp.accepted[1]!;
    expect(update.headers.subject).toBe(
      'Updated invitation: Operate First Project Coordination meeting',
    );
    expect(update.headers['message-id']).not.toBe(smtp.accepted[0]!.headers['message-id']);
    const text = calendarOf(update.body);
    expect(text).toContain('EXDATE;TZID=America/New_York:20300109T083000');
    expect(text).toMatch(/SEQUENCE:1\r\n/);
  });

  it('an unknown meeting or a bad address is refused', async () => {
    const unknown = await api.app.inject({
      method: 'POST',
      url: '/api/v1/meetings/standup/invitations',
      payload: { email: 'a@example.org' },
    });
    expect([unknown.statusCode, unknown.json().code]).toEqual([404, 'OPF_ERR_MEETING_UNKNOWN']);
    const bad = await api.app.inject({
      method: 'POST',
      url: '/api/v1/meetings/coordination/invitations',
      payload: { email: 'not an address' },
    });
    expect(bad.statusCode).toBe(400);
  });
});
