import ical, { type VEvent } from 'node-ical';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUTH } from '../server/helpers.ts';
import { type ServedApi, serveTestApi } from './support.ts';

let api: ServedApi;
beforeAll(async () => {
  api = await serveTestApi();
});
afterAll(() => api.close());

const FROM = '2020-01-01';
const TO = '2022-12-31';

async function feed(path: string): Promise<string> {
  const res = await api.app.inject(path);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toMatch(/^text\/calendar/);
  return res.body;
}

function vevents(text: string): VEvent[] {
  return Object.values(ical.sync.parseICS(text)).filter((c): c is VEvent => c?.type === 'VEVENT');
}

/** What a calendar client would show: node-ical's expansion of RRULE, EXDATE and overrides. */
function expand(text: string): string[] {
  const starts: string[] = [];
  for (const event of vevents(text).filter((e) => e.rrule))
    for (const instance of ical.expandRecurringEvent(event, {
      from: new Date(`${FROM}T00:00:00Z`),
      to: new Date(`${TO}T23:59:59Z`),
    }))
      starts.push(new Date(instance.start).toISOString().replace('.000Z', 'Z'));
  return starts.sort();
}

async function apiStarts(meeting: string): Promise<string[]> {
  const res = await api.app.inject(`/api/v1/meetings/${meeting}/occurrences?from=${FROM}&to=${TO}`);
  return (res.json().items as { start: string }[]).map((o) => o.start);
}

