import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  decodeRequestInput,
  type RequestAction,
  requestSpecSchema,
  unlocated,
} from '../../core/index.ts';
import {
  addComment,
  applyRequestAction,
  getComments,
  getRequestDetailJson,
  getRequestHistory,
  getTermsAcceptances,
  HISTORY_PAGE,
  HISTORY_PAGE_MAX,
  searchRequests,
  submitRequest,
  updateRequestSpec,
} from '../../onboarding/index.ts';
import { actorOf, type Policy } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import {
  commentSchema,
  decimalInt,
  errorResponses,
  historyPageSchema,
  idParams,
  idSchema,
  pageOf,
  pagingQuerySchema,
  requestDetailSchema,
  requestStateSchema,
  requestViewSchema,
  termsAcceptanceSchema,
} from '../schemas.ts';
import { JsonText, serializerOf } from '../serializer.ts';

const writeRequestView = serializerOf(requestViewSchema);

const actionBodySchema = z
  .strictObject({
    reason: z
      .string()
      .max(10_000)
      .optional()
      .describe('Why; required to request changes, reject or offboard'),
    version: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('The version you acted on; a newer request answers 409'),
  })
  // Fastify validates a missing body as null, which .default({}) alone would refuse.
  .nullish()
  .transform((body) => body ?? {});

/** Each lifecycle action reachable over HTTP, with who may take it. */
const ACTION_ROUTES: {
  action: Exclude<RequestAction, 'update' | 'start-offboarding'>;
  policy: Policy;
  summary: string;
}[] = [
  {
    action: 'submit',
    policy: 'member',
    summary: 'Submit a draft, or resubmit after changes were requested',
  },
  { action: 'withdraw', policy: 'member', summary: 'Withdraw the request' },
  { action: 'start-review', policy: 'ops', summary: 'Start reviewing the request' },
  {
    action: 'request-changes',
    policy: 'ops',
    summary: 'Ask the project for changes (reason required)',
  },
  { action: 'approve', policy: 'ops', summary: 'Approve the request' },
  { action: 'reject', policy: 'ops', summary: 'Reject the request (reason required)' },
  {
    action: 'provision',
    policy: 'admin',
    summary: 'Mark the approved change as being written to the GitOps repository',
  },
  {
    action: 'activate',
    policy: 'admin',
    summary: 'Mark the change as applied: the project is active',
  },
  // start-offboarding is the decision on an offboarding proposal: routes/offboarding.ts.
  { action: 'finish-offboarding', policy: 'admin', summary: 'Mark the project as offboarded' },
];

/**
 * A JSON body that carries no terms acceptance at all: once the rest is checked, answer
 * OPF_ERR_TERMS_NOT_ACCEPTED (as YAML bodies and the CLI do) rather than "expected object".
 */
async function termsPresent(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (body && typeof body === 'object' && !Array.isArray(body) && !('terms' in body))
    decodeRequestInput(unlocated(body), 'body');
}

