import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inZone } from '../../src/community/index.ts';
import { closedPort } from '../cli/helpers.ts';
import { everyOtherWeekFrom, isoWeekParity, wednesdays } from './oracle.ts';
import { type ServedApi, serveTestApi } from './support.ts';

let api: ServedApi;
beforeAll(async () => {
  api = await serveTestApi();
});
afterAll(() => api.close());

type Row = { start: string; end: string; title: string };

async function occurrencesCli(meeting: string, from: string, to: string, rule?: string) {
  const run = await api.cli([
    'meetings',
    'occurrences',
    meeting,
    '--from',
    from,
    '--to',
    to,
    ...(rule ? ['--rule', rule] : []),
    '--json',
  ]);
  expect(run.code, run.err).toBe(0);
  return JSON.parse(run.out) as Row[];
}
const starts = (rows: Row[]) => rows.map((r) => r.start);

describe('occurrences, hand-computed (Wednesday 08:30 America/New_York)', () => {
  it('prints [{start,end,title}] in UTC, one hour long, with the meeting’s title', async () => {
    const rows = await occurrencesCli('coordination', '2020-01-01', '2020-01-31');
    expect(rows).toEqual([
      {
        start: '2020-01-08T13:30:00Z',
        end: '2020-01-08T14:30:00Z',
        title: 'Operate First Project Coordination meeting',
      },
      {
        start: '2020-01-22T13:30:00Z',
        end: '2020-01-22T14:30:00Z',
        title: 'Operate First Project Coordination meeting',
      },
    ]);
  });

  it('the March daylight-saving weeks, 2020–2022: 13:30Z before the US change, 12:30Z after', async () => {
    expect(starts(await occurrencesCli('coordination', '2020-03-01', '2020-04-02'))).toEqual([
      '2020-03-04T13:30:00Z',
      '2020-03-18T12:30:00Z',
      '2020-04-01T12:30:00Z',
    ]);
    expect(starts(await occurrencesCli('sprint-planning', '2021-03-01', '2021-04-01'))).toEqual([
      '2021-03-03T13:30:00Z',
      '2021-03-17T12:30:00Z',
      '2021-03-31T12:30:00Z',
    ]);
    expect(starts(await occurrencesCli('coordination', '2022-03-01', '2022-04-01'))).toEqual([
      '2022-03-09T13:30:00Z',
      '2022-03-23T12:30:00Z',
    ]);
    expect(
      starts(await occurrencesCli('coordination', '2022-03-01', '2022-04-01', 'every-other-week')),
    ).toEqual(['2022-03-02T13:30:00Z', '2022-03-16T12:30:00Z', '2022-03-30T12:30:00Z']);
  });

  it('the November daylight-saving weeks, 2020–2022: 12:30Z before the US change, 13:30Z after', async () => {
    expect(starts(await occurrencesCli('coordination', '2020-10-20', '2020-11-20'))).toEqual([
      '2020-10-28T12:30:00Z',
      '2020-11-11T13:30:00Z',
    ]);
    expect(starts(await occurrencesCli('sprint-planning', '2021-10-25', '2021-11-20'))).toEqual([
      '2021-10-27T12:30:00Z',
      '2021-11-10T13:30:00Z',
    ]);
    expect(starts(await occurrencesCli('coordination', '2022-10-25', '2022-11-20'))).toEqual([
      '2022-11-02T12:30:00Z',
      '2022-11-16T13:30:00Z',
    ]);
  });

  it('week 53 of 2020: by parity sprint planning meets twice in a row; every other week keeps alternating', async () => {
    const window = ['2020-12-15', '2021-01-20'] as const;
    expect(starts(await occurrencesCli('coordination', ...window))).toEqual([
      '2020-12-23T13:30:00Z',
      '2021-01-13T13:30:00Z',
    ]);
    expect(starts(await occurrencesCli('sprint-planning', ...window))).toEqual([
      '2020-12-16T13:30:00Z',
      '2020-12-30T13:30:00Z', // ISO week 53 of 2020 (odd)
      '2021-01-06T13:30:00Z', // ISO week 1 of 2021 (odd)
      '2021-01-20T13:30:00Z',
    ]);
    expect(starts(await occurrencesCli('coordination', ...window, 'every-other-week'))).toEqual([
      '2020-12-23T13:30:00Z',
      '2021-01-06T13:30:00Z',
      '2021-01-20T13:30:00Z',
    ]);
    expect(starts(await occurrencesCli('sprint-planning', ...window, 'every-other-week'))).toEqual([
      '2020-12-16T13:30:00Z',
      '2020-12-30T13:30:00Z',
      '2021-01-13T13:30:00Z',
    ]);
  });

  it('all of 2020–2022 under both rules equal the independent oracle', async () => {
    const cases = [
      ['coordination', 'iso-week-parity', isoWeekParity(0), 78],
      ['sprint-planning', 'iso-week-parity', isoWeekParity(1), 79],
      ['coordination', 'every-other-week', everyOtherWeekFrom('2020-01-08'), 78],
      ['sprint-planning', 'every-other-week', everyOtherWeekFrom('2020-01-01'), 79],
    ] as const;
    for (const [meeting, rule, keep, count] of cases) {
      const expected = wednesdays('2020-01-01', '2022-12-31', keep);
      expect(expected).toHaveLength(count);
      expect(starts(await occurrencesCli(meeting, '2020-01-01', '2022-12-31', rule))).toEqual(
        expected,
      );
    }
  });

  it('under one rule the two meetings share no Wednesday and leave none out', async () => {
    for (const rule of ['iso-week-parity', 'every-other-week']) {
      const a = starts(await occurrencesCli('coordination', '2020-01-01', '2022-12-31', rule));
      const b = starts(await occurrencesCli('sprint-planning', '2020-01-01', '2022-12-31', rule));
      expect(a.filter((s) => b.includes(s))).toEqual([]);
      expect(a.length + b.length).toBe(157);
    }
  });
});

