import { DateTime } from 'luxon';
import { OpfError } from '../core/index.ts';
import type {
  Meeting,
  MeetingException,
  MeetingInput,
  Occurrence,
  RecurrenceRule,
} from './model.ts';
import { tableZone } from './zone-table.ts';

/** The longest range one call expands: bounds the work a single request can ask for. */
export const MAX_RANGE_DAYS = 3700;

/** Calendar arithmetic on dates only (UTC has no daylight saving to skip a day). */
function day(date: string): DateTime {
  return DateTime.fromISO(date, { zone: 'UTC' });
}

export function parseRange(from: string, to: string): { from: DateTime; to: DateTime } {
  const start = day(from);
  const end = day(to);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to))
    throw new OpfError('OPF_ERR_MEETING_RANGE_INVALID', 'dates must be YYYY-MM-DD');
  if (!start.isValid || !end.isValid)
    throw new OpfError('OPF_ERR_MEETING_RANGE_INVALID', `"${from}" or "${to}" is not a real date`);
  if (end < start)
    throw new OpfError(
      'OPF_ERR_MEETING_RANGE_INVALID',
      `the range ends (${to}) before it starts (${from})`,
    );
  if (end.diff(start, 'days').days > MAX_RANGE_DAYS)
    throw new OpfError('OPF_ERR_MEETING_RANGE_INVALID', 'a range may span at most 10 years');
  return { from: start, to: end };
}

const DAY_MS = 86_400_000;

/** YYYY-MM-DD of a UTC midnight (or any instant of that UTC day). */
function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The ISO 8601 week (and its year) of the UTC day holding `ms`: the week of its Thursday. */
function isoWeekOf(ms: number): { week: number; year: number } {
  const weekday = (new Date(ms).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  const thursday = ms + (3 - weekday) * DAY_MS;
  const year = new Date(thursday).getUTCFullYear();
  return { week: 1 + Math.floor((thursday - Date.UTC(year, 0, 1)) / DAY_MS / 7), year };
}

/**
 * The dates (YYYY-MM-DD, in the meeting's zone) a rule puts the meeting on within
 * [from, to], before cancellations and moves. Both rules start at the anchor.
 *
 * Plain arithmetic on UTC days (what luxon did here, in UTC, one object per date; ADR 0015).
 */
export function ruleDates(
  recurrence: MeetingInput['recurrence'],
  rule: RecurrenceRule,
  from: DateTime,
  to: DateTime,
): string[] {
  const anchor = Date.parse(recurrence.anchor);
  const last = recurrence.until
    ? Math.min(to.toMillis(), Date.parse(recurrence.until))
    : to.toMillis();
  const first = Math.max(from.toMillis(), anchor);
  const dates: string[] = [];
  if (rule === 'every-other-week') {
    const steps = Math.max(0, Math.ceil((first - anchor) / DAY_MS / 14));
    for (let d = anchor + 14 * steps * DAY_MS; d <= last; d += 14 * DAY_MS) dates.push(isoDate(d));
    return dates;
  }
  const parity = isoWeekOf(anchor).week % 2;
  const weeks = Math.max(0, Math.ceil((first - anchor) / DAY_MS / 7));
  for (let d = anchor + 7 * weeks * DAY_MS; d <= last; d += 7 * DAY_MS)
    if (isoWeekOf(d).week % 2 === parity) dates.push(isoDate(d));
  return dates;
}

/**
 * The instant a local date and HH:MM denote in `zone` (a time skipped by DST moves forward).
 * Offsets come from the zone's transition table, not from Intl per date (ADR 0015).
 */
export function localInstant(date: string, time: string, zone: string): DateTime {
  return DateTime.fromISO(`${date}T${time}`, { zone: tableZone(zone) });
}

/**
 * Occurrences whose start falls on a date in [from, to] (in the meeting's zone), with
 * cancellations removed and moves applied. `rule` defaults to the meeting's own rule.
 */
export function occurrences(
  meeting: Meeting,
  exceptions: readonly MeetingException[],
  range: { from: DateTime; to: DateTime },
  rule: RecurrenceRule = meeting.recurrence.rule,
): Occurrence[] {
  // A move may bring an occurrence in from outside the range: look a little wider.
  const margin = { days: 62 };
  const byDate = new Map(exceptions.map((e) => [e.date, e]));
  const result: Occurrence[] = [];
  for (const date of ruleDates(
    meeting.recurrence,
    rule,
    range.from.minus(margin),
    range.to.plus(margin),
  )) {
    const exception = byDate.get(date);
    if (exception?.kind === 'cancel') continue;
    const moved = exception?.kind === 'move' && exception.start !== null;
    const start = moved
      ? DateTime.fromISO(exception.start!, { zone: tableZone(meeting.zone) })
      : localInstant(date, meeting.localTime, meeting.zone);
    const localDay = Date.parse(start.toISODate()!);
    if (localDay < range.from.toMillis() || localDay > range.to.toMillis()) continue;
    const minutes = (moved && exception.durationMinutes) || meeting.durationMinutes;
    const ruleWeek = isoWeekOf(Date.parse(date));
    result.push({
      meeting: meeting.slug,
      title: meeting.title,
      start: utcIso(start.toMillis()),
      end: utcIso(start.toMillis() + minutes * 60_000),
      date,
      isoWeek: ruleWeek.week,
      isoWeekYear: ruleWeek.year,
      status: moved ? 'moved' : 'scheduled',
    });
  }
  return result.sort((a, b) => a.start.localeCompare(b.start));
}

/** An instant as luxon's `toUTC().toISO({ suppressMilliseconds: true })` writes it. */
function utcIso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** Render an instant in the viewer's zone, e.g. "Wed 2020-03-18 13:30 +01:00" (offsets, not names: ICU-independent). */
export function inZone(utc: string, zone: string): string {
  return DateTime.fromISO(utc, { zone: 'UTC' }).setZone(zone).toFormat('ccc yyyy-LL-dd HH:mm ZZ');
}

/** Whether the meeting's own rule puts it on `date` (cancellations and moves must name one). */
export function isRuleDate(recurrence: MeetingInput['recurrence'], date: string): boolean {
  const d = day(date);
  return d.isValid && ruleDates(recurrence, recurrence.rule, d, d).length === 1;
}