export async function requestRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };

  r.get(
    '/api/v1/requests',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'List onboarding requests (public)',
        querystring: z.strictObject({
          state: z
            .union([requestStateSchema, z.array(requestStateSchema)])
            .optional()
            .describe('One or more states (repeat the parameter)'),
          project: z.string().max(63).optional().describe('Exactly this project name'),
          cluster: z
            .string()
            .min(1)
            .max(127)
            .optional()
            .describe('Requests with a namespace on this cluster (env/name, any case)'),
          q: z
            .string()
            .max(200)
            .optional()
            .describe('Part of the project name, its display name or the team name (any case)'),
          order: z
            .enum(['newest', 'oldest', 'name'])
            .default('newest')
            .describe('newest or oldest first (as they came in), or by project name'),
          ...pagingQuerySchema,
        }),
        response: { 200: pageOf(requestViewSchema), ...errorResponses },
      },
    },
    async (request) => {
      const { state, project, cluster, q, order, limit, offset } = request.query;
      const states = state === undefined ? undefined : Array.isArray(state) ? state : [state];
      const search = q?.trim();
      const page = await searchRequests(ctx, {
        ...(states && { states }),
        ...(project && { projectName: project }),
        ...(cluster && { cluster }),
        ...(search && { search }),
        order,
        limit,
        offset,
      });
      return { ...page, limit, offset };
    },
  );

  r.post(
    '/api/v1/requests',
    {
      config: { policy: 'user', bodyFormats: ['yaml'] },
      preValidation: termsPresent,
      schema: {
        tags: ['requests'],
        summary: 'Ask for a project to be onboarded (JSON, or YAML in opf or opfcli format)',
        querystring: z.strictObject({
          draft: z.enum(['true', 'false']).default('false').describe('Save as a draft'),
        }),
        body: requestSpecSchema,
        response: { 201: requestViewSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const created = await submitRequest(ctx, actorOf(request), request.body, {
        draft: request.query.draft === 'true',
      });
      return reply.status(201).header('location', `/api/v1/requests/${created.id}`).send(created);
    },
  );

  r.get(
    '/api/v1/requests/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'A request with its history, comments and terms acceptances',
        params: idParams,
        response: { 200: requestDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const detail = await getRequestDetailJson(ctx, request.params.id);
      // The lists come as PostgreSQL wrote them; the request (its spec in its schema's key
      // order) by the compiled serializer; the keys in requestDetailSchema's order.
      return new JsonText(
        `{"request":${writeRequestView(detail.request)},"history":${detail.historyJson},"historyTotal":${detail.historyTotal},"comments":${detail.commentsJson},"termsAcceptances":${detail.termsAcceptancesJson},"termsAcceptancesTotal":${detail.termsAcceptancesTotal},"deliveries":${detail.deliveriesJson},"allowedActions":${JSON.stringify(detail.allowedActions)},"teamConsent":${detail.teamConsentJson ?? 'null'}}`,
      ) as unknown as z.output<typeof requestDetailSchema>;
    },
  );

  r.get(
    '/api/v1/requests/:id/history',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'A page of a request’s history, going back from an event',
        params: idParams,
        querystring: z.strictObject({
          before: idSchema
            .optional()
            .describe('Only events older than this event id (the previous page’s nextBefore)'),
          limit: decimalInt(1, HISTORY_PAGE_MAX).default(HISTORY_PAGE),
        }),
        response: { 200: historyPageSchema, ...errorResponses },
      },
    },
    async (request) =>
      getRequestHistory(ctx, request.params.id, {
        limit: request.query.limit,
        ...(request.query.before !== undefined && { before: request.query.before }),
      }),
  );

  r.get(
    '/api/v1/requests/:id/terms-acceptances',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'Every acceptance of the terms made for a request, oldest first',
        params: idParams,
        response: { 200: z.object({ items: z.array(termsAcceptanceSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await getTermsAcceptances(ctx, request.params.id) }),
  );

  r.put(
    '/api/v1/requests/:id',
    {
      config: { policy: 'member', bodyFormats: ['yaml'] },
      preValidation: termsPresent,
      schema: {
        tags: ['requests'],
        summary: 'Edit what the request asks for (draft, submitted, or changes requested)',
        params: idParams,
        headers: z.object({
          'if-match': z
            .string()
            .regex(/^"?\d+"?$/)
            .optional()
            .describe('The version you edited'),
        }),
        body: requestSpecSchema,
        response: { 200: requestViewSchema, ...errorResponses },
      },
    },
    async (request) => {
      const ifMatch = request.headers['if-match'];
      const version = ifMatch === undefined ? undefined : Number(ifMatch.replaceAll('"', ''));
      return updateRequestSpec(ctx, actorOf(request), request.params.id, request.body, version);
    },
  );

  for (const { action, policy, summary } of ACTION_ROUTES) {
    r.post(
      `/api/v1/requests/:id/${action}`,
      {
        config: { policy },
        schema: {
          tags: ['requests'],
          summary,
          params: idParams,
          body: actionBodySchema,
          response: { 200: requestViewSchema, ...errorResponses },
        },
      },
      async (request) =>
        applyRequestAction(ctx, actorOf(request), request.params.id, action, {
          ...(request.body.reason !== undefined && { reason: request.body.reason }),
          ...(request.body.version !== undefined && { expectedVersion: request.body.version }),
        }),
    );
  }

  r.get(
    '/api/v1/requests/:id/comments',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['requests'],
        summary: 'The request’s comment thread',
        params: idParams,
        response: { 200: z.object({ items: z.array(commentSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await getComments(ctx, request.params.id) }),
  );

  r.post(
    '/api/v1/requests/:id/comments',
    {
      config: { policy: 'member' },
      schema: {
        tags: ['requests'],
        summary: 'Comment on a request',
        params: idParams,
        body: z.strictObject({ body: z.string().min(1).max(20_000) }),
        response: { 201: commentSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await addComment(ctx, actorOf(request), request.params.id, request.body.body)),
  );
}
