import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isOpfError } from '../../core/index.ts';
import {
  finishLogin,
  type IdentityContext,
  logout,
  recordFailedLogin,
  safeReturnTo,
  startLogin,
} from '../../identity/index.ts';
import { SESSION_COOKIE, sessionCookieOf } from '../auth.ts';
import { authRateLimit } from '../rate-limit-store.ts';
import { errorResponses } from '../schemas.ts';

/** Holds the login's state between /auth/login and the provider's callback. */
const STATE_COOKIE = 'opf_login_state';

/** Whether the client reads HTML (a browser following the provider's redirect). */
function acceptsHtml(accept: string | undefined): boolean {
  return accept?.includes('text/html') ?? false;
}

export interface AuthRouteOptions {
  identity: IdentityContext;
  /** Requests per minute per client address. */
  rateLimit: number;
}

/** Sign in with a configured provider (OIDC or GitHub), and sign out. */
export async function authRoutes(app: FastifyInstance, options: AuthRouteOptions): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { identity } = options;
  const rateLimit = authRateLimit(options.rateLimit);
  const secure = identity.config.cookieSecure;
  const clearState = (reply: FastifyReply) =>
    reply.clearCookie(STATE_COOKIE, { path: '/auth', httpOnly: true, secure, sameSite: 'lax' });

  r.get(
    '/auth/login',
    {
      config: { policy: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Sign in: redirects to the provider, or to the portal’s sign-in page to choose',
        querystring: z.strictObject({
          provider: z.string().max(40).optional().describe('github, or oidc'),
          return_to: z.string().max(2000).optional().describe('A path on opf to come back to'),
        }),
        response: { 302: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { provider, return_to: returnTo } = request.query;
      const chosen =
        provider ?? (identity.providers.length === 1 ? identity.providers[0]!.id : undefined);
      // Choosing (or, with no provider, the demo users or the word that none is configured)
      // happens on the portal's own sign-in page, with its look and a way back.
      if (!chosen) {
        const back = safeReturnTo(returnTo);
        return reply.redirect(
          back ? `/sign-in?return_to=${encodeURIComponent(back)}` : '/sign-in',
          302,
        );
      }
      const { url, state } = await startLogin(identity, chosen, returnTo);
      // SameSite=Lax: the provider's redirect back is a top-level navigation, so it is sent.
      reply.setCookie(STATE_COOKIE, state, {
        path: '/auth',
        httpOnly: true,
        secure,
        sameSite: 'lax',
        maxAge: 600,
      });
      return reply.redirect(url.href, 302);
    },
  );

  r.get(
    '/auth/callback',
    {
      config: { policy: 'public', rateLimit },
      schema: {
        tags: ['auth'],
        summary: 'Where the provider sends the browser back; starts the session',
        querystring: z.looseObject({
          code: z.string().max(4000).optional(),
          state: z.string().max(400).optional(),
          error: z.string().max(400).optional(),
        }),
        response: { 302: z.null(), ...errorResponses },
      },
    },
    async (request, reply) => {
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      const callbackUrl = new URL(`${identity.publicUrl}/auth/callback${query}`);
      clearState(reply);
      try {
        const done = await finishLogin(identity, {
          callbackUrl,
          cookieState: request.cookies[STATE_COOKIE],
          source: request.ip,
        });
        reply.setCookie(SESSION_COOKIE, done.sessionToken, {
          path: '/',
          httpOnly: true,
          secure,
          sameSite: 'lax',
          expires: done.expiresAt,
        });
        return reply.redirect(done.returnTo, 302);
      } catch (error) {
        if (!isOpfError(error)) throw error;
        await recordFailedLogin(identity, error, request.ip);
        // A browser lands on the portal's sign-in page, which says what went wrong in words
        // and offers a way back; an API client keeps the JSON error with its code.
        if (!acceptsHtml(request.headers.accept)) throw error;
        return reply.redirect(`/sign-in?failed=${encodeURIComponent(error.code)}`, 302);
      }
    },
  );

  // A POST with the session's CSRF token (a form field or the header): a GET that ends a
  // session lets any page sign its visitors out with an <img>.
  r.post(
    '/auth/logout',
    {
      config: { policy: 'user', csrfInForm: true, bodyFormats: ['form'], rateLimit },
      schema: {
        tags: ['auth'],
        summary:
          'Sign out: ends the session and clears its cookie (a form posting the session’s CSRF token as `csrf`, or the x-csrf-token header)',
        body: z
          .strictObject({ csrf: z.string().max(200).optional() })
          .nullish()
          .describe('application/x-www-form-urlencoded from opf’s pages, or JSON'),
        response: { 303: z.null().describe('To the portal’s /signed-out page'), ...errorResponses },
      },
    },
    async (request, reply) => {
      // Only a session signs out; a bearer token has nothing to end here.
      if (request.principal?.via === 'session')
        await logout(identity, sessionCookieOf(request), request.ip);
      reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, secure, sameSite: 'lax' });
      // Post/redirect/get: the portal's own page says so, with its look and a way back, and a
      // reload does not post again.
      return reply.redirect('/signed-out', 303);
    },
  );
  await cliTokenPages(app, options);
}

/**
 * A token for the CLI from the browser: the journey's "opf login" for someone who has only
 * signed in. /auth/token (the address the CLI prints) leads to the portal's tokens page, which
 * creates one through /api/v1/tokens (with the session's CSRF token) and shows it once, with
 * the CLI's instructions; signed out, that page offers to sign in and comes back. No page of
 * this flow is drawn by the server (issue 15: each has the portal's look and a way back).
 * Hidden from the API document: the JSON API is /api/v1/tokens.
 */
export async function cliTokenPages(
  app: FastifyInstance,
  options: AuthRouteOptions,
): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const rateLimit = authRateLimit(options.rateLimit);
  r.get(
    '/auth/token',
    { config: { policy: 'public', rateLimit }, schema: { hide: true } },
    async (_request, reply) => reply.redirect('/account/tokens', 302),
  );
}
