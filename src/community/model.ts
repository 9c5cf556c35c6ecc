import { DateTime, IANAZone } from 'luxon';
import { z } from 'zod';

/** A calendar date as people write it; checked to be a real date, not just the shape. */
export const isoDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine((value) => DateTime.fromISO(value, { zone: 'UTC' }).isValid, 'not a real date');

export const zoneSchema = z
  .string()
  .min(1)
  .max(64)
  .refine((zone) => IANAZone.isValidZone(zone), 'not an IANA time zone (e.g. America/New_York)');

export const localTimeSchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:MM (24-hour clock)');

/**
 * The two ways the seeds describe "alternate Wednesdays":
 *  - every-other-week: a strict two-week cadence from the anchor date;
 *  - iso-week-parity: every week whose ISO week number has the anchor's parity, each year
 *    ("even numbered weeks for 2020"). The two part ways after a year with 53 ISO weeks.
 */
export const RECURRENCE_RULES = ['every-other-week', 'iso-week-parity'] as const;
export type RecurrenceRule = (typeof RECURRENCE_RULES)[number];

export const recurrenceSchema = z.strictObject({
  rule: z.enum(RECURRENCE_RULES),
  /** A date the meeting happens on: its weekday, and (for the parity rule) its week's parity. */
  anchor: isoDateSchema,
  until: isoDateSchema.nullable().default(null),
});

export const meetingSlugSchema = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'lowercase letters, digits and -');

export const meetingInputSchema = z.strictObject({
  slug: meetingSlugSchema,
  title: z.string().min(1).max(200),
  description: z.string().max(5000).default(''),
  /** Wall-clock time in `zone`; the instant follows the zone's daylight-saving rules. */
  zone: zoneSchema,
  localTime: localTimeSchema,
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60),
  recurrence: recurrenceSchema,
  url: z.string().url().max(2000).nullable().default(null),
  /** Who to write to about the meeting; the organizer of invitations. */
  contact: z.string().max(200).nullable().default(null),
  /** The meeting where new projects are brought: its agenda lists requests in review. */
  reviewsRequests: z.boolean().default(false),
});
export type MeetingInput = z.infer<typeof meetingInputSchema>;

export interface Meeting extends MeetingInput {
  /** Bumped at every change to the series (iCalendar SEQUENCE; invitation updates). */
  sequence: number;
  updatedAt: string;
}

export const exceptionInputSchema = z.strictObject({
  /** The date (in the meeting's zone) the rule puts the occurrence on. */
  date: isoDateSchema,
  kind: z.enum(['cancel', 'move']),
  /** For a move: the new local date and time in the meeting's zone. */
  start: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d$/, 'expected YYYY-MM-DDTHH:MM')
    .optional(),
  durationMinutes: z
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .optional(),
  reason: z.string().max(2000).default(''),
});
export type ExceptionInput = z.infer<typeof exceptionInputSchema>;

export interface MeetingException {
  date: string;
  kind: 'cancel' | 'move';
  start: string | null;
  durationMinutes: number | null;
  reason: string;
}

export interface Occurrence {
  meeting: string;
  title: string;
  /** UTC instants, ISO 8601. */
  start: string;
  end: string;
  /** The date the rule gives (the meeting's zone); a moved occurrence keeps it as its id. */
  date: string;
  isoWeek: number;
  isoWeekYear: number;
  status: 'scheduled' | 'moved';
}
