import { DateTime } from 'luxon';
import ical from 'node-ical';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CalendarEntry } from '../../src/community/ics.ts';
import type { Meeting } from '../../src/community/index.ts';
import { renderCalendar, vtimezone } from '../../src/community/index.ts';
import { vtimezoneMemoSize } from '../../src/community/vtimezone.ts';

const NOW = new Date('2026-06-01T12:00:00Z');

function meeting(overrides: Partial<Meeting> = {}): Meeting {
  return {
    slug: 'ended',
    title: 'A meeting that ended',
    description: '',
    zone: 'America/New_York',
    localTime: '08:30',
    durationMinutes: 60,
    recurrence: { rule: 'every-other-week', anchor: '2020-01-08', until: '2021-12-31' },
    url: null,
    contact: null,
    reviewsRequests: false,
    sequence: 0,
    updatedAt: '2021-01-01T00:00:00Z',
    ...overrides,
  };
}

/** Every BEGIN has its END, in order, and the calendar is one component from first to last line. */
function components(text: string): string[] {
  const lines = text.split('\r\n').filter((l) => l !== '');
  const open: string[] = [];
  const seen: string[] = [];
  for (const line of lines) {
    if (line.startsWith('BEGIN:')) {
      open.push(line.slice(6));
      seen.push(line.slice(6));
    } else if (line.startsWith('END:')) expect(open.pop(), line).toBe(line.slice(4));
    else expect(open.length, `property outside any component: ${line}`).toBeGreaterThan(0);
  }
  expect(open).toEqual([]);
  expect(lines[0]).toBe('BEGIN:VCALENDAR');
  expect(lines.at(-1)).toBe('END:VCALENDAR');
  return seen;
}

function explicitWindow() {
  const now = DateTime.fromJSDate(NOW, { zone: 'UTC' });
  return { from: now.minus({ years: 1 }), to: now.plus({ years: 2 }) };
}

function render(entries: CalendarEntry[], explicit = true): string {
  return renderCalendar(entries, {
    publicUrl: 'https://opf.test',
    name: 'test',
    now: NOW,
    ...(explicit && { explicit: explicitWindow() }),
  });
}

describe('the calendar when an expanded window has no occurrence', () => {
  it('a meeting that ended: a well-formed, empty calendar that node-ical reads', () => {
    const text = render([{ meeting: meeting(), exceptions: [] }]);
    expect(components(text)).toEqual(['VCALENDAR']);
    const parsed = Object.values(ical.sync.parseICS(text));
    expect(parsed.filter((c) => c?.type === 'VEVENT')).toEqual([]);
    expect(parsed.some((c) => c?.type === 'VCALENDAR')).toBe(true);
  });

  it('a window of only cancelled dates: no event, and still well formed', () => {
    // Weekly-ish series of three occurrences inside the window, all cancelled.
    const series = meeting({
      slug: 'short',
      recurrence: { rule: 'every-other-week', anchor: '2026-06-03', until: '2026-07-01' },
    });
    const dates = ['2026-06-03', '2026-06-17', '2026-07-01'];
    const exceptions = dates.map((date) => ({
      date,
      kind: 'cancel' as const,
      start: null,
      durationMinutes: null,
      reason: 'holiday',
    }));
    const text = render([{ meeting: series, exceptions }]);
    expect(components(text)).toEqual(['VCALENDAR']);
    expect(Object.values(ical.sync.parseICS(text)).some((c) => c?.type === 'VEVENT')).toBe(false);
  });

  it('beside a meeting with occurrences: one VTIMEZONE per zone used, before the events', () => {
    const live = meeting({
      slug: 'live',
      zone: 'Europe/Berlin',
      recurrence: { rule: 'every-other-week', anchor: '2026-01-07', until: null },
    });
    const text = render([
      { meeting: meeting(), exceptions: [] },
      { meeting: live, exceptions: [] },
    ]);
    const seen = components(text);
    expect(seen.filter((c) => c === 'VTIMEZONE')).toHaveLength(1);
    expect(seen.indexOf('VTIMEZONE')).toBeLessThan(seen.indexOf('VEVENT'));
    expect(text).toContain('TZID:Europe/Berlin');
    expect(text).not.toContain('TZID:America/New_York\r\n');
    const events = Object.values(ical.sync.parseICS(text)).filter((c) => c?.type === 'VEVENT');
    expect(events.length).toBeGreaterThan(50);
  });

  it('a series feed (RRULE) keeps its VTIMEZONE after the calendar properties', () => {
    const text = render([{ meeting: meeting(), exceptions: [] }], false);
    const seen = components(text);
    expect(seen).toEqual(['VCALENDAR', 'VTIMEZONE', ...seen.slice(2)]);
    expect(seen.slice(2).every((c) => ['VEVENT', 'STANDARD', 'DAYLIGHT'].includes(c))).toBe(true);
    expect(text).toContain('BEGIN:VTIMEZONE\r\nTZID:America/New_York');
  });
});

describe('VTIMEZONE memo', () => {
  afterEach(() => vi.restoreAllMocks());

  it('computes a zone and year range once; two calendars reuse it', () => {
    const lookups = vi.spyOn(DateTime, 'fromMillis');
    const entries = [{ meeting: meeting({ zone: 'Asia/Kolkata' }), exceptions: [] }];
    const first = render(entries, false);
    const afterFirst = lookups.mock.calls.length;
    expect(afterFirst).toBeGreaterThan(1000);
    const second = render(entries, false);
    expect(lookups.mock.calls.length).toBe(afterFirst);
    expect(second).toBe(first);
    expect(vtimezone('Asia/Kolkata', 2019, 2036)).toContain('TZID:Asia/Kolkata');
    expect(lookups.mock.calls.length).toBe(afterFirst);
  });

  it('is bounded: many year ranges do not grow it without end', () => {
    for (let year = 1900; year < 2000; year++) vtimezone('UTC', year, year);
    expect(vtimezoneMemoSize()).toBeLessThanOrEqual(64);
    expect(vtimezoneMemoSize()).toBeGreaterThan(0);
  });
});
