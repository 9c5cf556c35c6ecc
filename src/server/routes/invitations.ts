import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { askForInvitation, getInvitations, invitationInputSchema } from '../../community/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';

const slugParams = z.object({ slug: z.string().min(1).max(63) });

const invitationSchema = z
  .object({
    id: z.number().int(),
    meeting: z.string(),
    email: z.string(),
    name: z.string(),
    askedBy: z.string(),
    createdAt: z.string(),
    sentSequence: z.number().int().nullable(),
    sentAt: z.string().nullable(),
    delivery: z
      .object({
        state: z.enum(['queued', 'sent', 'failed']),
        error: z.string().nullable().describe('The last attempt’s error, if it failed'),
        attempts: z.number().int(),
      })
      .describe('How the newest mail to the invitee really went'),
  })
  .meta({ id: 'Invitation' });

/**
 * Anyone may ask, and each ask mails an address the caller chose: a client (by address)
 * gets a few an hour, enough for a team, too few to turn opf into a mail cannon.
 */
export const INVITATION_RATE_LIMIT = {
  max: 20,
  timeWindow: '1 hour',
  groupId: '@invitations',
} as const;

export async function invitationRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.post(
    '/api/v1/meetings/:slug/invitations',
    {
      config: { policy: 'public', rateLimit: INVITATION_RATE_LIMIT },
      schema: {
        tags: ['meetings'],
        summary:
          'Ask for an invitation: the series is e-mailed as iCalendar (METHOD:REQUEST), updates follow',
        params: slugParams,
        body: invitationInputSchema,
        response: {
          202: z.object({ meeting: z.string(), status: z.enum(['queued', 'already-invited']) }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      // Who asked: the signed-in user, or the address the request came from.
      const askedBy = request.principal?.name ?? `anonymous@${request.ip}`;
      const { created } = await askForInvitation(ctx, request.params.slug, request.body, askedBy, {
        ...(deps.mailConfigured !== undefined && { mailConfigured: deps.mailConfigured }),
      });
      return reply
        .status(202)
        .send({ meeting: request.params.slug, status: created ? 'queued' : 'already-invited' });
    },
  );

  r.get(
    '/api/v1/meetings/:slug/invitations',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['meetings'],
        summary: 'Who asked for an invitation, and which version of the series they were sent',
        params: slugParams,
        response: { 200: z.object({ items: z.array(invitationSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await getInvitations(ctx, request.params.slug) }),
  );
}