describe('the time is data', () => {
  it('opf meetings set --time 08:00 (the README’s time) moves every occurrence, DST still right', async () => {
    const set = await api.cli(['meetings', 'set', 'sprint-planning', '--time', '08:00']);
    expect(set.code, set.err).toBe(0);
    expect(set.out).toContain('08:00 America/New_York');
    try {
      expect(starts(await occurrencesCli('sprint-planning', '2021-03-01', '2021-03-20'))).toEqual([
        '2021-03-03T13:00:00Z',
        '2021-03-17T12:00:00Z',
      ]);
      const bad = await api.cli(['meetings', 'set', 'sprint-planning', '--zone', 'America/Gotham']);
      expect(bad.code).toBe(3);
    } finally {
      await api.cli(['meetings', 'set', 'sprint-planning', '--time', '08:30']);
    }
  });
});

describe('without a server', () => {
  it('opf meetings occurrences expands the seeded definition and says so', async () => {
    const port = await closedPort();
    const run = await api.cli(
      [
        'meetings',
        'occurrences',
        'sprint-planning',
        '--from',
        '2020-12-28',
        '--to',
        '2021-01-08',
        '--json',
      ],
      { OPF_SERVER: `http://127.0.0.1:${port}` },
    );
    expect(run.code, run.err).toBe(0);
    expect(run.err).toContain('server unreachable');
    expect(starts(JSON.parse(run.out))).toEqual(['2020-12-30T13:30:00Z', '2021-01-06T13:30:00Z']);
  });
});

