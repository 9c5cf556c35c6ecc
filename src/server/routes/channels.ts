import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  channelInputSchema,
  getChannels,
  removeChannel,
  saveChannel,
} from '../../community/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';
import { channelSchema } from './community-schemas.ts';

const slugParams = z.object({ slug: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/) });

/** The channels directory: mailing lists, chat rooms and the project board, as data. */
export async function channelRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.get(
    '/api/v1/channels',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['channels'],
        summary: 'Where the community talks: mailing lists, chat rooms, the project board',
        response: { 200: z.object({ items: z.array(channelSchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await getChannels(ctx) }),
  );

  r.put(
    '/api/v1/channels/:slug',
    {
      config: { policy: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Create or change a channel',
        params: slugParams,
        body: channelInputSchema,
        response: { 200: channelSchema, ...errorResponses },
      },
    },
    async (request) => saveChannel(ctx, request.params.slug, request.body),
  );

  r.delete(
    '/api/v1/channels/:slug',
    {
      config: { policy: 'admin' },
      schema: {
        tags: ['channels'],
        summary: 'Remove a channel from the directory',
        params: slugParams,
        response: { 204: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      await removeChannel(ctx, request.params.slug);
      return reply.status(204).send(null);
    },
  );
}
