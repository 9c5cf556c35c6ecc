import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  cancelOffboarding,
  decideOffboarding,
  offboardingProposals,
  proposeOffboarding,
} from '../../engagement/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, idParams, requestViewSchema } from '../schemas.ts';
import { engagementContextOf } from './engagement.ts';
import { offboardingProposalSchema } from './engagement-schemas.ts';

const optionalBody = <T extends z.ZodRawShape>(shape: T) =>
  z
    .strictObject(shape)
    .nullish()
    .transform((body) => body ?? ({} as z.infer<z.ZodObject<T>>));

/** Offboarding delivered: propose, withdraw, decide (the removal then runs as a job). */
export async function offboardingRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = engagementContextOf(deps);

  r.get(
    '/api/v1/requests/:id/offboarding',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'The offboarding proposals made on a request, newest first',
        params: idParams,
        response: {
          200: z.object({ items: z.array(offboardingProposalSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) => ({ items: await offboardingProposals(ctx, request.params.id) }),
  );

  r.post(
    '/api/v1/requests/:id/offboarding',
    {
      config: { policy: 'member' },
      schema: {
        tags: ['requests'],
        summary:
          'Propose offboarding an active project (ops: with a notice period; its team: asking to leave)',
        params: idParams,
        body: z.strictObject({ reason: z.string().max(10_000).describe('Why, in plain words') }),
        response: { 201: offboardingProposalSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await proposeOffboarding(ctx, actorOf(request), request.params.id, request.body.reason),
        ),
  );

  r.post(
    '/api/v1/requests/:id/offboarding/cancel',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['requests'],
        summary: 'Withdraw the open offboarding proposal (the project answered)',
        params: idParams,
        body: optionalBody({ reason: z.string().max(10_000).optional() }),
        response: { 200: offboardingProposalSchema, ...errorResponses },
      },
    },
    async (request) =>
      cancelOffboarding(ctx, actorOf(request), request.params.id, request.body.reason),
  );

  r.post(
    '/api/v1/requests/:id/start-offboarding',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['requests'],
        summary:
          'Decide the open offboarding proposal once its notice period is over: the removal is written into the GitOps repository',
        params: idParams,
        body: optionalBody({
          reason: z.string().max(10_000).optional().describe('Why; default: the proposal’s'),
          version: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('The version you acted on; a newer request answers 409'),
        }),
        response: { 200: requestViewSchema, ...errorResponses },
      },
    },
    async (request) =>
      decideOffboarding(ctx, actorOf(request), request.params.id, {
        ...(request.body.reason !== undefined && { reason: request.body.reason }),
        ...(request.body.version !== undefined && { expectedVersion: request.body.version }),
      }),
  );
}