describe('iCalendar feeds parse with node-ical and give the API’s occurrences', () => {
  it('per meeting: VTIMEZONE, a stable UID, RRULE by ISO week parity', async () => {
    const text = await feed('/api/v1/meetings/coordination.ics');
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:America/New_York');
    expect(text).toMatch(/DTSTART;TZID=America\/New_York:20200108T083000/);
    expect(text.replace(/\r\n /g, '')).toContain(
      'RRULE:FREQ=YEARLY;BYWEEKNO=2,4,6,8,10,12,14,16,18,20,22,24,26,28,30,32,34,36,38,40,42,44,46,48,50,52;BYDAY=WE;WKST=MO',
    );
    const [event] = vevents(text);
    expect(event?.uid).toBe('meeting-coordination@opf.test');
    expect(vevents(await feed('/api/v1/meetings/coordination.ics'))[0]?.uid).toBe(event?.uid);
    for (const meeting of ['coordination', 'sprint-planning'])
      expect(expand(await feed(`/api/v1/meetings/${meeting}.ics`))).toEqual(
        await apiStarts(meeting),
      );
  });

  it('a cancellation becomes EXDATE and a move a RECURRENCE-ID instance; SEQUENCE goes up', async () => {
    const before = vevents(await feed('/api/v1/meetings/coordination.ics'))[0]?.sequence;
    const cancel = await api.cli([
      'meetings',
      'cancel',
      'coordination',
      '2020-11-25',
      '--reason',
      'Thanksgiving week',
    ]);
    expect(cancel.code, cancel.err).toBe(0);
    const move = await api.cli([
      'meetings',
      'move',
      'coordination',
      '2021-03-10',
      '--start',
      '2021-03-11T10:00',
    ]);
    expect(move.code, move.err).toBe(0);
    const text = await feed('/api/v1/meetings/coordination.ics');
    expect(text).toContain('EXDATE;TZID=America/New_York:20201125T083000');
    expect(text).toContain('RECURRENCE-ID;TZID=America/New_York:20210310T083000');
    expect(Number(vevents(text)[0]?.sequence)).toBeGreaterThan(Number(before ?? 0));
    const fromApi = await apiStarts('coordination');
    expect(fromApi).not.toContain('2020-11-25T13:30:00Z');
    expect(fromApi).toContain('2021-03-11T15:00:00Z'); // 10:00 EST
    expect(expand(text)).toEqual(fromApi);
  });

  it('a date the rule does not give cannot be cancelled', async () => {
    const res = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/meetings/coordination/exceptions/2020-11-18',
      headers: AUTH,
      payload: { kind: 'cancel' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('OPF_ERR_MEETING_NOT_AN_OCCURRENCE');
  });

  it('switched to every other week (admin edit), the feed says INTERVAL=2 and still agrees', async () => {
    const current = (await api.app.inject('/api/v1/meetings/sprint-planning')).json().meeting;
    const { slug: _slug, sequence: _s, updatedAt: _u, ...body } = current;
    const res = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/meetings/sprint-planning',
      headers: AUTH,
      payload: { ...body, recurrence: { ...body.recurrence, rule: 'every-other-week' } },
    });
    expect(res.statusCode, res.body).toBe(200);
    const text = await feed('/api/v1/meetings/sprint-planning.ics');
    expect(text).toContain('RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO');
    const starts = expand(text);
    expect(starts).toContain('2021-01-13T13:30:00Z');
    expect(starts).toEqual(await apiStarts('sprint-planning'));
  });

  it('one feed for all: one series per meeting, each equal to its own', async () => {
    const text = await feed('/api/v1/meetings.ics');
    expect(text.match(/BEGIN:VTIMEZONE/g)).toHaveLength(1);
    const uids = new Set(vevents(text).map((e) => e.uid));
    expect([...uids].sort()).toEqual([
      'meeting-coordination@opf.test',
      'meeting-sprint-planning@opf.test',
    ]);
    const both = [...(await apiStarts('coordination')), ...(await apiStarts('sprint-planning'))];
    expect(expand(text)).toEqual(both.sort());
  });

  it('?expand=true gives explicit instances (no RRULE) equal to the API’s occurrences', async () => {
    const text = await feed('/api/v1/meetings/coordination.ics?expand=true');
    expect(text).not.toContain('RRULE');
    const events = vevents(text);
    const starts = events.map((e) => new Date(e.start).toISOString().replace('.000Z', 'Z')).sort();
    const from = new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.now() + 2 * 365 * 86_400_000).toISOString().slice(0, 10);
    const res = await api.app.inject(
      `/api/v1/meetings/coordination/occurrences?from=${from}&to=${to}`,
    );
    const expected = (res.json().items as { start: string }[]).map((o) => o.start);
    // The feed's window is a year back and two ahead; compare where both are complete.
    const inner = (list: string[]) => list.filter((s) => s > `${from}T23:59` && s < `${to}T00:00`);
    expect(inner(starts)).toEqual(inner(expected));
    expect(starts.length).toBeGreaterThan(70);
    expect(new Set(events.map((e) => e.uid)).size).toBe(events.length);
  });

  it('?expand=true on a meeting that ended: an empty calendar node-ical reads', async () => {
    const res = await api.app.inject({
      method: 'PUT',
      url: '/api/v1/meetings/retired',
      headers: AUTH,
      payload: {
        title: 'A retired meeting',
        zone: 'Europe/Berlin',
        localTime: '10:00',
        durationMinutes: 30,
        recurrence: { rule: 'every-other-week', anchor: '2020-01-08', until: '2020-06-30' },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const text = await feed('/api/v1/meetings/retired.ics?expand=true');
    expect(text).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(text).toMatch(/\r\nEND:VCALENDAR(\r\n)?$/);
    expect(text).not.toContain('VTIMEZONE');
    const parsed = Object.values(ical.sync.parseICS(text));
    expect(parsed.some((c) => c?.type === 'VCALENDAR')).toBe(true);
    expect(parsed.filter((c) => c?.type === 'VEVENT')).toEqual([]);
    // The series feed of the same meeting still carries its zone.
    expect(await feed('/api/v1/meetings/retired.ics')).toContain(
      'BEGIN:VTIMEZONE\r\nTZID:Europe/Berlin',
    );
  });

  it('opf meetings ics and opf meetings list print the feed and the slots', async () => {
    const ics = await api.cli(['meetings', 'ics', 'sprint-planning']);
    expect(ics.code, ics.err).toBe(0);
    expect(ics.out).toMatch(/^BEGIN:VCALENDAR\r\n/);
    expect(ics.out).toContain('UID:meeting-sprint-planning@opf.test');
    const list = await api.cli(['meetings', 'list', '--tz', 'UTC']);
    expect(list.out).toMatch(
      /coordination\s+Operate First Project Coordination meeting\s+Wednesdays of even ISO weeks, 08:30 America\/New_York/,
    );
    const missing = await api.cli(['meetings', 'ics', 'standup']);
    expect(missing.code).toBe(4);
  });

  it('an unknown meeting is a 404 with its code', async () => {
    const res = await api.app.inject('/api/v1/meetings/standup.ics');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('OPF_ERR_MEETING_UNKNOWN');
  });
});
