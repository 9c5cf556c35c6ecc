import { DateTime } from 'luxon';

interface Transition {
  at: DateTime; // the first instant with the new offset
  from: number; // offset in minutes before
  to: number; // offset in minutes after
}

/** Offset changes of `zone` between the start of `fromYear` and the end of `toYear`. */
export function zoneTransitions(zone: string, fromYear: number, toYear: number): Transition[] {
  const offsetAt = (ms: number) => DateTime.fromMillis(ms, { zone }).offset;
  const found: Transition[] = [];
  const hour = 3_600_000;
  let t = DateTime.fromObject({ year: fromYear }, { zone: 'UTC' }).toMillis();
  const end = DateTime.fromObject({ year: toYear + 1 }, { zone: 'UTC' }).toMillis();
  // Zones change offset at most a few times a year: step 6 hours, then bisect to the minute.
  const step = 6 * hour;
  let after = offsetAt(t);
  for (; t < end; t += step) {
    const before = after;
    after = offsetAt(t + step);
    if (before === after) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 60_000) {
      const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
      if (offsetAt(mid) === before) lo = mid;
      else hi = mid;
    }
    found.push({ at: DateTime.fromMillis(hi, { zone }), from: before, to: after });
  }
  return found;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/** How many VTIMEZONEs are kept: a calendar uses a handful of zones and year ranges. */
const MEMO_LIMIT = 64;
const memo = new Map<string, string>();

/**
 * A VTIMEZONE (RFC 5545 §3.6.5) for `zone`, built from the zone database luxon reads, with
 * one observance per offset change in the years given. Explicit onsets rather than a yearly
 * RRULE: they stay true for zones whose rules changed, at the cost of a bounded range.
 *
 * Finding the transitions costs most of a second of CPU per zone (tens of thousands of
 * offset look-ups), and the answer only changes with the zone database, which is fixed for
 * the life of the process: each (zone, years) is computed once and kept, least recently
 * used first out (ADR 0010).
 */
export function vtimezone(zone: string, fromYear: number, toYear: number): string {
  const key = `${zone}\u0000${fromYear}\u0000${toYear}`;
  const kept = memo.get(key);
  if (kept !== undefined) {
    memo.delete(key);
    memo.set(key, kept);
    return kept;
  }
  const text = buildVtimezone(zone, fromYear, toYear);
  memo.set(key, text);
  if (memo.size > MEMO_LIMIT) memo.delete(memo.keys().next().value!);
  return text;
}

/** How many VTIMEZONEs are kept now (for tests of the bound). */
export function vtimezoneMemoSize(): number {
  return memo.size;
}

function buildVtimezone(zone: string, fromYear: number, toYear: number): string {
  const transitions = zoneTransitions(zone, fromYear, toYear);
  const lines = ['BEGIN:VTIMEZONE', `TZID:${zone}`];
  if (transitions.length === 0) {
    const offset = DateTime.fromObject({ year: fromYear }, { zone }).offset;
    const name = DateTime.fromObject({ year: fromYear }, { zone }).offsetNameShort ?? zone;
    lines.push(
      'BEGIN:STANDARD',
      `DTSTART:${fromYear}0101T000000`,
      `TZOFFSETFROM:${offsetText(offset)}`,
      `TZOFFSETTO:${offsetText(offset)}`,
      `TZNAME:${name}`,
      'END:STANDARD',
    );
  }
  for (const { at, from, to } of transitions) {
    // DTSTART is the onset in local time as it was just before the change (§3.8.3.3).
    const onset = at.toUTC().plus({ minutes: from }).toFormat("yyyyLLdd'T'HHmmss");
    const kind = at.isInDST ? 'DAYLIGHT' : 'STANDARD';
    lines.push(
      `BEGIN:${kind}`,
      `DTSTART:${onset}`,
      `TZOFFSETFROM:${offsetText(from)}`,
      `TZOFFSETTO:${offsetText(to)}`,
      `TZNAME:${at.offsetNameShort ?? offsetText(to)}`,
      `END:${kind}`,
    );
  }
  lines.push('END:VTIMEZONE');
  return lines.join('\r\n');
}
