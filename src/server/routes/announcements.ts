import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  announcementInputSchema,
  announcementsAtom,
  createAnnouncement,
  decisionsAtom,
  getAnnouncement,
  getAnnouncements,
} from '../../community/index.ts';
import { isRfc1123Label } from '../../core/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { decimalInt, errorResponses, idParams } from '../schemas.ts';
import { announcementSchema } from './community-schemas.ts';

const ATOM = 'application/atom+xml; charset=utf-8';

/** A project's name as the directory has it (an RFC 1123 label), checked before any query. */
const projectNameSchema = z
  .string()
  .max(63)
  .refine(isRfc1123Label, 'a project name: lowercase letters, digits and -');

export async function announcementRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.get(
    '/api/v1/announcements',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['announcements'],
        summary: 'Announcements, newest first, with the delivery state per channel',
        querystring: z.strictObject({
          limit: decimalInt(1, 200).default(50),
          mentions: projectNameSchema
            .optional()
            .describe('Only announcements whose title or text names this project'),
        }),
        response: { 200: z.object({ items: z.array(announcementSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await getAnnouncements(ctx, request.query.limit, request.query.mentions),
    }),
  );

  r.get(
    '/api/v1/announcements/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['announcements'],
        summary: 'One announcement and where it was delivered',
        params: idParams,
        response: { 200: announcementSchema, ...errorResponses },
      },
    },
    async (request) => getAnnouncement(ctx, request.params.id),
  );

  r.post(
    '/api/v1/announcements',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['announcements'],
        summary:
          'Announce (maintenance, upgrade, incident, new project): mailed and posted through the outbox',
        body: announcementInputSchema,
        response: { 201: announcementSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await createAnnouncement(ctx, actorOf(request).name, request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/announcements/${created!.id}`)
        .send(created!);
    },
  );

  r.get(
    '/api/v1/feeds/announcements.atom',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['feeds'],
        summary: 'Atom feed of announcements',
        response: { 200: z.string().describe(ATOM), ...errorResponses },
      },
    },
    async (_request, reply) => reply.type(ATOM).send(await announcementsAtom(ctx)),
  );

  r.get(
    '/api/v1/feeds/decisions.atom',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['feeds'],
        summary: 'Atom feed of review decisions on onboarding requests',
        response: { 200: z.string().describe(ATOM), ...errorResponses },
      },
    },
    async (_request, reply) => reply.type(ATOM).send(await decisionsAtom(ctx)),
  );
}
