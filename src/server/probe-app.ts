import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { ServerDeps } from './deps.ts';
import { registerErrorHandler } from './error-handler.ts';
import { safeLogger } from './logging.ts';
import { registerMetrics } from './metrics.ts';
import { healthRoutes } from './routes/health.ts';

/**
 * The HTTP face of a worker (`opf serve --role worker`): /healthz and /readyz for the
 * kubelet's probes and /metrics for Prometheus, nothing else. A worker runs jobs only, so
 * its port offers no API, no portal and no sign-in: every other path is a 404.
 */
export async function buildProbeApp(
  deps: Pick<ServerDeps, 'db' | 'databaseKind' | 'processMetrics'>,
  options: { logger?: FastifyServerOptions['logger'] } = {},
): Promise<FastifyInstance> {
  const app = Fastify({ logger: safeLogger(options.logger ?? false) });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  const registry = registerMetrics(app, deps.db, deps.processMetrics);
  await app.register(healthRoutes, deps);
  app.get('/metrics', async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()),
  );
  return app;
}
