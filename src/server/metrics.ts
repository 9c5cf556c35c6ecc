import type { FastifyInstance } from 'fastify';
import { Counter, collectDefaultMetrics, Histogram, type Metric, Registry } from 'prom-client';
import type { Db } from '../store/index.ts';
import { registerJobMetrics, registerTelemetryMetrics } from './job-metrics.ts';

/**
 * opf's own metrics, for the cloud's Prometheus to scrape. One registry per app instance:
 * HTTP figures, the outbox read from the database, and the metrics the rest of the process
 * keeps (the job runner's failures).
 */
export function registerMetrics(
  app: FastifyInstance,
  db: Db,
  processMetrics: readonly Metric[] = [],
): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'opf_' });
  registerJobMetrics(registry, db);
  registerTelemetryMetrics(registry, db);
  for (const metric of processMetrics) registry.registerMetric(metric);
  const duration = new Histogram({
    name: 'opf_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'opf_http_errors_total',
    help: 'HTTP answers with a 4xx or 5xx status, by stable error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The public cache's own read again of a stale answer is no visitor's request.
    if (request.publicCache?.refresh) return;
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    if (reply.statusCode >= 400 && typeof payload === 'string') {
      const code = /"code":"(OPF_ERR_[A-Z_]+)"/.exec(payload)?.[1];
      if (code) errors.inc({ code });
    }
    return payload;
  });
  return registry;
}
