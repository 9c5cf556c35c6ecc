import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  acknowledgeNotice,
  closeNotice,
  getNotice,
  getNotices,
  noticeInputSchema,
  postNotice,
  publishTermsVersion,
  termsInputSchema,
} from '../../engagement/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses, idParams, idSchema, pageOf, pagingQuerySchema } from '../schemas.ts';
import { engagementContextOf } from './engagement.ts';
import { noticeRecipientSchema, noticeSchema, noticeSummarySchema } from './engagement-schemas.ts';
import { termsSchema } from './reference.ts';

/** Notices that need an answer, and publishing new terms (which sends one). */
export async function noticeRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = engagementContextOf(deps);

  r.get(
    '/api/v1/notices',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['notices'],
        summary: 'Notices, newest first, with how many projects answered (public)',
        querystring: z.strictObject({
          status: z.enum(['open', 'closed', 'all']).default('all'),
          project: z.string().max(63).optional().describe('Only notices sent to this project'),
          ...pagingQuerySchema,
        }),
        response: { 200: pageOf(noticeSummarySchema), ...errorResponses },
      },
    },
    async (request) => {
      const { status, project, limit, offset } = request.query;
      const page = await getNotices(ctx, {
        ...(status !== 'all' && { open: status === 'open' }),
        ...(project !== undefined && { project }),
        limit,
        offset,
      });
      return { ...page, limit, offset };
    },
  );

  r.post(
    '/api/v1/notices',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['notices'],
        summary: 'Post a notice every active project (or those on given clusters) must acknowledge',
        body: noticeInputSchema,
        response: { 201: noticeSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const notice = await postNotice(ctx, actorOf(request), request.body);
      return reply.status(201).header('location', `/api/v1/notices/${notice.id}`).send(notice);
    },
  );

  r.get(
    '/api/v1/notices/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['notices'],
        summary:
          'A notice with every project it was sent to: who answered, who has not and since when',
        params: idParams,
        response: { 200: noticeSchema, ...errorResponses },
      },
    },
    async (request) => getNotice(ctx, request.params.id),
  );

  r.post(
    '/api/v1/notices/:id/close',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['notices'],
        summary: 'Close a notice: no more answers, no more reminders',
        params: idParams,
        response: { 200: noticeSchema, ...errorResponses },
      },
    },
    async (request) => closeNotice(ctx, actorOf(request), request.params.id),
  );

  r.post(
    '/api/v1/projects/:name/notices/:notice/acknowledge',
    {
      config: { policy: 'member' },
      schema: {
        tags: ['notices'],
        summary: 'Acknowledge a notice for a project (a terms notice: accept the new terms)',
        params: z.object({ name: z.string().min(1).max(63), notice: idSchema }),
        body: z
          .strictObject({
            acceptTerms: z
              .boolean()
              .optional()
              .describe('A notice of new terms: true accepts every item of them'),
          })
          .nullish()
          .transform((body) => body ?? {}),
        response: { 200: noticeRecipientSchema, ...errorResponses },
      },
    },
    async (request) =>
      acknowledgeNotice(ctx, actorOf(request), request.params.notice, request.params.name, {
        ...(request.body.acceptTerms !== undefined && { acceptTerms: request.body.acceptTerms }),
      }),
  );

  r.post(
    '/api/v1/terms',
    {
      config: { policy: 'admin' },
      schema: {
        tags: ['reference'],
        summary:
          'Publish a new terms version: it becomes current, and every active project is asked to re-accept it by a notice',
        body: termsInputSchema,
        response: {
          201: z.object({ terms: termsSchema, notice: noticeSchema }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await publishTermsVersion(ctx, actorOf(request), request.body)),
  );
}
