import { z } from 'zod';
import {
  ERROR_REGISTRY,
  REQUEST_ACTIONS,
  REQUEST_STATES,
  requestSpecSchema,
  TEAM_CONSENT_NOTICES,
  TEAM_CONSENT_STATES,
} from '../core/index.ts';

/** Response shapes, declared once so the OpenAPI document describes what is really sent. */
export const errorResponseSchema = z
  .object({
    code: z.enum(Object.keys(ERROR_REGISTRY) as [keyof typeof ERROR_REGISTRY]),
    message: z.string(),
    details: z
      .array(
        z.object({
          path: z.string().optional(),
          line: z.number().int().optional(),
          message: z.string(),
          code: z.string().optional(),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Error' });

export const requestStateSchema = z.enum(REQUEST_STATES);

export const requestViewSchema = z
  .object({
    id: z.number().int(),
    projectName: z.string(),
    state: requestStateSchema,
    version: z.number().int(),
    spec: requestSpecSchema,
    createdBy: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    decidedAt: z.string().nullable(),
  })
  .meta({ id: 'Request' });

export const auditEventSchema = z
  .object({
    id: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    subjectType: z.string(),
    subjectId: z.string(),
    reason: z.string().nullable(),
    before: z.unknown(),
    after: z.unknown(),
    source: z.string().nullable(),
    visibility: z.enum(['public', 'restricted']),
  })
  .meta({ id: 'AuditEvent' });

export const commentSchema = z
  .object({
    id: z.number().int(),
    requestId: z.number().int(),
    author: z.string(),
    body: z.string(),
    createdAt: z.string(),
  })
  .meta({ id: 'Comment' });

export const historyPageSchema = z
  .object({
    items: z.array(auditEventSchema).describe('Oldest first'),
    total: z.number().int(),
    nextBefore: z
      .number()
      .int()
      .nullable()
      .describe('Pass as `before` for the older events; null when there are none'),
  })
  .meta({ id: 'HistoryPage' });

export const termsAcceptanceSchema = z
  .object({
    requestId: z.number().int(),
    actor: z.string(),
    version: z.string(),
    accepted: z.array(z.string()),
    acceptedAt: z.string(),
  })
  .meta({ id: 'TermsAcceptance' });

export const teamConsentSchema = z
  .object({
    id: z.number().int(),
    requestId: z.number().int(),
    projectName: z.string(),
    team: z.string(),
    owner: z.string().describe('The team’s owner, who is asked'),
    askedBy: z.string().describe('Who set the team on the request'),
    members: z.array(z.string()).describe('The team as the request would make it'),
    joining: z.array(z.string()).describe('Of those, the people not in the team today'),
    state: z.enum(TEAM_CONSENT_STATES),
    askedAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    reason: z.string().nullable(),
    notice: z
      .enum(TEAM_CONSENT_NOTICES)
      .describe('How the owner was told: by mail, or why not (they also see it on the request)'),
    noticeMessage: z.string().nullable(),
  })
  .meta({ id: 'TeamConsent' });

export const requestDetailSchema = z
  .object({
    request: requestViewSchema,
    history: z
      .array(auditEventSchema)
      .describe('The newest events, oldest first; GET …/history pages back through the rest'),
    historyTotal: z.number().int().describe('How many public events the request has in all'),
    comments: z.array(commentSchema),
    termsAcceptances: z
      .array(termsAcceptanceSchema)
      .describe('The newest acceptances, oldest first; GET …/terms-acceptances lists all'),
    termsAcceptancesTotal: z.number().int(),
    deliveries: z.array(
      z.object({
        id: z.number().int(),
        requestId: z.number().int(),
        mode: z.string(),
        outcome: z.string(),
        commitSha: z.string().nullable(),
        branch: z.string().nullable(),
        pullRequestUrl: z.string().nullable(),
        message: z.string().nullable(),
        at: z.string(),
      }),
    ),
    allowedActions: z.array(z.enum(REQUEST_ACTIONS)),
    teamConsent: teamConsentSchema
      .nullable()
      .describe('The consent asked of an existing team’s owner; pending: the request is held'),
  })
  .meta({ id: 'RequestDetail' });

export const projectViewSchema = z
  .object({
    name: z.string(),
    displayName: z.string(),
    description: z.string(),
    repositoryUrl: z.string().nullable(),
    docsUrl: z.string().nullable(),
    status: z.enum(['requested', 'active', 'offboarding', 'offboarded', 'closed']),
    imported: z.boolean(),
    team: z
      .object({ name: z.string(), owner: z.string(), members: z.array(z.string()) })
      .nullable(),
    namespaces: z.array(
      z.object({ name: z.string(), cluster: z.string().nullable(), tier: z.string().nullable() }),
    ),
    latestRequestId: z.number().int().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Project' });

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int(),
    limit: z.number().int(),
    offset: z.number().int(),
  });
}

/**
 * A whole number written in decimal digits only, from a path or query string. Not
 * z.coerce.number(): Number() also reads `0x10`, `3e0`, `+3`, ` 7` and `1.0`, so
 * DELETE /api/v1/tokens/0x10 would revoke token 16.
 */
export function decimalInt(min: number, max: number) {
  return z
    .string()
    .regex(/^(0|[1-9][0-9]{0,15})$/, 'expected a whole number in decimal digits')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));
}

/** The id of a stored row (request, token, announcement…) in a path or query. */
export const idSchema = decimalInt(1, Number.MAX_SAFE_INTEGER);
export const idParams = z.object({ id: idSchema });

export const pagingQuerySchema = {
  limit: decimalInt(1, 200).default(50),
  offset: decimalInt(0, 1_000_000).default(0),
};

/** The usual error answers of a route, for the OpenAPI document. */
export const errorResponses = {
  400: errorResponseSchema,
  401: errorResponseSchema,
  403: errorResponseSchema,
  404: errorResponseSchema,
  409: errorResponseSchema,
  413: errorResponseSchema,
  415: errorResponseSchema,
};
