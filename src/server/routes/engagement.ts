import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ENGAGEMENT_STATUSES } from '../../core/index.ts';
import {
  DEFAULT_ENGAGEMENT_SETTINGS,
  type EngagementContext,
  engagementList,
  engagementOf,
} from '../../engagement/index.ts';
import { incidentResponseSource } from '../../incidents/index.ts';
import type { ServerDeps } from '../deps.ts';
import { decimalInt, errorResponses } from '../schemas.ts';
import { engagementRecordSchema } from './engagement-schemas.ts';

/** The engagement context the routes share, from the server's dependencies. */
export function engagementContextOf(deps: ServerDeps): EngagementContext {
  return {
    db: deps.db,
    publicUrl: deps.publicUrl,
    settings: deps.engagement?.settings ?? DEFAULT_ENGAGEMENT_SETTINGS,
    // The incidents linked to each project and its team's acknowledgements (docs/engagement.md).
    incidents: deps.engagement?.incidents ?? incidentResponseSource(deps.db),
    ...(deps.engagement?.now && { now: deps.engagement.now }),
  };
}

/** The most records one answer holds when a limit is asked for. */
const MAX_ENGAGEMENT_LIMIT = 1000;

/** Commitment, measured: every active project's engagement record (public). */
export async function engagementRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = engagementContextOf(deps);
  const status = z.enum(ENGAGEMENT_STATUSES);

  r.get(
    '/api/v1/engagement',
    {
      // Public, and moved by the clock only by hours and days: kept ten minutes, not one.
      config: { policy: 'public', publicCache: 'coarse-clock' },
      schema: {
        tags: ['engagement'],
        summary: 'Every active project’s engagement record, worst first',
        querystring: z.strictObject({
          status: z
            .union([status, z.array(status)])
            .optional()
            .describe('Only these statuses (repeat the parameter)'),
          limit: decimalInt(1, MAX_ENGAGEMENT_LIMIT)
            .optional()
            .describe('The first this many records, worst first (total still counts them all)'),
        }),
        response: {
          200: z.object({
            items: z.array(engagementRecordSchema),
            total: z.number().int().describe('Records with these statuses, before the limit'),
          }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const wanted = request.query.status;
      const statuses = wanted === undefined ? undefined : Array.isArray(wanted) ? wanted : [wanted];
      const { limit } = request.query;
      return engagementList(ctx, {
        ...(statuses && { status: statuses }),
        ...(limit !== undefined && { limit }),
      });
    },
  );

  r.get(
    '/api/v1/projects/:name/engagement',
    {
      config: { policy: 'public', publicCache: 'coarse-clock' },
      schema: {
        tags: ['engagement'],
        summary: 'A project’s engagement record: status, the reasons, and the signals behind it',
        params: z.object({ name: z.string().min(1).max(63) }),
        response: { 200: engagementRecordSchema, ...errorResponses },
      },
    },
    async (request) => engagementOf(ctx, request.params.name),
  );
}
