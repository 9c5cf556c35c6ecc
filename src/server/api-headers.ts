import type { FastifyInstance } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/**
 * Helmet's headers on every answer. Its middleware is built once from the options here:
 * @fastify/helmet built it again on every request (the options read, the CSP directives parsed
 * and joined anew), a cost every read paid for the same headers (ADR 0037).
 */
export function registerSecurityHeaders(app: FastifyInstance, options: HelmetOptions): void {
  const apply = helmet(options);
  app.addHook('onRequest', (request, reply, done) =>
    apply(request.raw, reply.raw, (error) => done(error as Error | undefined)),
  );
}

/**
 * Helmet's headers that only mean something for a document a browser renders (opener
 * isolation, referrers of its links, DNS prefetch, IE download and XSS filters, Flash
 * policies). An API answer is data, not a document: it carries the set the OWASP REST
 * security cheat sheet names instead (nosniff, HSTS, frame-ancestors, resource policy).
 */
const DOCUMENT_ONLY_HEADERS = [
  'cross-origin-opener-policy',
  'origin-agent-cluster',
  'referrer-policy',
  'x-dns-prefetch-control',
  'x-download-options',
  'x-permitted-cross-domain-policies',
  'x-xss-protection',
];

/** Nothing in a JSON answer may load or run anything, and nothing may frame it. */
export const API_CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

const MACHINE_PATHS = ['/api/', '/healthz', '/readyz', '/metrics', '/openapi.json'];

/** Helmet's own value: a year, subdomains too. */
export const HSTS = 'max-age=31536000; includeSubDomains';

/** Registered after helmet (whose headers it trims) and before the public cache (which keeps them). */
export function registerApiHeaders(app: FastifyInstance): void {
  // HSTS says "only ever reach me over https": sent over plain http it is meaningless at
  // best, and for a localhost or an http-only deployment it misleads. Helmet sends it
  // always (disabled there); here it goes only on answers the client got over https
  // (X-Forwarded-Proto counts only with trustProxy).
  app.addHook('onSend', async (request, reply, payload) => {
    if (request.protocol === 'https') reply.header('strict-transport-security', HSTS);
    return payload;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    if (!MACHINE_PATHS.some((path) => request.url.startsWith(path))) return payload;
    for (const name of DOCUMENT_ONLY_HEADERS) reply.removeHeader(name);
    reply.header('content-security-policy', API_CONTENT_SECURITY_POLICY);
    return payload;
  });
}
