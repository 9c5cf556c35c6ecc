import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OpfError, TELEMETRY_LICENCE } from '../../core/index.ts';
import {
  appendAuditEvent,
  findHarvestRun,
  listTelemetryGaps,
  telemetryExportCounts,
} from '../../store/index.ts';
import {
  type DatasetPeriod,
  DEFAULT_TELEMETRY_SETTINGS,
  dataCard,
  datasetParquet,
  datasetPath,
  datasetRows,
  datasetWindow,
  listDatasets,
  namespaceUsage,
  parseHarvestRange,
  projectsUsageSummary,
  projectUsage,
  requestHarvest,
  sourcesOf,
  writeCsv,
} from '../../telemetry/index.ts';
import { actorOf } from '../auth.ts';
import type { ServerDeps } from '../deps.ts';
import { decimalInt, errorResponses, idParams } from '../schemas.ts';
import {
  datasetEntrySchema,
  gapSchema,
  harvestRunSchema,
  namespaceUsageSchema,
} from './telemetry-schemas.ts';

const clusterText = z.string().regex(/^[a-z0-9-]{1,63}\/[a-z0-9-]{1,63}$/, 'env/name');
const namespaceText = z.string().regex(/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/, 'a namespace name');
const usageQuery = {
  days: decimalInt(1, 400)
    .optional()
    .describe('Only the last N days (default: all harvested hours)'),
  series: z
    .enum(['true', 'false'])
    .default('false')
    .describe('true: hourly CPU and memory for charts'),
};

/** Ops and admins see hours withheld from publication (terms without telemetry consent). */
export const seesWithheld = (request: FastifyRequest) =>
  request.principal?.role === 'ops' || request.principal?.role === 'admin';

