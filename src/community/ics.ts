import ical, { ICalCalendarMethod } from 'ical-generator';
import { DateTime } from 'luxon';
import type { Meeting, MeetingException } from './model.ts';
import { isRuleDate, localInstant, occurrences } from './recurrence.ts';
import { vtimezone } from './vtimezone.ts';

export interface CalendarEntry {
  meeting: Meeting;
  exceptions: readonly MeetingException[];
}

export interface CalendarOptions {
  /** opf's public URL: its host makes the UIDs globally unique and stable. */
  publicUrl: string;
  name: string;
  now: Date;
  /** PUBLISH for feeds; REQUEST for e-mailed invitations. */
  method?: 'PUBLISH' | 'REQUEST';
  /** For invitations: the organizer and the invited address. */
  organizer?: { name: string; email: string };
  attendee?: string;
  /**
   * One VEVENT per occurrence in this range instead of RRULE/EXDATE, for clients that do not
   * understand BYWEEKNO (some desktop clients ignore it).
   */
  explicit?: { from: DateTime; to: DateTime };
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

/** The UID of a meeting series: the same in every feed and invitation, for ever. */
export function meetingUid(slug: string, publicUrl: string): string {
  return `meeting-${slug}@${new URL(publicUrl).hostname}`;
}

/**
 * The RRULE that states the meeting's rule exactly. ISO-week parity is BYWEEKNO (ISO 8601
 * weeks with WKST=MO, RFC 5545 §3.3.10); 53 is listed for odd parity and simply yields no
 * date in a year with 52 weeks.
 */
export function rruleOf(meeting: Meeting): string {
  const anchor = DateTime.fromISO(meeting.recurrence.anchor, { zone: 'UTC' });
  const byDay = WEEKDAYS[anchor.weekday - 1];
  const until = meeting.recurrence.until
    ? `;UNTIL=${localInstant(meeting.recurrence.until, '23:59', meeting.zone).toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}`
    : '';
  if (meeting.recurrence.rule === 'every-other-week')
    return `RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=${byDay};WKST=MO${until}`;
  const parity = anchor.weekNumber % 2;
  const weeks = Array.from({ length: 53 }, (_, i) => i + 1).filter((w) => w % 2 === parity);
  return `RRULE:FREQ=YEARLY;BYWEEKNO=${weeks.join(',')};BYDAY=${byDay};WKST=MO${until}`;
}

function localStamp(instant: DateTime, zone: string): string {
  return instant.setZone(zone).toFormat("yyyyLLdd'T'HHmmss");
}

/**
 * An iCalendar (RFC 5545) calendar of meeting series: one VEVENT per series with its RRULE,
 * EXDATE for cancellations and a RECURRENCE-ID override per moved occurrence, and a
 * VTIMEZONE for each zone used, so clients without a zone database get DST right too.
 */
export function renderCalendar(
  entries: readonly CalendarEntry[],
  options: CalendarOptions,
): string {
  const stamp = DateTime.fromJSDate(options.now, { zone: 'UTC' });
  // One year range for every zone of the calendar: from the oldest series to ten years on.
  const years = entries.map((e) => Number(e.meeting.recurrence.anchor.slice(0, 4)));
  const fromYear = Math.min(...years, stamp.year) - 1;
  const toYear = stamp.year + 10;
  const calendar = ical({
    name: options.name,
    prodId: { company: 'opf', product: 'community-calendar', language: 'EN' },
    method: options.method === 'REQUEST' ? ICalCalendarMethod.REQUEST : ICalCalendarMethod.PUBLISH,
    // ical-generator asks for a VTIMEZONE for each zone its events use and places it itself
    // (none when no event is left, as in an expanded window of cancelled dates).
    timezone: { name: null, generator: (zone) => vtimezone(zone, fromYear, toYear) },
  });
  for (const { meeting, exceptions } of entries) {
    const uid = meetingUid(meeting.slug, options.publicUrl);
    const start = localInstant(meeting.recurrence.anchor, meeting.localTime, meeting.zone);
    const valid = exceptions.filter((e) => isRuleDate(meeting.recurrence, e.date));
    const exdates = valid
      .filter((e) => e.kind === 'cancel')
      .map((e) => localStamp(localInstant(e.date, meeting.localTime, meeting.zone), meeting.zone));
    const repeating = [
      rruleOf(meeting),
      ...(exdates.length ? [`EXDATE;TZID=${meeting.zone}:${exdates.join(',')}`] : []),
    ].join('\r\n');
    const common = {
      id: uid,
      summary: meeting.title,
      description: meeting.description || null,
      url: meeting.url,
      timezone: meeting.zone,
      sequence: meeting.sequence,
      stamp: stamp,
      ...(options.organizer && { organizer: options.organizer }),
      ...(options.attendee && { attendees: [{ email: options.attendee, rsvp: true }] }),
    };
    if (options.explicit) {
      for (const o of occurrences(meeting, exceptions, options.explicit))
        calendar.createEvent({
          ...common,
          id: `meeting-${meeting.slug}-${o.date}@${new URL(options.publicUrl).hostname}`,
          start: DateTime.fromISO(o.start, { zone: meeting.zone }),
          end: DateTime.fromISO(o.end, { zone: meeting.zone }),
        });
      continue;
    }
    calendar.createEvent({
      ...common,
      start,
      end: start.plus({ minutes: meeting.durationMinutes }),
      repeating,
    });
    for (const moved of valid.filter((e) => e.kind === 'move' && e.start)) {
      const newStart = DateTime.fromISO(moved.start!, { zone: meeting.zone });
      calendar.createEvent({
        ...common,
        start: newStart,
        end: newStart.plus({ minutes: moved.durationMinutes ?? meeting.durationMinutes }),
        recurrenceId: localInstant(moved.date, meeting.localTime, meeting.zone),
      });
    }
  }
  return calendar.toString();
}
