/**
 * An oracle for the calendar tests that shares nothing with the implementation: plain
 * Date.UTC arithmetic, the ISO 8601 week rule written out, and the US daylight-saving law
 * (since 2007: from the second Sunday of March to the first Sunday of November).
 */
const DAY = 86_400_000;

export function isoWeek(utcMidnight: number): { year: number; week: number } {
  const date = new Date(utcMidnight);
  const mondayBased = (date.getUTCDay() + 6) % 7;
  const thursday = new Date(utcMidnight + (3 - mondayBased) * DAY);
  const year = thursday.getUTCFullYear();
  const jan1 = Date.UTC(year, 0, 1);
  return { year, week: Math.floor((thursday.getTime() - jan1) / DAY / 7) + 1 };
}

function nthSunday(year: number, month: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + 7 * (n - 1);
}

/** Hours New York is behind UTC on a (non-Sunday) date. */
export function newYorkBehindUtc(year: number, month: number, day: number): 4 | 5 {
  const start = Date.UTC(year, 2, nthSunday(year, 2, 2));
  const end = Date.UTC(year, 10, nthSunday(year, 10, 1));
  const t = Date.UTC(year, month, day);
  return t > start && t < end ? 4 : 5;
}

/** 08:30 New York on each Wednesday the predicate keeps, as UTC ISO strings. */
export function wednesdays(
  from: string,
  to: string,
  keep: (utcMidnight: number) => boolean,
): string[] {
  const out: string[] = [];
  const end = Date.parse(`${to}T00:00:00Z`);
  let t = Date.parse(`${from}T00:00:00Z`);
  while (new Date(t).getUTCDay() !== 3) t += DAY;
  for (; t <= end; t += 7 * DAY) {
    if (!keep(t)) continue;
    const d = new Date(t);
    const behind = newYorkBehindUtc(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
    out.push(
      new Date(t + (8 + behind) * 3_600_000 + 30 * 60_000).toISOString().replace('.000Z', 'Z'),
    );
  }
  return out;
}

export const everyOtherWeekFrom = (anchor: string) => (t: number) => {
  const days = (t - Date.parse(`${anchor}T00:00:00Z`)) / DAY;
  return days >= 0 && days % 14 === 0;
};

export const isoWeekParity = (parity: 0 | 1) => (t: number) => isoWeek(t).week % 2 === parity;
