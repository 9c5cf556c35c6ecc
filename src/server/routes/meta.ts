import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';

/** /metrics for Prometheus and /openapi.json for clients: both public. */
export async function metaRoutes(app: FastifyInstance, registry: Registry): Promise<void> {
  app.get(
    '/metrics',
    { config: { policy: 'public' }, schema: { hide: true } },
    async (_request, reply) => reply.type(registry.contentType).send(await registry.metrics()),
  );
  app.get('/openapi.json', { config: { policy: 'public' }, schema: { hide: true } }, async () =>
    app.swagger(),
  );
}
