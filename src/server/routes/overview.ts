import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMeetings, nextOccurrences } from '../../community/index.ts';
import { REQUEST_STATES } from '../../core/index.ts';
import { countRequestsByState, listRequests } from '../../store/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, requestViewSchema } from '../schemas.ts';
import { meetingSchema, occurrenceSchema } from './community-schemas.ts';

const RECENT = 8;

const overviewSchema = z
  .object({
    counts: z
      .record(z.string(), z.number().int())
      .describe('Requests in each state (every state, zero included)'),
    recent: z.array(requestViewSchema).describe(`The ${RECENT} newest requests`),
    meetings: z.object({ items: z.array(meetingSchema), next: z.array(occurrenceSchema) }),
  })
  .meta({ id: 'Overview' });

/**
 * The dashboard in one answer: the portal's overview asked nine questions before (a count per
 * state, the newest requests, the meetings), each a round trip on a first visit (bench/web).
 */
export async function overviewRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };
  r.get(
    '/api/v1/overview',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'The dashboard: requests counted by state, the newest requests, the next meetings',
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async () => {
      const [counted, recent, items, next] = await Promise.all([
        countRequestsByState({ tx: deps.db }),
        listRequests({ tx: deps.db }, { limit: RECENT, offset: 0, order: 'newest' }),
        getMeetings(ctx),
        nextOccurrences(ctx),
      ]);
      const counts = Object.fromEntries(REQUEST_STATES.map((s) => [s, counted[s] ?? 0]));
      return { counts, recent: recent.items, meetings: { items, next } };
    },
  );
}
