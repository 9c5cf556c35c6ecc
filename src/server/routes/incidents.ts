import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { labelSchema } from '../../core/index.ts';
import {
  acknowledgeIncident,
  acknowledgeIncidentSchema,
  alertmanagerPayloadSchema,
  attachPostmortem,
  declareIncident,
  declareIncidentSchema,
  getIncident,
  getIncidents,
  getStatus,
  incidentsAtom,
  incidentUpdateSchema,
  postIncidentUpdate,
  postmortemSchema,
  receiveAlertmanagerWebhook,
  resolveIncident,
  resolveIncidentSchema,
} from '../../incidents/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { decimalInt, errorResponses, idParams, idSchema } from '../schemas.ts';
import {
  incidentDetailSchema,
  incidentSchema,
  statusSchema,
  webhookOutcomeSchema,
} from './incident-schemas.ts';

const ATOM = 'application/atom+xml; charset=utf-8';

/** The incidents context the routes share (and the overview), from the server's dependencies. */
export function incidentsContextOf(deps: ServerDeps) {
  return {
    db: deps.db,
    publicUrl: deps.publicUrl,
    mirror: deps.incidents?.mirror ?? false,
    ...(deps.incidents?.now && { now: deps.incidents.now }),
  };
}

/** Incidents: Alertmanager's webhook, ops' declared incidents, the public status page. */
export async function incidentRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const ctx = incidentsContextOf(deps);
  const actor = (request: Parameters<typeof actorOf>[0]) => {
    const { name, source } = actorOf(request);
    return { name, source };
  };

  r.post(
    '/api/v1/alertmanager/webhook',
    {
      config: { policy: 'alertmanager' },
      schema: {
        tags: ['incidents'],
        summary:
          'Alertmanager’s webhook (payload version 4): a firing group opens an incident, later notifications update it, its resolution resolves it',
        description:
          'Needs `Authorization: Bearer <OPF_ALERTMANAGER_TOKEN>`. Replayed and reordered deliveries change nothing (docs/incidents.md).',
        body: alertmanagerPayloadSchema,
        response: { 200: webhookOutcomeSchema, ...errorResponses },
      },
    },
    async (request) => receiveAlertmanagerWebhook(ctx, request.body),
  );

  r.get(
    '/api/v1/incidents',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['incidents'],
        summary: 'Incidents, newest first: from alerts and declared by ops',
        querystring: z.strictObject({
          status: z.enum(['open', 'resolved']).optional(),
          project: labelSchema.optional(),
          limit: decimalInt(1, 200).default(50),
        }),
        response: { 200: z.object({ items: z.array(incidentSchema) }), ...errorResponses },
      },
    },
    async (request) => ({ items: await getIncidents(ctx, request.query) }),
  );

  r.get(
    '/api/v1/incidents/:id',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['incidents'],
        summary: 'One incident with its timeline',
        params: idParams,
        response: { 200: incidentDetailSchema, ...errorResponses },
      },
    },
    async (request) => getIncident(ctx, request.params.id),
  );

  r.post(
    '/api/v1/incidents',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['incidents'],
        summary: 'Declare an incident (ops): announced to the channels and the affected teams',
        body: declareIncidentSchema,
        response: { 201: incidentDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const id = await declareIncident(ctx, actor(request), request.body);
      return reply
        .status(201)
        .header('location', `/api/v1/incidents/${id}`)
        .send(await getIncident(ctx, id));
    },
  );

  r.post(
    '/api/v1/incidents/:id/updates',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['incidents'],
        summary: 'Post an update on an incident (ops), announced unless `announce` is false',
        params: idParams,
        body: incidentUpdateSchema,
        response: { 201: incidentDetailSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      await postIncidentUpdate(ctx, actor(request), request.params.id, request.body);
      return reply.status(201).send(await getIncident(ctx, request.params.id));
    },
  );

  r.post(
    '/api/v1/incidents/:id/resolve',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['incidents'],
        summary: 'Resolve a declared incident (ops); one from alerts resolves with its alerts',
        params: idParams,
        body: resolveIncidentSchema,
        response: { 200: incidentDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      await resolveIncident(ctx, actor(request), request.params.id, request.body);
      return getIncident(ctx, request.params.id);
    },
  );

  r.put(
    '/api/v1/incidents/:id/postmortem',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['incidents'],
        summary: 'Attach or revise the post-mortem (ops), in Markdown',
        params: idParams,
        body: postmortemSchema,
        response: { 200: incidentDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      await attachPostmortem(ctx, actor(request), request.params.id, request.body);
      return getIncident(ctx, request.params.id);
    },
  );

  r.post(
    '/api/v1/projects/:name/incidents/:incident/acknowledge',
    {
      config: { policy: 'member' },
      schema: {
        tags: ['incidents'],
        summary:
          'Acknowledge an incident linked to the project (its team): the first answer’s time is the team’s response time',
        description:
          'Only a member or the owner of the project’s team answers (403 OPF_ERR_INCIDENT_ACK_NOT_TEAM otherwise, ops included). A second answer changes nothing.',
        params: z.object({ name: labelSchema, incident: idSchema }),
        body: acknowledgeIncidentSchema,
        response: { 200: incidentDetailSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { name, incident } = request.params;
      await acknowledgeIncident(ctx, actor(request), incident, name, request.body);
      return getIncident(ctx, incident);
    },
  );

  r.get(
    '/api/v1/status',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['incidents'],
        summary:
          'The status page: each cluster now and over the last 90 days, open and recent incidents',
        response: { 200: statusSchema, ...errorResponses },
      },
    },
    async () => getStatus(ctx),
  );

  r.get(
    '/api/v1/feeds/incidents.atom',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['feeds'],
        summary: 'Atom feed of incidents (the status page’s feed)',
        response: { 200: z.string().describe(ATOM), ...errorResponses },
      },
    },
    async (_request, reply) => reply.type(ATOM).send(await incidentsAtom(ctx)),
  );
}
