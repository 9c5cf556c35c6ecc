import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  type ApiTokenView,
  createApiToken,
  type IdentityContext,
  listApiTokensFor,
  MAX_TOKEN_DAYS,
  revokeApiTokenFor,
  SCOPES,
  type Scope,
} from '../../identity/index.ts';
import { authRateLimit } from '../rate-limit-store.ts';
import { errorResponses, idParams } from '../schemas.ts';

export const apiTokenSchema = z
  .object({
    id: z.number().int(),
    name: z.string(),
    owner: z.string().describe('The login the token acts as'),
    prefix: z.string().describe('The first characters of the secret, to recognise it'),
    scopes: z.array(z.enum(SCOPES)),
    createdAt: z.string(),
    expiresAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'ApiToken' });

const meSchema = z
  .object({
    login: z.string(),
    role: z.enum(['user', 'ops', 'admin']),
    via: z.enum(['bootstrap', 'session', 'token']),
    scopes: z.array(z.enum(SCOPES)).nullable().describe('For an API token: what it may do'),
    csrfToken: z
      .string()
      .nullable()
      .describe('For a browser session: send it as x-csrf-token with every write'),
  })
  .meta({ id: 'Me' });

/** An API token as the API answers it (the CLI reads this type, the portal the generated one). */
export type ApiTokenAnswer = z.output<typeof apiTokenSchema>;
/** GET /api/v1/me's answer. */
export type MeAnswer = z.output<typeof meSchema>;

export interface TokenRouteOptions {
  identity: IdentityContext;
  rateLimit: number;
}

/** Who am I, and API tokens for the CLI and automation. */
export async function tokenRoutes(app: FastifyInstance, options: TokenRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity } = options;
  const rateLimit = authRateLimit(options.rateLimit);
  const view = ({ userId: _userId, ...token }: ApiTokenView) => ({
    ...token,
    scopes: token.scopes as Scope[],
  });

  r.get(
    '/api/v1/me',
    {
      config: { policy: 'user' },
      schema: {
        tags: ['identity'],
        summary: 'Who the credentials belong to, their role, and the session’s CSRF token',
        response: { 200: meSchema, ...errorResponses },
      },
    },
    async (request) => {
      const me = request.principal!;
      return {
        login: me.name,
        role: me.role,
        via: me.via,
        scopes: me.scopes ?? null,
        csrfToken: me.csrfToken ?? null,
      };
    },
  );

  r.get(
    '/api/v1/tokens',
    {
      config: { policy: 'user', rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Your API tokens (secrets are never shown again)',
        querystring: z.strictObject({
          all: z.enum(['true', 'false']).default('false').describe('Everyone’s (admin only)'),
        }),
        response: { 200: z.object({ items: z.array(apiTokenSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const items = await listApiTokensFor(
        identity,
        request.principal!,
        request.query.all === 'true',
      );
      return { items: items.map((item) => view(item)) };
    },
  );

  r.post(
    '/api/v1/tokens',
    {
      config: { policy: 'user', rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Create an API token; the answer holds its secret, shown this once',
        body: z.strictObject({
          name: z.string().trim().min(1).max(100).describe('What the token is for'),
          scopes: z.array(z.enum(SCOPES)).min(1).max(4),
          expiresInDays: z
            .number()
            .int()
            .min(1)
            .max(MAX_TOKEN_DAYS)
            .optional()
            .describe('Default 90'),
        }),
        response: {
          201: apiTokenSchema.extend({ token: z.string().describe('The secret; store it now') }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const { token, record } = await createApiToken(
        identity,
        request.principal!,
        {
          name: request.body.name,
          scopes: request.body.scopes,
          ...(request.body.expiresInDays !== undefined && {
            expiresInDays: request.body.expiresInDays,
          }),
        },
        request.ip,
      );
      return reply.status(201).send({ ...view(record), token });
    },
  );

  r.delete(
    '/api/v1/tokens/:id',
    {
      config: { policy: 'user', rateLimit },
      schema: {
        tags: ['identity'],
        summary: 'Revoke an API token; it stops working at once',
        params: idParams,
        response: { 200: apiTokenSchema, ...errorResponses },
      },
    },
    async (request) =>
      view(await revokeApiTokenFor(identity, request.principal!, request.params.id, request.ip)),
  );
}
