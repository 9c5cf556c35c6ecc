import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OpfError } from '../../core/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, idParams } from '../schemas.ts';

const planPreviewSchema = z
  .object({
    requestId: z.number().int(),
    requestVersion: z.number().int(),
    head: z.string(),
    files: z.array(z.object({ path: z.string(), action: z.enum(['create', 'update', 'delete']) })),
    diff: z.string(),
    findings: z.array(z.object({ code: z.string(), path: z.string(), message: z.string() })),
    problem: z.object({ code: z.string(), message: z.string() }).nullable(),
  })
  .meta({ id: 'PlanPreview' });

/** The dry run of an approval: exactly what it would write into the GitOps repository. */
export async function planRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/api/v1/requests/:id/plan',
    {
      // The repository can move without opf writing anything: always plan afresh.
      config: { policy: 'public', publicCache: false },
      schema: {
        tags: ['requests'],
        summary:
          'What approving the request would write into the GitOps repository (a unified diff)',
        params: idParams,
        response: { 200: planPreviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      if (!deps.planPreview)
        throw new OpfError(
          'OPF_ERR_GITOPS_NOT_CONFIGURED',
          'this opf has no GitOps repository to plan against',
        );
      return deps.planPreview(request.params.id);
    },
  );
}
