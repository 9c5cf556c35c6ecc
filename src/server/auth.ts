import { createHash, timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { OpfError } from '../core/index.ts';
import {
  type IdentityContext,
  type Principal,
  principalFromApiToken,
  principalFromSession,
  type Role,
  sameSecret,
  scopeNeeded,
  scopesCover,
} from '../identity/index.ts';

export type { Principal, Role };

/**
 * Who may call a route, declared beside the route (`config: { policy }`). This file is the
 * one place that decides; routes never check roles themselves.
 *  - public: anyone, signed in or not (operating in the open: reads are public)
 *  - user: any signed-in caller (submit a request, manage their own tokens)
 *  - member: a member (or the owner) of the team of the request in the route's `:id`, or of
 *    the project in a `/api/v1/projects/:name` route (edit, withdraw, resubmit, comment);
 *    ops and admin too
 *  - owner: the owner of that team (add and remove members); ops and admin too
 *  - ops: reviewers (review actions)
 *  - admin: reference data and system transitions
 *  - alertmanager: only Alertmanager, by its own shared token (OPF_ALERTMANAGER_TOKEN); no
 *    session or API token reaches it, and its token reaches nothing else
 */
export type Policy = 'public' | 'user' | 'member' | 'owner' | 'ops' | 'admin' | 'alertmanager';
export const POLICIES: readonly Policy[] = [
  'public',
  'user',
  'member',
  'owner',
  'ops',
  'admin',
  'alertmanager',
];

/** The browser session's cookie (HttpOnly; its value is a secret stored only hashed). */
export const SESSION_COOKIE = 'opf_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
    /**
     * For a form on opf's own pages (no script, so no header): a session proves the post
     * came from opf with its CSRF token in the form's `csrf` field (checked once the body
     * is parsed). The route also accepts application/x-www-form-urlencoded bodies.
     */
    csrfInForm?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

const RANK: Record<Role, number> = { user: 1, ops: 2, admin: 3 };
const NEEDED_ROLE: Record<Exclude<Policy, 'public' | 'alertmanager'>, Role> = {
  user: 'user',
  member: 'user',
  owner: 'user',
  ops: 'ops',
  admin: 'admin',
};
const SAFE_METHODS = ['GET', 'HEAD', 'OPTIONS'];

export interface Team {
  owner: string;
  members: string[];
}

export interface AuthOptions {
  /** The bootstrap admin token from config: always an admin, never scoped. */
  adminToken: string;
  /** Sessions and API tokens; without it the bootstrap token is the only credential. */
  identity?: IdentityContext;
  /** The team of a request, for the member and owner policies (undefined: no such request). */
  teamOfRequest?: (id: number) => Promise<Team | undefined>;
  /** The team of a project, for the same policies on project routes (undefined: none). */
  teamOfProject?: (name: string) => Promise<Team | undefined>;
  /** The token Alertmanager's webhook sends; undefined: the alertmanager policy refuses all. */
  alertmanagerToken?: string;
}

/** Project routes name their project by `:name`; the team policies resolve it from there. */
const PROJECT_ROUTE = '/api/v1/projects/:name';

/** How a team policy finds its team: by the request `:id`, else by the project `:name`. */
function teamParamOf(url: string): 'id' | 'name' | undefined {
  if (url.includes(':id')) return 'id';
  if (url === PROJECT_ROUTE || url.startsWith(`${PROJECT_ROUTE}/`)) return 'name';
  return undefined;
}

export function registerAuthorization(app: FastifyInstance, options: AuthOptions): void {
  const expected = Buffer.from(options.adminToken);
  app.decorateRequest('principal', undefined);

  // A route without a declared policy is a bug: refuse to start rather than guess.
  app.addHook('onRoute', (route) => {
    const policy = route.config?.policy;
    if (!policy) throw new Error(`route ${route.method} ${route.url} declares no policy`);
    if (!POLICIES.includes(policy))
      throw new Error(`route ${route.method} ${route.url} declares an unknown policy "${policy}"`);
    if ((policy === 'member' || policy === 'owner') && !teamParamOf(route.url))
      throw new Error(
        `route ${route.method} ${route.url}: policy ${policy} needs an :id request or a ${PROJECT_ROUTE} project`,
      );
    // The team is looked up only with parameters the route's schema accepted.
    if ((policy === 'member' || policy === 'owner') && !route.schema?.params)
      throw new Error(
        `route ${route.method} ${route.url}: policy ${policy} needs a params schema (the team is looked up with validated parameters only)`,
      );
  });

  // Who calls and whether their role and scopes reach the policy: no input is read yet,
  // only the credentials (looked up by their hash).
  app.addHook('onRequest', async (request) => {
    if (policyOf(request) === 'alertmanager') {
      request.principal = undefined;
      return authorizeAlertmanager(request, options.alertmanagerToken);
    }
    request.principal = await authenticate(request, expected, options);
    // No route matched: answer 404 (the route list is public in /openapi.json anyway).
    authorizeRequest(request, policyOf(request));
  });
  // A form carries its CSRF token in the body: checked once the body is parsed, before
  // the body is validated or used.
  app.addHook('preValidation', async (request) => {
    if (request.routeOptions.config?.csrfInForm !== true) return;
    const principal = request.principal;
    if (principal?.via !== 'session' || SAFE_METHODS.includes(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    const field = (request.body as { csrf?: unknown } | null | undefined)?.csrf;
    if (!csrfMatches(header, principal) && !csrfMatches(field, principal))
      refuseCsrf(request, policyOf(request));
  });
  // The member and owner policies look the team up in the database: only with path
  // parameters that pass the route's own schema (a NUL byte, a 10 MB name or `0x10` never
  // reach SQL), yet before the body is validated, so a stranger learns nothing from it.
  app.addHook('preValidation', async (request) => {
    const policy = policyOf(request);
    const principal = request.principal;
    if (!principal || (policy !== 'member' && policy !== 'owner')) return;
    if (RANK[principal.role] >= RANK.ops) return;
    const params = validParams(request);
    // Bad parameters: the route's validation answers 400 next, with the details.
    if (params) await authorizeTeam(params, request, principal, policy, options);
  });
}

/** The path parameters as the route's schema reads them, or undefined when they fail it. */
function validParams(request: FastifyRequest): Record<string, unknown> | undefined {
  const schema = request.routeOptions.schema?.params as z.ZodType | undefined;
  if (!schema) return undefined;
  const parsed = schema.safeParse(request.params);
  return parsed.success ? (parsed.data as Record<string, unknown>) : undefined;
}

function policyOf(request: FastifyRequest): Policy {
  return request.is404 ? 'public' : (request.routeOptions.config?.policy ?? 'admin');
}

/**
 * Alertmanager's shared token, compared in constant time: both sides are hashed first, so
 * neither the content nor the length of the configured token shows in the timing.
 */
function authorizeAlertmanager(request: FastifyRequest, configured: string | undefined): void {
  const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  const digest = (text: string) => createHash('sha256').update(text).digest();
  const given = digest(match?.[1] ?? '');
  const expected = digest(configured ?? '');
  const same = timingSafeEqual(given, expected);
  if (!configured)
    throw new OpfError(
      'OPF_ERR_ALERTMANAGER_TOKEN',
      'the Alertmanager webhook is off: set OPF_ALERTMANAGER_TOKEN on the server',
    );
  if (!match || !same)
    throw new OpfError(
      'OPF_ERR_ALERTMANAGER_TOKEN',
      'send "Authorization: Bearer <OPF_ALERTMANAGER_TOKEN>" (Alertmanager: http_config.authorization)',
    );
}

function csrfMatches(given: unknown, principal: Principal): boolean {
  const expected = principal.csrfToken;
  return typeof given === 'string' && !!expected && sameSecret(given, expected);
}

function refuseCsrf(request: FastifyRequest, policy: Policy): void {
  // A public write without the token still happens, but never in the user's name.
  if (policy === 'public') {
    request.principal = undefined;
    return;
  }
  throw new OpfError(
    'OPF_ERR_AUTH_CSRF',
    `a write with a session cookie needs the ${CSRF_HEADER} header (its value is in GET /api/v1/me)`,
  );
}

async function authenticate(
  request: FastifyRequest,
  expected: Buffer,
  options: AuthOptions,
): Promise<Principal | undefined> {
  const header = request.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match)
      throw new OpfError(
        'OPF_ERR_UNAUTHENTICATED',
        'the Authorization header must be "Bearer <token>"',
      );
    const given = Buffer.from(match[1]!);
    if (given.length === expected.length && timingSafeEqual(given, expected))
      return { name: 'admin', role: 'admin', via: 'bootstrap' };
    if (!options.identity) throw new OpfError('OPF_ERR_UNAUTHENTICATED', 'the token is not valid');
    return principalFromApiToken(options.identity, match[1]!);
  }
  const session = sessionCookieOf(request);
  if (session && options.identity) return principalFromSession(options.identity, session);
  return undefined;
}

export function sessionCookieOf(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header ? fastifyCookie.parse(header)[SESSION_COOKIE] || undefined : undefined;
}

function authorizeRequest(request: FastifyRequest, policy: Policy): void {
  // A cookie rides along with any request the browser makes, even one another site
  // triggers; only our own pages know the session's CSRF token. Bearer tokens are exempt.
  // A form route may carry the token in its body instead: checked at preValidation.
  const principal = request.principal;
  const inForm = request.routeOptions.config?.csrfInForm === true;
  if (principal?.via === 'session' && !SAFE_METHODS.includes(request.method) && !inForm) {
    if (!csrfMatches(request.headers[CSRF_HEADER], principal)) refuseCsrf(request, policy);
  }
  authorize(request.principal, policy, request.method);
}

/** Role and token scope against a policy: 401 without credentials, 403 below it. */
export function authorize(principal: Principal | undefined, policy: Policy, method = 'POST'): void {
  if (policy === 'public') return;
  // Checked by its own token at onRequest; no other credential may reach it.
  if (policy === 'alertmanager')
    throw new OpfError('OPF_ERR_ALERTMANAGER_TOKEN', 'only Alertmanager may call this');
  if (!principal)
    throw new OpfError(
      'OPF_ERR_UNAUTHENTICATED',
      'this action needs credentials: sign in at /auth/login, or send "Authorization: Bearer <token>"',
    );
  const needed = scopeNeeded(policy, method);
  if (principal.scopes && needed && !scopesCover(principal.scopes, needed))
    throw new OpfError(
      'OPF_ERR_TOKEN_SCOPE',
      `this action needs a token with the ${needed} scope; this one has ${principal.scopes.join(', ')}`,
    );
  const role = NEEDED_ROLE[policy];
  if (RANK[principal.role] < RANK[role])
    throw new OpfError(
      'OPF_ERR_FORBIDDEN',
      `this action needs the ${role} role; you are ${principal.role}`,
    );
}

async function authorizeTeam(
  params: Record<string, unknown>,
  request: FastifyRequest,
  principal: Principal,
  policy: 'member' | 'owner',
  options: AuthOptions,
): Promise<void> {
  const team = await teamOfRoute(params, request, options);
  if (!team) return;
  const me = principal.name.toLowerCase();
  const isOwner = team.owner.toLowerCase() === me;
  if (policy === 'owner' && !isOwner)
    throw new OpfError(
      'OPF_ERR_AUTH_NOT_OWNER',
      `only the team's owner (${team.owner}) or ops may do this`,
    );
  if (!isOwner && !team.members.some((member) => member.toLowerCase() === me))
    throw new OpfError(
      'OPF_ERR_AUTH_NOT_MEMBER',
      `only members of this team or ops may do this; ${principal.name} is not one`,
    );
}

/**
 * The team the route's request or project names, from the parameters the route's schema
 * already validated. Undefined when there is none: the handler answers 404.
 */
async function teamOfRoute(
  params: { id?: unknown; name?: unknown },
  request: FastifyRequest,
  options: AuthOptions,
): Promise<Team | undefined> {
  if (teamParamOf(request.routeOptions.url ?? '') === 'id') {
    if (typeof params.id !== 'number' || !options.teamOfRequest) return undefined;
    return options.teamOfRequest(params.id);
  }
  if (typeof params.name !== 'string' || !options.teamOfProject) return undefined;
  return options.teamOfProject(params.name);
}

/** Whether the caller may see restricted (security) audit events. */
export function seesRestricted(principal: Principal | undefined): boolean {
  return principal?.role === 'admin' && (!principal.scopes || principal.scopes.includes('admin'));
}

export function actorOf(request: FastifyRequest) {
  if (!request.principal)
    throw new OpfError('OPF_ERR_UNAUTHENTICATED', 'this action needs credentials');
  return { name: request.principal.name, source: request.ip, role: request.principal.role };
}
