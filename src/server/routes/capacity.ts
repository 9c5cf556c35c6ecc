import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CAPACITY_RESOURCES } from '../../core/index.ts';
import { clusterCapacity } from '../../onboarding/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, idSchema } from '../schemas.ts';

const resourceUseSchema = z
  .object({
    capacity: z.string().describe('The cluster’s capacity, as a Kubernetes quantity'),
    committed: z.string().describe('Quotas of namespaces already approved or active on it'),
    adds: z.string().describe('What the request adds ("0" in the cluster view)'),
    total: z.string(),
    percent: z.number().nullable().describe('total / capacity × 100; null without capacity'),
    over: z.boolean(),
  })
  .meta({ id: 'ResourceUse' });

const resourcesSchema = z.object({
  cpu: resourceUseSchema,
  memory: resourceUseSchema,
  storage: resourceUseSchema,
});
const overSchema = z.array(z.enum(CAPACITY_RESOURCES));

const capacityReportSchema = z
  .object({
    clusters: z.array(
      z.object({
        cluster: z.string(),
        displayName: z.string(),
        committedNamespaces: z.number().int(),
        unknownQuotaNamespaces: z
          .number()
          .int()
          .describe('Counted namespaces whose quota is not a known tier (counted as zero)'),
        resources: resourcesSchema,
        over: overSchema,
      }),
    ),
    requests: z.array(
      z.object({
        requestId: z.number().int(),
        clusters: z.array(
          z.object({
            cluster: z.string(),
            displayName: z.string(),
            namespaces: z.array(z.string()),
            resources: resourcesSchema,
            over: overSchema,
          }),
        ),
        overCapacity: z.boolean(),
      }),
    ),
  })
  .meta({ id: 'CapacityReport' });

const requestIdSchema = idSchema;

/** How full each cluster is, and whether a request would take one over: for reviewers. */
export async function capacityRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/clusters/capacity',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['reference'],
        summary:
          'Each cluster’s capacity against the quotas of its approved and active namespaces, and what requests would add',
        querystring: z.strictObject({
          request: z
            .union([requestIdSchema, z.array(requestIdSchema).max(100)])
            .optional()
            .describe('Request ids to weigh against the clusters (repeat, up to 100)'),
        }),
        response: { 200: capacityReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const ids = request.query.request;
      return clusterCapacity(ctx, ids === undefined ? [] : Array.isArray(ids) ? ids : [ids]);
    },
  );
}
