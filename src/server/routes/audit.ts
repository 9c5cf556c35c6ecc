import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { pageAudit } from '../../identity/index.ts';
import { seesRestricted } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { auditEventSchema, decimalInt, errorResponses } from '../schemas.ts';

/** The audit log, paged: decisions are public; security events only for admins. */
export async function auditRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/api/v1/audit',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['audit'],
        summary: 'Page through the audit log, oldest first (restricted events for admins only)',
        querystring: z.strictObject({
          after: decimalInt(0, Number.MAX_SAFE_INTEGER)
            .optional()
            .describe('The `next` of the previous page'),
          limit: decimalInt(1, 200).default(50),
          subjectType: z.string().max(40).optional().describe('request, token, user…'),
          subjectId: z.string().max(200).optional(),
        }),
        response: {
          200: z.object({ items: z.array(auditEventSchema), next: z.number().int().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request) => {
      const { after, limit, subjectType, subjectId } = request.query;
      return pageAudit(deps.db, {
        includeRestricted: seesRestricted(request.principal),
        limit,
        ...(after !== undefined && { after }),
        ...(subjectType && { subjectType }),
        ...(subjectId && { subjectId }),
      });
    },
  );
}
