import { timingSafeEqual } from 'node:crypto';
import { fastifyCookie } from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
 */
export type Policy = 'public' | 'user' | 'member' | 'owner' | 'ops' | 'admin';
export const POLICIES: readonly Policy[] = ['public', 'user', 'member', 'owner', 'ops', 'admin'];

/** The browser session's cookie (HttpOnly; its value is a secret stored only hashed). */
export const SESSION_COOKIE = 'opf_session';
export const CSRF_HEADER = 'x-csrf-token';

declare module 'fastify' {
  interface FastifyContextConfig {
    policy?: Policy;
    /**
     * For a link on opf's own pages (no script, so no header): a session proves the click
     * came from opf with its CSRF token in the `csrf` query parameter.
     */
    csrfInQuery?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

const RANK: Record<Role, number> = { user: 1, ops: 2, admin: 3 };
const NEEDED_ROLE: Record<Exclude<Policy, 'public'>, Role> = {
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
  });

  app.addHook('onRequest', async (request) => {
    request.principal = await authenticate(request, expected, options);
    // No route matched: answer 404 (the route list is public in /openapi.json anyway).
    const policy = request.is404 ? 'public' : (request.routeOptions.config?.policy ?? 'admin');
    await authorizeRequest(request, policy, options);
  });
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

async function authorizeRequest(
  request: FastifyRequest,
  policy: Policy,
  options: AuthOptions,
): Promise<void> {
  // A cookie rides along with any request the browser makes, even one another site
  // triggers; only our own pages know the session's CSRF token. Bearer tokens are exempt.
  const principal = request.principal;
  const inQuery = request.routeOptions.config?.csrfInQuery === true;
  if (principal?.via === 'session' && (inQuery || !SAFE_METHODS.includes(request.method))) {
    const given = inQuery
      ? (request.query as { csrf?: unknown } | undefined)?.csrf
      : request.headers[CSRF_HEADER];
    if (typeof given !== 'string' || !sameSecret(given, principal.csrfToken ?? '')) {
      // A public write without the token still happens, but never in the user's name.
      if (policy === 'public') request.principal = undefined;
      else
        throw new OpfError(
          'OPF_ERR_AUTH_CSRF',
          `a write with a session cookie needs the ${CSRF_HEADER} header (its value is in GET /api/v1/me)`,
        );
    }
  }
  authorize(principal, policy, request.method);
  if (!principal || policy === 'public') return;
  if ((policy === 'member' || policy === 'owner') && RANK[principal.role] < RANK.ops)
    await authorizeTeam(request, principal, policy, options);
}

/** Role and token scope against a policy: 401 without credentials, 403 below it. */
export function authorize(principal: Principal | undefined, policy: Policy, method = 'POST'): void {
  if (policy === 'public') return;
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
  request: FastifyRequest,
  principal: Principal,
  policy: 'member' | 'owner',
  options: AuthOptions,
): Promise<void> {
  const team = await teamOfRoute(request, options);
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
 * The team the route's request or project names. Undefined when there is none (not an id,
 * no such request or project): the route's schema answers 400, or its handler 404.
 */
async function teamOfRoute(
  request: FastifyRequest,
  options: AuthOptions,
): Promise<Team | undefined> {
  const params = request.params as { id?: string; name?: string };
  if (teamParamOf(request.routeOptions.url ?? '') === 'id') {
    const id = Number(params.id);
    if (!Number.isSafeInteger(id) || id < 1 || !options.teamOfRequest) return undefined;
    return options.teamOfRequest(id);
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
  return { name: request.principal.name, source: request.ip };
}
