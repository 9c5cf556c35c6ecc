import type { Meeting } from '../../shared/types.ts';

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** The ISO week number of a calendar date (YYYY-MM-DD). */
export function isoWeek(date: string): number {
  const day = new Date(`${date}T00:00:00Z`);
  const weekday = day.getUTCDay() || 7;
  day.setUTCDate(day.getUTCDate() + 4 - weekday);
  const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
  return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
}

/** The meeting's rule in words, as `opf meetings list` says it. */
export function ruleInWords(meeting: Meeting): string {
  const { rule, anchor, until } = meeting.recurrence;
  const day = WEEKDAYS[new Date(`${anchor}T00:00:00Z`).getUTCDay()]!;
  const parity = isoWeek(anchor) % 2 ? 'odd' : 'even';
  const when =
    rule === 'every-other-week'
      ? `Every other ${day} from ${anchor}`
      : `${day}s of ${parity}-numbered ISO weeks`;
  const ends = until ? `, until ${until}` : '';
  return `${when}${ends}, ${meeting.localTime} ${meeting.zone}, ${meeting.durationMinutes} minutes`;
}

/** The week parity of the meeting's anchor: what "even weeks" means for this series. */
export function anchorParity(meeting: Meeting): 'even' | 'odd' {
  return isoWeek(meeting.recurrence.anchor) % 2 ? 'odd' : 'even';
}

export function meetingPath(slug: string, date?: string): string {
  return `/meetings/${encodeURIComponent(slug)}${date ? `/${date}` : ''}`;
}
