import { z } from 'zod';
import { meetingInputSchema, RECURRENCE_RULES } from '../../community/index.ts';

/** Response shapes of the community routes, declared once for the OpenAPI document. */
export const meetingSchema = meetingInputSchema
  .extend({ sequence: z.number().int(), updatedAt: z.string() })
  .meta({ id: 'Meeting' });

export const occurrenceSchema = z
  .object({
    meeting: z.string(),
    title: z.string(),
    start: z.string().describe('UTC, ISO 8601'),
    end: z.string().describe('UTC, ISO 8601'),
    date: z.string().describe('The date the rule gives, in the meeting’s zone'),
    isoWeek: z.number().int(),
    isoWeekYear: z.number().int(),
    status: z.enum(['scheduled', 'moved']),
  })
  .meta({ id: 'Occurrence' });

export const meetingExceptionSchema = z
  .object({
    date: z.string(),
    kind: z.enum(['cancel', 'move']),
    start: z.string().nullable(),
    durationMinutes: z.number().int().nullable(),
    reason: z.string(),
  })
  .meta({ id: 'MeetingException' });

const paritySchema = z.enum(['even', 'odd', 'mixed', 'none']);

export const parityReportSchema = z
  .object({
    years: z.array(
      z.object({
        year: z.number().int(),
        weeksInYear: z.number().int(),
        parity: z.object({ 'every-other-week': paritySchema, 'iso-week-parity': paritySchema }),
        agree: z.boolean(),
        onlyEveryOtherWeek: z.array(z.string()),
        onlyIsoWeekParity: z.array(z.string()),
      }),
    ),
    warnings: z.array(z.string()),
  })
  .meta({ id: 'ParityReport' });

export const meetingDetailSchema = z
  .object({
    meeting: meetingSchema,
    exceptions: z.array(meetingExceptionSchema),
    parity: parityReportSchema,
  })
  .meta({ id: 'MeetingDetail' });

export const recurrenceRuleSchema = z.enum(RECURRENCE_RULES);

export const deliverySchema = z
  .object({
    id: z.number().int(),
    channel: z.string(),
    transport: z.string().describe('email, slack, google-chat or matrix'),
    target: z.string(),
    state: z.enum(['pending', 'sent', 'failed']),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    messageId: z.string(),
    sentAt: z.string().nullable(),
  })
  .meta({ id: 'AnnouncementDelivery' });

export const announcementSchema = z
  .object({
    id: z.number().int(),
    kind: z.string(),
    title: z.string(),
    body: z.string(),
    author: z.string(),
    channels: z
      .array(z.string())
      .nullable()
      .describe('The channels chosen; null: every channel marked to announce'),
    createdAt: z.string(),
    deliveries: z.array(deliverySchema),
  })
  .meta({ id: 'Announcement' });

export const channelSchema = z
  .object({
    slug: z.string(),
    kind: z.enum(['mailing-list', 'chat', 'board']),
    name: z.string(),
    description: z.string(),
    url: z.string().nullable(),
    address: z.string().nullable(),
    position: z.number().int(),
    announce: z.boolean(),
  })
  .meta({ id: 'Channel' });