describe('rendered in the viewer’s zone', () => {
  it('Europe/Berlin: 14:30 most weeks, 13:30 in the weeks between the US and EU changes', () => {
    expect(
      [
        '2020-03-04T13:30:00Z',
        '2020-03-18T12:30:00Z', // US on summer time, Berlin not yet (until 29 March)
        '2020-04-01T12:30:00Z',
        '2020-10-28T12:30:00Z', // Berlin back on winter time (25 Oct), US not yet (1 Nov)
        '2020-11-11T13:30:00Z',
      ].map((utc) => inZone(utc, 'Europe/Berlin')),
    ).toEqual([
      'Wed 2020-03-04 14:30 +01:00',
      'Wed 2020-03-18 13:30 +01:00',
      'Wed 2020-04-01 14:30 +02:00',
      'Wed 2020-10-28 13:30 +01:00',
      'Wed 2020-11-11 14:30 +01:00',
    ]);
    expect(inZone('2020-03-18T12:30:00Z', 'UTC')).toBe('Wed 2020-03-18 12:30 +00:00');
  });

  it('opf meetings occurrences --tz Europe/Berlin adds the local time', async () => {
    const run = await api.cli([
      'meetings',
      'occurrences',
      'coordination',
      '--from',
      '2021-03-20',
      '--to',
      '2021-03-31',
      '--tz',
      'Europe/Berlin',
      '--json',
    ]);
    expect(JSON.parse(run.out)).toEqual([
      {
        start: '2021-03-24T12:30:00Z',
        end: '2021-03-24T13:30:00Z',
        title: 'Operate First Project Coordination meeting',
        local: 'Wed 2021-03-24 13:30 +01:00',
      },
    ]);
  });

  it('opf meetings next --tz shows each meeting once, in the zone asked for', async () => {
    const run = await api.cli(['meetings', 'next', '--tz', 'Europe/Berlin', '--json']);
    expect(run.code, run.err).toBe(0);
    const rows = JSON.parse(run.out) as { meeting: string; start: string; local: string }[];
    expect(rows.map((r) => r.meeting).sort()).toEqual(['coordination', 'sprint-planning']);
    for (const row of rows) {
      expect(row.local).toBe(inZone(row.start, 'Europe/Berlin'));
      expect(Date.parse(row.start)).toBeGreaterThan(Date.now() - 3_600_000);
    }
    const bad = await api.cli(['meetings', 'next', '--tz', 'Mars/Olympus']);
    expect(bad.code).toBe(3);
    expect(bad.err).toContain('OPF_ERR_ZONE_UNKNOWN');
  });
});

describe('parity per year', () => {
  it('shows each rule’s parity per ISO year and warns from 2021, after 2020’s week 53', async () => {
    const res = await api.app.inject('/api/v1/meetings/coordination/parity?from=2019&to=2027');
    const report = res.json() as {
      years: {
        year: number;
        weeksInYear: number;
        parity: Record<string, string>;
        agree: boolean;
      }[];
      warnings: string[];
    };
    const byYear = Object.fromEntries(report.years.map((y) => [y.year, y]));
    expect(byYear[2020]).toMatchObject({
      weeksInYear: 53,
      parity: { 'every-other-week': 'even', 'iso-week-parity': 'even' },
      agree: true,
    });
    expect(byYear[2021]).toMatchObject({
      weeksInYear: 52,
      parity: { 'every-other-week': 'odd', 'iso-week-parity': 'even' },
      agree: false,
    });
    // The cadence flips again after 2026's week 53 and the rules agree once more.
    expect(byYear[2027]).toMatchObject({ agree: true });
    expect(report.warnings[0]).toMatch(/2021: .*odd.*even.*2020 had 53 ISO weeks/);
    const sprint = await api.app.inject(
      '/api/v1/meetings/sprint-planning/parity?from=2021&to=2021',
    );
    expect(sprint.json().years[0].parity['iso-week-parity']).toBe('odd');
    const show = await api.cli(['meetings', 'show', 'coordination']);
    expect(show.code).toBe(0);
    expect(show.err).toMatch(/warning: .*2021/);
  });
});