/** Telemetry: harvests (ops), usage against quota and the open datasets (public). */
export async function telemetryRoutes(app: FastifyInstance, deps: ServerDeps): Promise<void> {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const settings = deps.telemetry ?? DEFAULT_TELEMETRY_SETTINGS;
  const db = deps.db;

  r.post(
    '/api/v1/telemetry/harvests',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['telemetry'],
        summary: 'Harvest a range of hours from a cluster’s configured Prometheus sources (a job)',
        body: z.strictObject({
          cluster: clusterText,
          from: z.string().max(40).describe('ISO 8601; rounded down to the hour'),
          to: z.string().max(40).describe('ISO 8601; rounded up to the hour'),
        }),
        response: { 202: harvestRunSchema, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { cluster, from, to } = request.body;
      if (sourcesOf(settings, cluster).length === 0)
        throw new OpfError(
          'OPF_ERR_TELEMETRY_CLUSTER_UNKNOWN',
          `no telemetry source is configured for cluster ${cluster}`,
        );
      const range = parseHarvestRange(from, to);
      const actor = actorOf(request);
      const id = await requestHarvest(db, { cluster, ...range, requestedBy: actor.name });
      await appendAuditEvent(
        { tx: db },
        {
          actor: actor.name,
          action: 'telemetry.harvest',
          subjectType: 'harvest',
          subjectId: String(id),
          after: { cluster, from: range.from.toISOString(), to: range.to.toISOString() },
          source: actor.source,
          visibility: 'public',
        },
      );
      return reply.code(202).send((await findHarvestRun({ tx: db }, id))!);
    },
  );

  r.get(
    '/api/v1/telemetry/harvests/:id',
    {
      config: { policy: 'ops' },
      schema: {
        tags: ['telemetry'],
        summary: 'A harvest’s progress: queued, running, done (with any gap hours) or failed',
        params: idParams,
        response: { 200: harvestRunSchema, ...errorResponses },
      },
    },
    async (request) => {
      const run = await findHarvestRun({ tx: db }, request.params.id);
      if (!run)
        throw new OpfError('OPF_ERR_TELEMETRY_HARVEST_UNKNOWN', `no harvest ${request.params.id}`);
      return run;
    },
  );

  r.get(
    '/api/v1/telemetry/gaps',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['telemetry'],
        summary: 'Hours a source did not answer, waiting to be harvested again (newest first)',
        querystring: z.strictObject({ cluster: clusterText.optional() }),
        response: { 200: z.object({ items: z.array(gapSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await listTelemetryGaps(
        { tx: db },
        request.query.cluster ? { cluster: request.query.cluster } : {},
      ),
    }),
  );

  r.get(
    '/api/v1/usage/namespaces',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['telemetry'],
        summary:
          'Usage against quota of a namespace (any harvested, known to opf or not), per cluster',
        querystring: z.strictObject({
          namespace: namespaceText,
          cluster: clusterText.optional(),
          ...usageQuery,
        }),
        response: { 200: z.object({ items: z.array(namespaceUsageSchema) }), ...errorResponses },
      },
    },
    async (request) => {
      const { namespace, cluster, days, series } = request.query;
      return {
        items: await namespaceUsage(
          db,
          { namespace, ...(cluster && { cluster }) },
          {
            margin: settings.margin,
            includeWithheld: seesWithheld(request),
            series: series === 'true',
            ...(days && { days }),
          },
        ),
      };
    },
  );

  r.get(
    '/api/v1/usage/projects',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['telemetry'],
        summary:
          'Usage against quota of the namespaces of opf’s projects (the overview: tiers and flags)',
        querystring: z.strictObject({ limit: decimalInt(1, 200).default(50) }),
        response: { 200: z.object({ items: z.array(namespaceUsageSchema) }), ...errorResponses },
      },
    },
    async (request) => ({
      items: await projectsUsageSummary(db, request.query.limit, {
        margin: settings.margin,
        includeWithheld: seesWithheld(request),
      }),
    }),
  );

  r.get(
    '/api/v1/usage/projects/:name',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['telemetry'],
        summary: 'Usage against quota of each namespace of a project',
        params: z.object({ name: z.string().min(1).max(63) }),
        querystring: z.strictObject(usageQuery),
        response: {
          200: z.object({ project: z.string(), namespaces: z.array(namespaceUsageSchema) }),
          ...errorResponses,
        },
      },
    },
    async (request) =>
      projectUsage(db, request.params.name, {
        margin: settings.margin,
        includeWithheld: seesWithheld(request),
        series: request.query.series === 'true',
        ...(request.query.days && { days: request.query.days }),
      }),
  );

  r.get(
    '/api/v1/datasets',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['telemetry'],
        summary:
          'The open telemetry datasets: one per complete day and month, Parquet and CSV, each with a data card',
        response: { 200: z.object({ items: z.array(datasetEntrySchema) }), ...errorResponses },
      },
    },
    async () => ({ items: await listDatasets(db) }),
  );

  r.get(
    '/api/v1/datasets/:period/:file',
    {
      config: { policy: 'public' },
      schema: {
        tags: ['telemetry'],
        summary:
          'One dataset file: KEY.parquet, KEY.csv or KEY.card.json (KEY: YYYY-MM-DD daily, YYYY-MM monthly)',
        params: z.object({
          period: z.enum(['daily', 'monthly']),
          file: z
            .string()
            .regex(
              /^\d{4}-\d{2}(-\d{2})?\.(parquet|csv|card\.json)$/,
              'KEY.parquet, KEY.csv or KEY.card.json',
            ),
        }),
        response: {
          200: z.string().describe('Parquet, CSV or the data card (JSON)'),
          ...errorResponses,
        },
      },
    },
    async (request, reply) => {
      const period = request.params.period as DatasetPeriod;
      const [, key, format] = /^([\d-]+)\.(parquet|csv|card\.json)$/.exec(request.params.file)!;
      const published = await listDatasets(db);
      if (!published.some((d) => d.period === period && d.key === key))
        throw new OpfError('OPF_ERR_DATASET_UNKNOWN', `no published ${period} dataset ${key}`);
      const window = datasetWindow(period, key!);
      const name = `opf-telemetry-${key}`;
      if (format === 'card.json') {
        const counts = await telemetryExportCounts({ tx: db }, window);
        const card = await dataCard(db, settings, period, key!, counts);
        return reply.type('application/json').send(JSON.stringify(card, null, 2));
      }
      reply.header('content-disposition', `attachment; filename="${name}.${format}"`);
      if (format === 'csv')
        return reply.type('text/csv; charset=utf-8').send(writeCsv(await datasetRows(db, window)));
      // Streamed row group by row group: a month of 10,000 namespaces is never whole in memory.
      const parquet = datasetParquet(db, window, {
        'opf.card': JSON.stringify({
          licence: TELEMETRY_LICENCE,
          from: window.from.toISOString(),
          to: window.to.toISOString(),
          card: datasetPath(period, key!, 'card.json'),
        }),
      });
      return reply
        .type('application/vnd.apache.parquet')
        .send(Readable.from(parquet) as unknown as string);
    },
  );
}
