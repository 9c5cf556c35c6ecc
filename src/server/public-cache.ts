import { createHash } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ChangeSignal } from './change-signal.ts';

interface Entry {
  /** Encoded once when stored: a hit only copies bytes. */
  body: Buffer;
  etag: string;
  /** The headers the full pipeline set (security headers, content type), replayed on hits. */
  headers: Record<string, string>;
  /** The same with the length, for answers written straight to the socket. */
  rawHeaders: Record<string, string>;
  /** When it was stored (ms since the epoch). */
  storedAt: number;
}

/**
 * How long an answer is kept even when nothing is written: some depend on the clock as well
 * as on the data (the next meeting, the agenda of the next occurrence).
 */
export const PUBLIC_CACHE_MAX_AGE_MS = 60_000;

/** The entries, shared by the early lookup and the later fill. */
export type PublicCache = Map<string, Entry>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false: answers depend on more than the database (a git remote), never cache them. */
    publicCache?: boolean;
  }
  interface FastifyRequest {
    publicCache: { key: string; generation: number } | undefined;
  }
}

const MAX_ENTRIES = 2000;
const MAX_BODY_BYTES = 512 * 1024;

/**
 * Everything in opf is public to read, and most readers are anonymous: their GET answers
 * are the same for everyone until something is written. They are kept here and sent again
 * (with an ETag, so a browser can revalidate for free) until the next change anywhere
 * clears the lot. Signed-in requests and non-API paths are never cached.
 */
export function registerPublicCache(
  app: FastifyInstance,
  signal: ChangeSignal,
  entries: PublicCache,
): void {
  signal.subscribe(() => entries.clear());
  app.decorateRequest('publicCache', undefined);

  app.addHook('onRequest', async (request, reply) => {
    if (!cacheable(request)) return;
    const key = request.url;
    const hit = freshEntry(entries, key);
    if (hit) return sendHit(request, reply, hit);
    request.publicCache = { key, generation: signal.generation };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.publicCache;
    if (
      pending &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      payload.length <= MAX_BODY_BYTES &&
      // A write that landed while this read ran may not be in it: do not keep it.
      pending.generation === signal.generation
    ) {
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
      const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('etag', etag);
      const body = Buffer.from(payload);
      const headers = replayable(reply);
      const rawHeaders = { ...headers, 'content-length': String(body.length) };
      entries.set(pending.key, { body, etag, headers, rawHeaders, storedAt: Date.now() });
    }
    return payload;
  });

  // Every successful write in this process is a change.
  app.addHook('onResponse', async (request, reply) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400) signal.changed();
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function cacheable(request: FastifyRequest): boolean {
  return (
    request.method === 'GET' &&
    request.principal === undefined &&
    request.routeOptions.config?.publicCache !== false &&
    request.headers.authorization === undefined &&
    request.url.startsWith('/api/v1/')
  );
}

/**
 * The cached answer for a request with no credentials at all (no Authorization, no cookie):
 * it cannot be anyone's but the public's, and the stored headers carry what the pipeline
 * would have added.
 */
function publicHit(
  entries: PublicCache,
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): Entry | undefined {
  if (method !== 'GET' || url === undefined) return undefined;
  if (headers.authorization !== undefined || headers.cookie !== undefined) return undefined;
  return freshEntry(entries, url);
}

/** The entry for a key, unless it is older than PUBLIC_CACHE_MAX_AGE_MS (then it goes). */
function freshEntry(entries: PublicCache, key: string): Entry | undefined {
  const entry = entries.get(key);
  if (entry && Date.now() - entry.storedAt > PUBLIC_CACHE_MAX_AGE_MS) {
    entries.delete(key);
    return undefined;
  }
  return entry;
}

/** The same, inside Fastify (for requests that did not come through the server's front). */
export function registerPublicCacheLookup(app: FastifyInstance, entries: PublicCache): void {
  app.addHook('onRequest', async (request, reply) => {
    const hit = publicHit(entries, request.method, request.url, request.headers);
    if (hit) return sendHit(request, reply, hit);
  });
}

/**
 * The HTTP server opf listens with: a cached public answer is written to the socket before
 * Fastify sees the request, as a caching proxy in front would (routing, hooks and
 * serialization are what an anonymous read of a hot page would otherwise pay for). Every
 * other request goes to Fastify.
 */
export function publicCacheServerFactory(entries: PublicCache, onHit: () => void) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    createServer((req, res) => {
      const hit = publicHit(entries, req.method, req.url, req.headers);
      if (!hit) return handler(req, res);
      onHit();
      if (req.headers['if-none-match'] === hit.etag) {
        res.writeHead(304, hit.headers);
        res.end();
        return;
      }
      res.writeHead(200, hit.rawHeaders);
      res.end(hit.body);
    });
}

const NOT_REPLAYED = new Set([
  'content-length',
  'date',
  'connection',
  'keep-alive',
  'transfer-encoding',
  'set-cookie',
]);

function replayable(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders()))
    if (value !== undefined && !NOT_REPLAYED.has(name)) headers[name] = String(value);
  return headers;
}

function sendHit(request: FastifyRequest, reply: FastifyReply, hit: Entry) {
  reply.headers(hit.headers);
  if (request.headers['if-none-match'] === hit.etag) return reply.code(304).send();
  return reply.send(hit.body);
}
