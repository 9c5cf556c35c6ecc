import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { getProjectMembers, requestMemberChange } from '../../onboarding/index.ts';
import { actorOf } from '../auth.ts';

/** Ops and admins act for every project sharing a team; an owner only for their own. */
const isOps = (request: FastifyRequest) =>
  request.principal?.role === 'ops' || request.principal?.role === 'admin';

import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';

export const memberChangeSchema = z
  .object({
    id: z.number().int(),
    project: z.string(),
    team: z.string(),
    action: z.enum(['add', 'remove']),
    login: z.string(),
    state: z.enum(['pending', 'delivered', 'failed']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    finishedAt: z.string().nullable(),
    mode: z.string().nullable(),
    commitSha: z.string().nullable(),
    branch: z.string().nullable(),
    pullRequestUrl: z.string().nullable(),
    message: z.string().nullable(),
  })
  .meta({ id: 'MemberChange' });

export const projectMembersSchema = z
  .object({
    project: z.string(),
    team: z.string(),
    owner: z.string(),
    members: z.array(z.string()),
    changes: z.array(memberChangeSchema),
  })
  .meta({ id: 'ProjectMembers' });

const nameParams = z.object({ name: z.string().max(63) });
// The login's rules (and its OPF_ERR_USER_INVALID) are the domain's, as for request members.
const loginSchema = z.string().max(200).describe('A login (GitHub or the cluster’s user name)');

/**
 * An onboarded project's team: anyone reads it; its owner (or ops) adds and removes members.
 * A change answers 202: the group file in the GitOps repository is written by a job.
 */
export async function memberRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = { db: deps.db, publicUrl: deps.publicUrl };
  r.get(
    '/api/v1/projects/:name/members',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['projects'],
        summary: 'The project team’s owner, members and recent member changes',
        params: nameParams,
        response: { 200: projectMembersSchema, ...errorResponses },
      },
    },
    async (request) => getProjectMembers(ctx, request.params.name),
  );
  r.post(
    '/api/v1/projects/:name/members',
    {
      config: { policy: 'owner' },
      schema: {
        tags: ['projects'],
        summary: 'Add a member to an onboarded project’s team (a group change, delivered by a job)',
        params: nameParams,
        body: z.strictObject({ login: loginSchema }),
        response: { 202: memberChangeSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await requestMemberChange(
            ctx,
            actorOf(request),
            request.params.name,
            'add',
            request.body.login,
            { asOps: isOps(request) },
          ),
        ),
  );
  r.delete(
    '/api/v1/projects/:name/members/:login',
    {
      config: { policy: 'owner' },
      schema: {
        tags: ['projects'],
        summary: 'Remove a member from an onboarded project’s team (delivered by a job)',
        params: nameParams.extend({ login: loginSchema }),
        response: { 202: memberChangeSchema, ...errorResponses },
      },
    },
    async (request, reply) =>
      reply
        .status(202)
        .send(
          await requestMemberChange(
            ctx,
            actorOf(request),
            request.params.name,
            'remove',
            request.params.login,
            { asOps: isOps(request) },
          ),
        ),
  );
}
