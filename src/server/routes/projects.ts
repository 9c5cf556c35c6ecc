import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getProject, searchProjectsJson } from '../../onboarding/index.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, pageOf, pagingQuerySchema, projectViewSchema } from '../schemas.ts';
import { JsonText } from '../serializer.ts';

type Page = z.infer<ReturnType<typeof pageOf<typeof projectViewSchema>>>;

/** The public directory of projects. */
export async function projectRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };
  r.get(
    '/api/v1/projects',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['projects'],
        summary: 'List projects (paged, searchable)',
        querystring: z.strictObject({
          q: z.string().max(200).optional().describe('Matches name, display name and description'),
          status: z.enum(['requested', 'active', 'offboarding', 'offboarded', 'closed']).optional(),
          ...pagingQuerySchema,
        }),
        response: { 200: pageOf(projectViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { q, status, limit, offset } = request.query;
      const page = await searchProjectsJson(ctx, {
        ...(q && { search: q }),
        ...(status && { status }),
        limit,
        offset,
      });
      // The items come as PostgreSQL wrote them; the page's own fields in the schema's order.
      return new JsonText(
        `{"items":${page.itemsJson},"total":${page.total},"limit":${limit},"offset":${offset}}`,
      ) as unknown as Page;
    },
  );
  r.get(
    '/api/v1/projects/:name',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['projects'],
        summary: 'One project',
        params: z.object({ name: z.string().max(63) }),
        response: { 200: projectViewSchema, ...errorResponses },
      },
    },
    async (request) => getProject(ctx, request.params.name),
  );
}
