import { DateTime, type Zone } from 'luxon';
import { escapeText, foldLine, quotedParam } from './ics-text.ts';
import type { Meeting, MeetingException } from './model.ts';
import { isRuleDate, localInstant, occurrences } from './recurrence.ts';
import { vtimezone } from './vtimezone.ts';
import { tableZone } from './zone-table.ts';

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

/**
 * A local date-time (DATE-TIME form #3, §3.3.5) of an instant in `zone`: the wall time is the
 * instant plus the zone's offset then, as luxon's `setZone(zone).toFormat(…)` computed it.
 */
function localStamp(instant: DateTime | number, zone: Zone): string {
  const ms = typeof instant === 'number' ? instant : instant.toMillis();
  const wall = new Date(ms + zone.offset(ms) * 60_000).toISOString();
  return `${wall.slice(0, 4)}${wall.slice(5, 7)}${wall.slice(8, 10)}T${wall.slice(11, 13)}${wall.slice(14, 16)}${wall.slice(17, 19)}`;
}

/** DATE-TIME form #2 (UTC), e.g. DTSTAMP. */
function utcStamp(date: Date): string {
  return date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** The properties every VEVENT of a series shares, already written as content lines. */
interface SeriesLines {
  sequence: number;
  stamp: string;
  zone: string;
  /** SUMMARY … URL, after the dates and the rule. */
  tail: string[];
}

function eventLines(
  series: SeriesLines,
  uid: string,
  zone: Zone,
  start: DateTime | number,
  end: DateTime | number,
  extra: string[],
): string[] {
  return [
    'BEGIN:VEVENT',
    `UID:${uid}`,
    `SEQUENCE:${series.sequence}`,
    `DTSTAMP:${series.stamp}`,
    `DTSTART;TZID=${series.zone}:${localStamp(start, zone)}`,
    `DTEND;TZID=${series.zone}:${localStamp(end, zone)}`,
    ...extra,
    ...series.tail,
    'END:VEVENT',
  ];
}

/**
 * An iCalendar (RFC 5545) calendar of meeting series: one VEVENT per series with its RRULE,
 * EXDATE for cancellations and a RECURRENCE-ID override per moved occurrence, and a
 * VTIMEZONE for each zone used, so clients without a zone database get DST right too.
 *
 * Written here as content lines, folded in one pass (ADR 0015): ical-generator, which wrote
 * it before, folded the whole text one character and one TextEncoder at a time, the largest
 * cost of an answer. The layout is the one it wrote: calendar properties, one VTIMEZONE per
 * zone its events use (none when no event is left, as in an expanded window of cancelled
 * dates), then the events.
 */
export function renderCalendar(
  entries: readonly CalendarEntry[],
  options: CalendarOptions,
): string {
  const now = DateTime.fromJSDate(options.now, { zone: 'UTC' });
  // One year range for every zone of the calendar: from the oldest series to ten years on.
  const years = entries.map((e) => Number(e.meeting.recurrence.anchor.slice(0, 4)));
  const fromYear = Math.min(...years, now.year) - 1;
  const toYear = now.year + 10;
  const host = new URL(options.publicUrl).hostname;
  const stamp = utcStamp(options.now);
  const events: string[] = [];
  const zonesUsed = new Set<string>();
  for (const { meeting, exceptions } of entries) {
    const zone = tableZone(meeting.zone);
    const uid = meetingUid(meeting.slug, options.publicUrl);
    const valid = exceptions.filter((e) => isRuleDate(meeting.recurrence, e.date));
    const series: SeriesLines = {
      sequence: meeting.sequence,
      stamp,
      zone: meeting.zone,
      tail: [
        `SUMMARY:${escapeText(meeting.title)}`,
        ...(meeting.description ? [`DESCRIPTION:${escapeText(meeting.description)}`] : []),
        ...(options.organizer
          ? [
              `ORGANIZER;CN=${quotedParam(options.organizer.name)}:mailto:${escapeText(options.organizer.email)}`,
            ]
          : []),
        ...(options.attendee
          ? [`ATTENDEE;ROLE=REQ-PARTICIPANT;RSVP=TRUE:MAILTO:${escapeText(options.attendee)}`]
          : []),
        ...(meeting.url ? [`URL;VALUE=URI:${escapeText(meeting.url)}`] : []),
      ],
    };
    if (options.explicit) {
      for (const o of occurrences(meeting, exceptions, options.explicit)) {
        zonesUsed.add(meeting.zone);
        events.push(
          ...eventLines(
            series,
            `meeting-${meeting.slug}-${o.date}@${host}`,
            zone,
            Date.parse(o.start),
            Date.parse(o.end),
            [],
          ),
        );
      }
      continue;
    }
    zonesUsed.add(meeting.zone);
    const start = localInstant(meeting.recurrence.anchor, meeting.localTime, meeting.zone);
    const exdates = valid
      .filter((e) => e.kind === 'cancel')
      .map((e) => localStamp(localInstant(e.date, meeting.localTime, meeting.zone), zone));
    events.push(
      ...eventLines(series, uid, zone, start, start.plus({ minutes: meeting.durationMinutes }), [
        rruleOf(meeting),
        ...(exdates.length ? [`EXDATE;TZID=${meeting.zone}:${exdates.join(',')}`] : []),
      ]),
    );
    for (const moved of valid.filter((e) => e.kind === 'move' && e.start)) {
      const newStart = DateTime.fromISO(moved.start!, { zone });
      const original = localInstant(moved.date, meeting.localTime, meeting.zone);
      events.push(
        ...eventLines(
          series,
          uid,
          zone,
          newStart,
          newStart.plus({ minutes: moved.durationMinutes ?? meeting.durationMinutes }),
          [`RECURRENCE-ID;TZID=${meeting.zone}:${localStamp(original, zone)}`],
        ),
      );
    }
  }
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//opf//community-calendar//EN',
    `METHOD:${options.method === 'REQUEST' ? 'REQUEST' : 'PUBLISH'}`,
    `NAME:${escapeText(options.name)}`,
    `X-WR-CALNAME:${escapeText(options.name)}`,
    ...[...zonesUsed].flatMap((zone) => vtimezone(zone, fromYear, toYear).split('\r\n')),
    ...events,
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join('\r\n');
}
