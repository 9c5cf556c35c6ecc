import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Fastify logs each request's URL. Query strings can carry secrets (an OAuth callback's
 * code and state), so the logged URL is the path alone; headers are not logged at all.
 */
function safeRequest(request: FastifyRequest) {
  return {
    method: request.method,
    url: request.url.split('?')[0],
    host: request.host,
    remoteAddress: request.ip,
  };
}

export function safeLogger(logger: FastifyServerOptions['logger']): FastifyServerOptions['logger'] {
  if (!logger) return false;
  const options = logger === true ? {} : logger;
  return {
    ...options,
    serializers: { ...options.serializers, req: safeRequest as never },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      censor: '[redacted]',
    },
  };
}
