import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OpfError } from '../../core/index.ts';
import {
  cloudReport,
  parseReportRange,
  projectReport,
  renderCloudReportMarkdown,
  renderProjectReportMarkdown,
} from '../../reports/index.ts';
import {
  appendAuditEvent,
  findProject,
  reportSettingsOf,
  saveReportSettings,
} from '../../store/index.ts';
import { DEFAULT_TELEMETRY_SETTINGS } from '../../telemetry/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { errorResponses } from '../schemas.ts';
import { engagementContextOf } from './engagement.ts';
import { cloudReportSchema, projectReportSchema } from './report-schemas.ts';

const rangeQuery = z.strictObject({
  from: z
    .string()
    .max(40)
    .optional()
    .describe(
      'A date (2026-11-01: its midnight UTC) or an ISO 8601 time; default: 30 days before to',
    ),
  to: z
    .string()
    .max(40)
    .optional()
    .describe('The end, excluded; a date or an ISO 8601 time; default: today, midnight UTC'),
});
const MARKDOWN = 'text/markdown; charset=utf-8';

/** Ops and admins see hours withheld from publication (terms without telemetry consent). */
const seesWithheld = (request: FastifyRequest) =>
  request.principal?.role === 'ops' || request.principal?.role === 'admin';

/** Reports: a project's (public, like its usage) and the cloud's (public: operating in the open). */
export async function reportRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const margin = (deps.telemetry ?? DEFAULT_TELEMETRY_SETTINGS).margin;
  const now = () => deps.reports?.now?.() ?? new Date();
  const ctxOf = (request: FastifyRequest) => ({
    db: deps.db,
    margin,
    includeWithheld: seesWithheld(request),
  });

  r.get(
    '/api/v1/projects/:name/report',
    {
      config: { policy: 'public', publicCache: 'within-the-day' },
      schema: {
        tags: ['reports'],
        summary:
          'A project’s report for a period: usage against quota per namespace, incidents, notices and findings with suggestions',
        params: z.object({ name: z.string().min(1).max(63) }),
        querystring: rangeQuery,
        response: { 200: projectReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const range = parseReportRange(request.query.from, request.query.to, now());
      return projectReport(ctxOf(request), request.params.name, range);
    },
  );

  r.get(
    '/api/v1/projects/:name/report.md',
    {
      config: { policy: 'public', publicCache: 'within-the-day' },
      schema: {
        tags: ['reports'],
        summary: 'A project’s report as Markdown (the monthly message’s text)',
        params: z.object({ name: z.string().min(1).max(63) }),
        querystring: rangeQuery,
        response: { 200: z.string().describe(MARKDOWN), ...errorResponses },
      },
    },
    async (request, reply) => {
      const range = parseReportRange(request.query.from, request.query.to, now());
      const report = await projectReport(ctxOf(request), request.params.name, range);
      return reply.type(MARKDOWN).send(renderProjectReportMarkdown(report));
    },
  );

  r.get(
    '/api/v1/report',
    {
      config: { policy: 'public', publicCache: 'within-the-day' },
      schema: {
        tags: ['reports'],
        summary:
          'The cloud’s report for a period: top consumers, idle quota, incidents per cluster, onboarding lead time, projects at risk',
        querystring: rangeQuery,
        response: { 200: cloudReportSchema, ...errorResponses },
      },
    },
    async (request) => {
      const range = parseReportRange(request.query.from, request.query.to, now());
      return cloudReport(ctxOf(request), range, engagementContextOf(deps));
    },
  );

  r.get(
    '/api/v1/report.md',
    {
      config: { policy: 'public', publicCache: 'within-the-day' },
      schema: {
        tags: ['reports'],
        summary: 'The cloud’s report as Markdown (what the coordination meeting’s agenda links to)',
        querystring: rangeQuery,
        response: { 200: z.string().describe(MARKDOWN), ...errorResponses },
      },
    },
    async (request, reply) => {
      const range = parseReportRange(request.query.from, request.query.to, now());
      const report = await cloudReport(ctxOf(request), range, engagementContextOf(deps));
      return reply.type(MARKDOWN).send(renderCloudReportMarkdown(report));
    },
  );

  const settingsSchema = z
    .object({
      project: z.string(),
      monthlyMessage: z.boolean().describe('The team gets last month’s report on the 1st'),
      updatedBy: z.string().nullable(),
      updatedAt: z.string().nullable(),
    })
    .meta({ id: 'ReportSettings' });
  const nameParams = z.object({ name: z.string().min(1).max(63) });
  const known = async (name: string) => {
    if (!(await findProject({ tx: deps.db }, name)))
      throw new OpfError('OPF_ERR_REPORT_PROJECT_UNKNOWN', `no project is named ${name}`);
  };

  r.get(
    '/api/v1/projects/:name/report-settings',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['reports'],
        summary: 'Whether the project’s team gets the monthly report message',
        params: nameParams,
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      await known(request.params.name);
      return {
        project: request.params.name,
        ...(await reportSettingsOf({ tx: deps.db }, request.params.name)),
      };
    },
  );

  r.put(
    '/api/v1/projects/:name/report-settings',
    {
      config: { policy: 'member' },
      schema: {
        tags: ['reports'],
        summary: 'Turn the monthly report message on or off (a member of the project’s team)',
        params: nameParams,
        body: z.strictObject({ monthlyMessage: z.boolean() }),
        response: { 200: settingsSchema, ...errorResponses },
      },
    },
    async (request) => {
      const { name } = request.params;
      await known(name);
      const actor = actorOf(request);
      await deps.db.transaction().execute(async (tx) => {
        await saveReportSettings({ tx }, name, {
          monthlyMessage: request.body.monthlyMessage,
          updatedBy: actor.name,
        });
        await appendAuditEvent(
          { tx },
          {
            actor: actor.name,
            action: 'report.settings',
            subjectType: 'project',
            subjectId: name,
            after: { monthlyMessage: request.body.monthlyMessage },
            source: actor.source,
            visibility: 'public',
          },
        );
      });
      return { project: name, ...(await reportSettingsOf({ tx: deps.db }, name)) };
    },
  );
}
