import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { foldLine } from '../../src/community/ics-text.ts';
import { zoneTransitions } from '../../src/community/vtimezone.ts';
import { tableZone } from '../../src/community/zone-table.ts';

/** A small deterministic generator: the same cases every run, different ones per seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

const ZONES = [
  'America/New_York',
  'Europe/Berlin',
  'Australia/Lord_Howe', // a 30-minute DST shift
  'Asia/Kolkata',
  'America/Sao_Paulo', // DST abolished in 2019
  'Pacific/Chatham',
  'Europe/Dublin', // negative DST in the zone database
  'UTC',
];

describe('TableZone gives the IANA zone’s own offsets (ADR 0015)', () => {
  it('at random instants of 2018–2026, and a second either side of each transition', () => {
    const next = random(20261203);
    for (const name of ZONES) {
      const zone = tableZone(name);
      const instants: number[] = [];
      for (let i = 0; i < 200; i++)
        instants.push(Date.UTC(2018, 0, 1) + Math.floor(next() * 9 * 365.25 * 86_400_000));
      // The transitions as the VTIMEZONE writer finds them (its own search, to the minute).
      for (const { at } of zoneTransitions(name, 2019, 2021))
        instants.push(
          at.toMillis() - 60_000,
          at.toMillis() - 1000,
          at.toMillis(),
          at.toMillis() + 1000,
        );
      for (const ms of instants)
        expect(zone.offset(ms), `${name} at ${new Date(ms).toISOString()}`).toBe(
          DateTime.fromMillis(ms, { zone: name }).offset,
        );
    }
  });

  it('local times resolve to the same instants as with the zone’s name, gaps and overlaps too', () => {
    const next = random(7);
    for (const name of ZONES) {
      const cases = [
        '2021-03-14T02:30', // skipped in New York
        '2021-11-07T01:30', // repeated in New York
        '2021-03-28T02:30', // skipped in Berlin
        '2021-10-31T02:30', // repeated in Berlin
      ];
      for (let i = 0; i < 200; i++) {
        const ms = Date.UTC(2018, 0, 1) + Math.floor(next() * 9 * 365.25 * 86_400_000);
        cases.push(new Date(ms).toISOString().slice(0, 16));
      }
      for (const local of cases)
        expect(
          DateTime.fromISO(local, { zone: tableZone(name) }).toMillis(),
          `${local} ${name}`,
        ).toBe(DateTime.fromISO(local, { zone: name }).toMillis());
    }
  });
});

/** ical-generator's folding, the reference: one TextEncoder per character. */
function referenceFold(line: string): string {
  let result = '';
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    let ch = line.charAt(i);
    if (ch >= '\ud800' && ch <= '\udbff') ch += line.charAt(++i);
    const size = new TextEncoder().encode(ch).length;
    count += size;
    if (count > 74) {
      result += '\r\n ';
      count = size;
    }
    result += ch;
  }
  return result;
}

describe('foldLine', () => {
  it('folds as the reference did, within 75 octets per line, and unfolds to the input', () => {
    const next = random(42);
    const alphabet = ['a', 'Z', ' ', ';', 'é', 'ß', '—', '✓', '中', '😀', '𝄞'];
    for (let i = 0; i < 500; i++) {
      const length = Math.floor(next() * 300);
      const line = Array.from(
        { length },
        () => alphabet[Math.floor(next() * alphabet.length)],
      ).join('');
      const folded = foldLine(line);
      expect(folded).toBe(referenceFold(line));
      expect(folded.replace(/\r\n /g, '')).toBe(line);
      for (const physical of folded.split('\r\n'))
        expect(Buffer.byteLength(physical)).toBeLessThanOrEqual(75);
    }
  });
});
