import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  DEMO_USERS,
  demoSignIn,
  type IdentityContext,
  isLoopbackAddress,
} from '../../identity/index.ts';
import { SESSION_COOKIE } from '../auth.ts';
import { authRateLimit } from '../rate-limit-store.ts';
import { errorResponses } from '../schemas.ts';

const signInOptionsSchema = z
  .object({
    providers: z.array(z.object({ id: z.string(), name: z.string() })),
    demoUsers: z
      .array(
        z.object({
          id: z.string(),
          login: z.string(),
          displayName: z.string(),
          role: z.enum(['user', 'ops']),
          description: z.string(),
        }),
      )
      .describe('Offered only on the embedded default, to a browser on the same machine'),
  })
  .meta({ id: 'SignInOptions' });

/**
 * What the portal's sign-in page offers (the configured providers, and on the embedded
 * default the demo users), and the demo users' one-click sign-in.
 */
export async function signInRoutes(
  app: FastifyInstance,
  options: { identity: IdentityContext; rateLimit: number },
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity } = options;
  const rateLimit = authRateLimit(options.rateLimit);

  r.get(
    '/api/v1/auth/options',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'How one may sign in here: the providers, and demo users on the embedded default',
        response: { 200: signInOptionsSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      // Differs per client (loopback or not): never a shared cached answer.
      reply.header('cache-control', 'no-store');
      const demo = identity.demoSignIn && isLoopbackAddress(request.ip);
      return {
        providers: identity.providers.map((p) => ({ id: p.id, name: p.name })),
        demoUsers: demo
          ? DEMO_USERS.map(({ id, login, displayName, role, description }) => ({
              id,
              login,
              displayName,
              role,
              description,
            }))
          : [],
      };
    },
  );

  // JSON only: a cross-site form cannot send it without a preflight, so no other page can
  // sign a visitor in as a demo user (login CSRF).
  r.post(
    '/api/v1/auth/demo',
    {
      config: { policy: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in as a demo user (embedded default only); starts a session cookie',
        body: z.strictObject({ user: z.string().min(1).max(40).describe('developer, or ops') }),
        response: {
          200: z.object({ login: z.string(), displayName: z.string().nullable() }),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const done = await demoSignIn(identity, request.body.user, request.ip);
      reply.setCookie(SESSION_COOKIE, done.sessionToken, {
        path: '/',
        httpOnly: true,
        secure: identity.config.cookieSecure,
        sameSite: 'lax',
        expires: done.expiresAt,
      });
      return { login: done.user.login, displayName: done.user.displayName };
    },
  );
}
