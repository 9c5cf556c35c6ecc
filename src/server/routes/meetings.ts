import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  exceptionInputSchema,
  getExceptions,
  getMeeting,
  getMeetings,
  isoDateSchema,
  meetingCalendar,
  meetingInputSchema,
  meetingOccurrences,
  meetingParity,
  nextOccurrences,
  RECURRENCE_RULES,
  removeException,
  saveMeeting,
  setException,
} from '../../community/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { decimalInt, errorResponses } from '../schemas.ts';
import {
  meetingDetailSchema,
  meetingExceptionSchema,
  meetingSchema,
  occurrenceSchema,
  parityReportSchema,
} from './community-schemas.ts';

const slugParams = z.object({ slug: z.string().min(1).max(63) });
const CALENDAR = 'text/calendar; charset=utf-8';

/** Both feeds: RRULE by default, or one VEVENT per occurrence for clients that want that. */
const expandQuery = z.strictObject({
  expand: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: one VEVENT per occurrence (a year back, two ahead) instead of RRULE'),
});

export async function meetingRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.get(
    '/api/v1/meetings',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'The community meetings, each with its next occurrence',
        response: {
          200: z.object({ items: z.array(meetingSchema), next: z.array(occurrenceSchema) }),
          ...errorResponses,
        },
      },
    },
    async () => ({ items: await getMeetings(ctx), next: await nextOccurrences(ctx) }),
  );

  r.get(
    '/api/v1/meetings.ics',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'iCalendar (RFC 5545) feed of every meeting',
        querystring: expandQuery,
        response: { 200: z.string().describe(CALENDAR), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .type(CALENDAR)
        .send(await meetingCalendar(ctx, undefined, { explicit: request.query.expand === 'true' })),
  );

  r.get(
    '/api/v1/meetings/:slug.ics',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'iCalendar (RFC 5545) feed of one meeting: RRULE, EXDATE, moved instances',
        params: slugParams,
        querystring: expandQuery,
        response: { 200: z.string().describe(CALENDAR), ...errorResponses },
      },
    },
    async (request, reply) =>
      reply.type(CALENDAR).send(
        await meetingCalendar(ctx, request.params.slug, {
          explicit: request.query.expand === 'true',
        }),
      ),
  );

  r.get(
    '/api/v1/meetings/:slug',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'A meeting with its cancellations, moves and per-year ISO-week parity',
        params: slugParams,
        response: { 200: meetingDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { slug } = request.params;
      return {
        meeting: await getMeeting(ctx, slug),
        exceptions: await getExceptions(ctx, slug),
        parity: await meetingParity(ctx, slug),
      };
    },
  );

  r.put(
    '/api/v1/meetings/:slug',
    {
      config: { policy: 'admin' },
      schema: {
        tags: ['meetings'],
        summary: 'Create or change a meeting (time, zone, rule are data)',
        params: slugParams,
        body: meetingInputSchema.omit({ slug: true }),
        response: { 200: meetingSchema, ...errorResponses },
      },
    },
    async (request) => saveMeeting(ctx, { ...request.body, slug: request.params.slug }),
  );

  r.get(
    '/api/v1/meetings/:slug/occurrences',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'Occurrences between two dates (the meeting’s zone), UTC instants',
        params: slugParams,
        querystring: z.strictObject({
          from: isoDateSchema,
          to: isoDateSchema,
          rule: z.enum(RECURRENCE_RULES).optional().describe('Default: the meeting’s own rule'),
        }),
        response: { 200: z.object({ items: z.array(occurrenceSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { from, to, rule } = request.query;
      return { items: await meetingOccurrences(ctx, request.params.slug, from, to, rule) };
    },
  );

  r.get(
    '/api/v1/meetings/:slug/parity',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'Per ISO year: the week parity under each rule, and where the rules disagree',
        params: slugParams,
        querystring: z.strictObject({
          from: decimalInt(1970, 2200).optional(),
          to: decimalInt(1970, 2200).optional(),
        }),
        response: { 200: parityReportSchema, ...errorResponses },
      },
    },
    async (request) =>
      meetingParity(ctx, request.params.slug, request.query.from, request.query.to),
  );

  r.put(
    '/api/v1/meetings/:slug/exceptions/:date',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['meetings'],
        summary: 'Cancel or move the occurrence the rule puts on this date',
        params: slugParams.extend({ date: isoDateSchema }),
        body: exceptionInputSchema.omit({ date: true }),
        response: { 200: meetingExceptionSchema, ...errorResponses },
      },
    },
    async (request) =>
      setException(
        ctx,
        request.params.slug,
        { ...request.body, date: request.params.date },
        actorOf(request).name,
      ),
  );

  r.delete(
    '/api/v1/meetings/:slug/exceptions/:date',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['meetings'],
        summary: 'Undo a cancellation or move',
        params: slugParams.extend({ date: isoDateSchema }),
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeException(ctx, request.params.slug, request.params.date);
      return reply.status(204).send(null);
    },
  );
}
