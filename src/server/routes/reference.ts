import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { clusterSchema, OpfError } from '../../core/index.ts';
import { findCurrentTerms, listClusters, listQuotaTiers } from '../../store/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';

const tierSchema = z
  .object({
    name: z.string(),
    description: z.string(),
    quota: z.record(z.string(), z.union([z.string(), z.number()])),
  })
  .meta({ id: 'QuotaTier' });

export const termsSchema = z
  .object({
    version: z.string(),
    publishedAt: z.string(),
    items: z.array(z.object({ id: z.string(), title: z.string(), text: z.string() })),
  })
  .meta({ id: 'Terms' });

/** What a project chooses from: clusters, quota tiers, and the terms it must accept. */
export async function referenceRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tx = deps.db;
  r.get(
    '/api/v1/clusters',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'Clusters a project can ask for',
        response: { 200: z.object({ items: z.array(clusterSchema) }) },
      },
    },
    async () => ({ items: await listClusters({ tx }) }),
  );
  r.get(
    '/api/v1/quota-tiers',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'Quota tiers and what each gives',
        response: { 200: z.object({ items: z.array(tierSchema) }) },
      },
    },
    async () => ({ items: await listQuotaTiers({ tx }) }),
  );
  r.get(
    '/api/v1/terms/current',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['reference'],
        summary: 'The terms every project accepts, current version',
        response: { 200: termsSchema, ...errorResponses },
      },
    },
    async () => {
      const terms = await findCurrentTerms({ tx });
      if (!terms) throw new OpfError('OPF_ERR_NOT_FOUND', 'no terms are published yet');
      return terms;
    },
  );
}
