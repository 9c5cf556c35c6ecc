import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DEFAULT_CLOUD_NAME } from '../../core/index.ts';
import { getSiteContent, putSiteContent } from '../../store/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';

const text = (max: number) => z.string().min(1).max(max);

const siteContentSchema = z
  .strictObject({
    title: text(200),
    intro: text(4000),
    parts: z.array(z.strictObject({ title: text(200), text: text(2000) })).max(20),
    steps: z.array(z.strictObject({ title: text(200), text: text(2000) })).max(20),
    meetings: z
      .array(z.strictObject({ name: text(200), schedule: text(200), text: text(2000) }))
      .max(20),
    channels: z
      .array(
        z.strictObject({
          name: text(200),
          kind: text(50),
          url: z.url().max(2000).nullable(),
          text: text(2000),
        }),
      )
      .max(50),
  })
  .meta({ id: 'SiteContent' });

const siteSchema = z
  .object({
    content: siteContentSchema,
    updatedAt: z.string(),
    updatedBy: z.string(),
    cloudName: z
      .string()
      .describe('The cloud’s name, as the portal’s masthead shows it (OPF_CLOUD_NAME)'),
  })
  .meta({ id: 'Site' });

/** The front page's content: data an admin edits, not text in components. */
export async function siteRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const cloudName = deps.cloudName ?? DEFAULT_CLOUD_NAME;
  r.get(
    '/api/v1/site',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['site'],
        summary: 'The front page’s content (what the cloud is, how to join, meetings, channels)',
        response: { 200: siteSchema },
      },
    },
    async () => ({ ...(await getSiteContent({ tx: deps.db })), cloudName }),
  );
  r.put(
    '/api/v1/site',
    {
      config: { policy: 'admin' },
      schema: {
        tags: ['site'],
        summary: 'Replace the front page’s content',
        body: siteContentSchema,
        response: { 200: siteSchema, ...errorResponses },
      },
    },
    async (request) => ({
      ...(await putSiteContent({ tx: deps.db }, request.body, actorOf(request).name)),
      cloudName,
    }),
  );
}
