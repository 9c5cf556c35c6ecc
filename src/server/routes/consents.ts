import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { TEAM_CONSENT_STATES, userNameSchema } from '../../core/index.ts';
import { decideOnTeamConsent, searchTeamConsents } from '../../onboarding/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import {
  errorResponses,
  idParams,
  pageOf,
  pagingQuerySchema,
  requestViewSchema,
  teamConsentSchema,
} from '../schemas.ts';

const consentStateQuery = z.enum(TEAM_CONSENT_STATES);

/**
 * A request that names someone else's existing team waits for that team owner's consent:
 * anyone reads who was asked and what they answered; the owner (or ops) answers.
 */
export async function consentRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.get(
    '/api/v1/consents',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'Consents asked of team owners, newest first (public)',
        querystring: z.strictObject({
          owner: userNameSchema.optional().describe('Only those asked of this owner (any case)'),
          state: z
            .union([consentStateQuery, z.array(consentStateQuery)])
            .optional()
            .describe('One or more states (repeat the parameter)'),
          ...pagingQuerySchema,
        }),
        response: { 200: pageOf(teamConsentSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { owner, state, limit, offset } = request.query;
      const states = state === undefined ? undefined : Array.isArray(state) ? state : [state];
      const page = await searchTeamConsents(ctx, {
        ...(owner && { owner }),
        ...(states && { states }),
        limit,
        offset,
      });
      return { ...page, limit, offset };
    },
  );

  r.post(
    '/api/v1/requests/:id/consent',
    {
      config: { policy: 'owner' },
      schema: {
        tags: ['requests'],
        summary:
          'The team’s owner (or ops) consents to, or refuses, a request that names their team (a refusal needs a reason and ends the request)',
        params: idParams,
        body: z.strictObject({
          decision: z.enum(['give', 'refuse']).describe('give: consent; refuse: end the request'),
          reason: z
            .string()
            .max(10_000)
            .optional()
            .describe('Why; required to refuse (the one who asked reads it)'),
          version: z
            .number()
            .int()
            .min(1)
            .optional()
            .describe('The request version you acted on; a newer request answers 409'),
        }),
        response: {
          200: z.object({ consent: teamConsentSchema, request: requestViewSchema }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      decideOnTeamConsent(ctx, actorOf(request), request.params.id, request.body.decision, {
        ...(request.body.reason !== undefined && { reason: request.body.reason }),
        ...(request.body.version !== undefined && { expectedVersion: request.body.version }),
      }),
  );
}
