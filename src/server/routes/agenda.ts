import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  addAgendaItem,
  agendaItemInputSchema,
  decideAgendaItem,
  decisionInputSchema,
  getAgenda,
  isoDateSchema,
  minutesInputSchema,
  pastMeetings,
  recordMinutes,
} from '../../community/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';
import { occurrenceSchema } from './community-schemas.ts';

const slugParams = z.object({ slug: z.string().min(1).max(63) });
const dateParams = slugParams.extend({ date: isoDateSchema });

const agendaItemSchema = z
  .object({
    id: z.number().int().nullable().describe('null: a request in review, proposed live'),
    meeting: z.string(),
    date: z.string(),
    kind: z.enum(['request', 'topic']),
    requestId: z.number().int().nullable(),
    title: z.string(),
    notes: z.string(),
    addedBy: z.string(),
    createdAt: z.string(),
    decision: z.string().nullable(),
    decisionAction: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'AgendaItem' });

const recordSchema = z
  .object({
    meeting: z.string(),
    date: z.string(),
    attendance: z.array(z.string()),
    minutes: z.string(),
    recordedBy: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'MeetingRecord' });

const agendaSchema = z
  .object({
    meeting: z.string(),
    title: z.string(),
    occurrence: occurrenceSchema,
    items: z.array(agendaItemSchema),
    newcomers: z.array(z.object({ name: z.string(), askedAt: z.string() })),
    record: recordSchema.nullable(),
  })
  .meta({ id: 'Agenda' });

/** Agendas and minutes: public to read; anyone signed in adds items; ops record and decide. */
export async function agendaRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.get(
    '/api/v1/meetings/:slug/agenda',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'The agenda (and minutes, once held) of an occurrence; default the next one',
        params: slugParams,
        querystring: z.strictObject({ date: isoDateSchema.optional() }),
        response: { 200: agendaSchema, ...errorResponses },
      },
    },
    async (request) => getAgenda(ctx, request.params.slug, request.query.date),
  );

  r.get(
    '/api/v1/meetings/:slug/minutes',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['meetings'],
        summary: 'Past meetings with their attendance and minutes, newest first',
        params: slugParams,
        response: { 200: z.object({ items: z.array(recordSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await pastMeetings(ctx, request.params.slug) }),
  );

  r.post(
    '/api/v1/meetings/:slug/agenda/:date/items',
    {
      config: { policy: 'user' },
      schema: {
        tags: ['meetings'],
        summary: 'Add an item to an occurrence’s agenda',
        params: dateParams,
        body: agendaItemInputSchema,
        response: { 201: agendaItemSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await addAgendaItem(
            ctx,
            request.params.slug,
            request.params.date,
            request.body,
            actorOf(request).name,
          ),
        ),
  );

  r.post(
    '/api/v1/meetings/:slug/agenda/:date/decisions',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['meetings'],
        summary:
          'Record the decision on an item; on a request, optionally perform the review action',
        params: dateParams,
        body: decisionInputSchema,
        response: { 200: agendaItemSchema, ...errorResponses },
      },
    },
    async (request) =>
      decideAgendaItem(
        ctx,
        request.params.slug,
        request.params.date,
        request.body,
        actorOf(request),
      ),
  );

  r.put(
    '/api/v1/meetings/:slug/agenda/:date/minutes',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['meetings'],
        summary: 'Record attendance and minutes of an occurrence',
        params: dateParams,
        body: minutesInputSchema,
        response: { 200: recordSchema, ...errorResponses },
      },
    },
    async (request) =>
      recordMinutes(
        ctx,
        request.params.slug,
        request.params.date,
        request.body,
        actorOf(request).name,
      ),
  );
}
