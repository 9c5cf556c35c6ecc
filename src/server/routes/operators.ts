import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { labelSchema, OpfError } from '../../core/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';

const operatorInstallSchema = z
  .object({
    summary: z.string(),
    mode: z.string(),
    alreadyDone: z.boolean(),
    commit: z.string().nullable(),
    branch: z.string().nullable(),
    pullRequestUrl: z.string().nullable(),
  })
  .meta({ id: 'OperatorInstall' });

/** Installing an operator into a project's namespace: an ops action (opfcli's install-operator). */
export async function operatorRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  app.withTypeProvider<ZodTypeProvider>().post(
    '/api/v1/projects/:name/operators',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['projects'],
        summary:
          'Install an operator (OperatorGroup and Subscription) into one of the project’s namespaces (ops)',
        params: z.object({ name: z.string().max(63) }),
        body: z.strictObject({
          operator: labelSchema.describe('The operator package name'),
          catalog: labelSchema.describe('The catalog source in openshift-marketplace'),
          namespace: labelSchema.describe('One of the project’s namespaces'),
          channel: z
            .string()
            .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/)
            .optional()
            .describe('The subscription channel'),
          manual: z.boolean().default(false).describe('installPlanApproval: Manual'),
          singleNamespace: z
            .boolean()
            .default(true)
            .describe('The OperatorGroup targets only this namespace'),
        }),
        response: { 200: operatorInstallSchema, ...errorResponses },
      },
    },
    async (request) => {
      if (!deps.installOperator)
        throw new OpfError(
          'OPF_ERR_GITOPS_NOT_CONFIGURED',
          'this opf has no GitOps repository to write to',
        );
      const { channel, ...rest } = request.body;
      return deps.installOperator(actorOf(request), request.params.name, {
        ...rest,
        ...(channel !== undefined && { channel }),
      });
    },
  );
}
