import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getMeetings, nextOccurrences } from '../../community/index.ts';
import { REQUEST_STATES } from '../../core/index.ts';
import { getIncidents } from '../../incidents/index.ts';
import { countRequestsByState, listRequests } from '../../store/index.ts';
import { DEFAULT_TELEMETRY_SETTINGS, projectsUsageSummary } from '../../telemetry/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, requestViewSchema } from '../schemas.ts';
import { meetingSchema, occurrenceSchema } from './community-schemas.ts';
import { incidentSchema } from './incident-schemas.ts';
import { incidentsContextOf } from './incidents.ts';
import { seesWithheld } from './telemetry.ts';
import { namespaceUsageSchema } from './telemetry-schemas.ts';

const RECENT = 8;
/** As many as the overview's panels show; the full lists are on /status and /api/v1/usage. */
const OPEN_INCIDENTS = 5;
const USAGE_ROWS = 20;

const overviewSchema = z
  .object({
    counts: z
      .record(z.string(), z.number().int())
      .describe('Requests in each state (every state, zero included)'),
    recent: z.array(requestViewSchema).describe(`The ${RECENT} newest requests`),
    meetings: z.object({ items: z.array(meetingSchema), next: z.array(occurrenceSchema) }),
    incidents: z
      .array(incidentSchema)
      .describe(
        `The ${OPEN_INCIDENTS} newest open incidents (as GET /api/v1/incidents?status=open)`,
      ),
    usage: z
      .array(namespaceUsageSchema)
      .describe(
        `Usage against quota of up to ${USAGE_ROWS} project namespaces (as GET /api/v1/usage/projects)`,
      ),
  })
  .meta({ id: 'Overview' });

/**
 * The dashboard in one answer: the portal's overview asked nine questions before (a count per
 * state, the newest requests, the meetings), then four (its incidents, at-risk projects and
 * usage panels asked their own), each a round trip on a first visit (bench/web). Each part is
 * what its own route answers, so the two never disagree. Projects at risk stay the page's
 * second call (GET /api/v1/engagement?…&limit=10): worked out project by project then, folded
 * in here they held the whole dashboard back (bench/web, 2,000 projects: no render within 15 s
 * under load); read for all projects at once now (0.2 s for 4,548), they are still the
 * dearest part, and only that panel waits for them.
 */
export async function overviewRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };
  const incidents = incidentsContextOf(deps);
  const telemetry = deps.telemetry ?? DEFAULT_TELEMETRY_SETTINGS;
  r.get(
    '/api/v1/overview',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary:
          'The dashboard: requests by state, the newest requests, the next meetings, open incidents, usage',
        response: { 200: overviewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const [counted, recent, items, next, open, usage] = await Promise.all([
        countRequestsByState({ tx: deps.db }),
        listRequests({ tx: deps.db }, { limit: RECENT, offset: 0, order: 'newest' }),
        getMeetings(ctx),
        nextOccurrences(ctx),
        getIncidents(incidents, { status: 'open', limit: OPEN_INCIDENTS }),
        // Ops see withheld namespaces here as on /api/v1/usage/projects; the public cache
        // answers anonymous readers only, so it never serves them an ops view.
        projectsUsageSummary(deps.db, USAGE_ROWS, {
          margin: telemetry.margin,
          includeWithheld: seesWithheld(request),
        }),
      ]);
      const counts = Object.fromEntries(REQUEST_STATES.map((s) => [s, counted[s] ?? 0]));
      return {
        counts,
        recent: recent.items,
        meetings: { items, next },
        incidents: open,
        usage,
      };
    },
  );
}
