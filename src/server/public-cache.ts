import { createHash, randomBytes } from 'node:crypto';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
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
  /** The protocol the reader who filled it used, for the read again (HSTS follows it). */
  protocol?: string;
  /**
   * Not sent from this time on, stale or not (ms since the epoch): the end of the UTC day
   * the read began in, for answers that follow the day (a report's default period).
   */
  until?: number;
  /** How long it is fresh: PUBLIC_CACHE_MAX_AGE_MS unless its route says otherwise. */
  maxAgeMs?: number;
}

/** A URL as a client wrote it, pointing at the entry of its validated query. */
interface Alias {
  key: string;
}

/**
 * How long an answer is fresh even when nothing is written: some depend on the clock as well
 * as on the data (the next meeting, the agenda of the next occurrence). Past it, an answer is
 * sent at most PUBLIC_CACHE_STALE_MS more, while it is read again.
 */
export const PUBLIC_CACHE_MAX_AGE_MS = 60_000;

/**
 * How long an answer that moves with the clock only by hours and days is fresh when nothing
 * is written: an engagement record (idle days, a notice's date, an incident's hours without an
 * answer). Reading every active project's record again each minute cost the server a quarter
 * of a second of CPU for a list that can change on its own only when a threshold is crossed;
 * ten minutes late on that is well within the hour. Writes still clear it at once; what GET
 * requests record (a sign-in's callback, a token's use) shows up to ten minutes late. ADR 0007.
 */
export const PUBLIC_CACHE_COARSE_MAX_AGE_MS = 10 * 60_000;

/**
 * For this long after its maximum age an answer is still sent while the same read runs again
 * behind it to replace it: a visitor who comes then does not wait for a costly read (the
 * projects at risk: every active project's engagement record). A read again that does not
 * answer 200 takes the stale answer away, so the next reader reads through; past this time
 * the answer goes too. A write still clears everything at once.
 */
export const PUBLIC_CACHE_STALE_MS = 60_000;

/** Reads again running at once at most (a stale hit beyond it is sent without one). */
const MAX_REFRESHING = 4;

/** The header that marks the cache's own background read of a key (with a per-process token). */
const REFRESH_HEADER = 'x-opf-cache-refresh';

/** What the cache holds at most per process, answers, headers and keys counted. */
export const PUBLIC_CACHE_MAX_BYTES = 64 * 1024 * 1024;

const MAX_BODY_BYTES = 512 * 1024;
/** Keys, header maps and the entry objects themselves, roughly. */
const ENTRY_OVERHEAD_BYTES = 256;

/**
 * The entries, shared by the early lookup and the later fill. Keyed by the path and the
 * query as the route's schema validated it (unknown keys gone, keys sorted, defaults
 * filled), so varying the query a client may write does not make new entries; bounded in
 * bytes, least recently used first out.
 */
export class PublicCache {
  private readonly lru: LRUCache<string, Entry | Alias>;
  /** Keys being read again behind a stale answer: one read each at a time. */
  private readonly refreshing = new Set<string>();
  /** Reads a key again, through the routes, so the answer is stored anew (registerPublicCache). */
  private reread: Reread | undefined;
  private readonly refreshToken = randomBytes(18).toString('base64url');

  constructor(maxBytes = PUBLIC_CACHE_MAX_BYTES) {
    this.lru = new LRUCache<string, Entry | Alias>({
      maxSize: maxBytes,
      sizeCalculation: (value, key) => key.length * 2 + ENTRY_OVERHEAD_BYTES + sizeOf(value),
    });
  }

  /** The fresh entry under a validated key. */
  get(key: string): Entry | undefined {
    const value = this.lru.get(key);
    return value && 'body' in value ? this.fresh(key, value) : undefined;
  }

  /** The fresh entry for a URL as a client wrote it (before routing and validation). */
  getByUrl(url: string): Entry | undefined {
    const raw = rawKey(url);
    const value = this.lru.get(raw);
    if (!value) return undefined;
    return 'body' in value ? this.fresh(raw, value) : this.get(value.key);
  }

  /** Keep an answer; `url`, when it is another spelling of `key`, finds it before routing. */
  set(key: string, entry: Entry, url?: string): void {
    this.lru.set(key, entry);
    if (url !== undefined && url !== key) this.lru.set(url, { key });
  }

  clear(): void {
    this.lru.clear();
  }

  get size(): number {
    return this.lru.size;
  }

  /** Bytes held, as counted against the bound. */
  get bytes(): number {
    return this.lru.calculatedSize;
  }

  /** How the cache reads a key again; without it, an entry past its age goes at once. */
  rereadWith(reread: Reread): void {
    this.reread = reread;
  }

  /** Whether a request is the cache's own read of a key again: it must not be answered from here. */
  isRefresh(headers: IncomingHttpHeaders): boolean {
    return headers[REFRESH_HEADER] === this.refreshToken;
  }

  /**
   * An entry within its maximum age; one past it but within PUBLIC_CACHE_STALE_MS
   * more, while the same read runs again to replace it; else nothing (and it goes).
   */
  private fresh(key: string, entry: Entry): Entry | undefined {
    const now = Date.now();
    if (entry.until !== undefined && now >= entry.until) {
      this.lru.delete(key);
      return undefined;
    }
    const age = now - entry.storedAt;
    const maxAge = entry.maxAgeMs ?? PUBLIC_CACHE_MAX_AGE_MS;
    if (age <= maxAge) return entry;
    if (this.reread && age <= maxAge + PUBLIC_CACHE_STALE_MS) {
      this.refresh(key, entry, this.reread);
      return entry;
    }
    this.lru.delete(key);
    return undefined;
  }

  private refresh(key: string, stale: Entry, reread: Reread): void {
    if (this.refreshing.has(key) || this.refreshing.size >= MAX_REFRESHING) return;
    this.refreshing.add(key);
    const headers: Record<string, string> = { [REFRESH_HEADER]: this.refreshToken };
    // Read as the reader who filled it was served (with trustProxy, the protocol decides HSTS).
    if (stale.protocol) headers['x-forwarded-proto'] = stale.protocol;
    void reread(key, headers)
      .then(
        (status) => status === 200,
        () => false,
      )
      .then((answered) => {
        // Not answered (an error, a refusal): the stale answer goes, and the next reader
        // reads through rather than starting another read again at once.
        if (!answered && this.lru.get(key) === stale) this.lru.delete(key);
      })
      .finally(() => this.refreshing.delete(key));
  }
}

/** Reads a key again through the routes; resolves to the answer's status. */
type Reread = (key: string, headers: Record<string, string>) => Promise<number>;

function sizeOf(value: Entry | Alias): number {
  if (!('body' in value)) return value.key.length * 2;
  let size = value.body.length + value.etag.length;
  for (const [name, header] of Object.entries(value.rawHeaders))
    size += (name.length + header.length) * 4; // headers and rawHeaders, two bytes a char
  return size;
}

/** A URL with its query's pairs sorted: the same query, however a client ordered it. */
function rawKey(url: string): string {
  const mark = url.indexOf('?');
  if (mark === -1) return url;
  const query = new URLSearchParams(url.slice(mark + 1));
  query.sort();
  const text = query.toString();
  return text ? `${url.slice(0, mark)}?${text}` : url.slice(0, mark);
}

/**
 * The path and the query as the route validated it: no query when the route declares none
 * (it reads none), else its validated fields, sorted. `aliasable` says whether the URL as
 * written holds nothing beyond those fields, so it may point at the entry too.
 */
function validatedKey(request: FastifyRequest): { key: string; aliasable: boolean } {
  const mark = request.url.indexOf('?');
  const path = mark === -1 ? request.url : request.url.slice(0, mark);
  const written = new URLSearchParams(mark === -1 ? '' : request.url.slice(mark + 1));
  const declared = request.routeOptions.schema?.querystring !== undefined;
  const fields =
    declared && request.query && typeof request.query === 'object'
      ? (request.query as Record<string, unknown>)
      : {};
  const query = new URLSearchParams();
  for (const name of Object.keys(fields).sort()) {
    const value = fields[name];
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value])
      query.append(name, typeof item === 'object' ? JSON.stringify(item) : String(item));
  }
  const text = query.toString();
  const aliasable = [...written.keys()].every((name) => name in fields);
  return { key: text ? `${path}?${text}` : path, aliasable };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * false: answers depend on more than the database (a git remote), never cache them.
     * 'within-the-day': they follow the UTC day as well (a report's default period ends
     * today), so a kept answer is never sent after the day its read began in.
     * 'coarse-clock': the clock alone moves them only by hours and days (engagement), so a
     * kept answer is fresh for PUBLIC_CACHE_COARSE_MAX_AGE_MS, not a minute.
     */
    publicCache?: boolean | 'within-the-day' | 'coarse-clock';
  }
  interface FastifyRequest {
    publicCache:
      | {
          key: string;
          url: string | undefined;
          generation: number;
          /** The cache's own read again of a key, not a visitor's. */
          refresh: boolean;
          /** When the answer stops being sent, for routes whose answers follow the day. */
          until: number | undefined;
          /** How long the answer is fresh, for routes that say. */
          maxAgeMs: number | undefined;
        }
      | undefined;
  }
}

/**
 * Everything in opf is public to read, and most readers are anonymous: their GET answers
 * are the same for everyone until something is written. They are kept here and sent again
 * (with an ETag, so a browser can revalidate for free) until the next change anywhere
 * clears the lot. Signed-in requests and non-API paths are never cached. The lookup runs
 * once the query is validated: a query the route refuses is refused, not answered from here.
 */
export function registerPublicCache(
  app: FastifyInstance,
  signal: ChangeSignal,
  cache: PublicCache,
): void {
  signal.subscribe(() => cache.clear());
  app.decorateRequest('publicCache', undefined);
  // The key is the path and the validated query: read as a URL, it validates to itself.
  cache.rereadWith(async (key, headers) => {
    const answer = await app.inject({ method: 'GET', url: key, headers });
    return answer.statusCode;
  });

  app.addHook('preHandler', async (request, reply) => {
    if (!cacheable(request)) return;
    const { key, aliasable } = validatedKey(request);
    const refresh = cache.isRefresh(request.headers);
    const hit = refresh ? undefined : cache.get(key);
    if (hit) return sendHit(request, reply, hit);
    const kind = request.routeOptions.config?.publicCache;
    request.publicCache = {
      key,
      url: aliasable ? rawKey(request.url) : undefined,
      generation: signal.generation,
      refresh,
      until: kind === 'within-the-day' ? endOfUtcDay(Date.now()) : undefined,
      maxAgeMs: kind === 'coarse-clock' ? PUBLIC_CACHE_COARSE_MAX_AGE_MS : undefined,
    };
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const pending = request.publicCache;
    if (
      pending &&
      reply.statusCode === 200 &&
      typeof payload === 'string' &&
      payload.length <= MAX_BODY_BYTES &&
      // An answer that differs per client (sign-in options: loopback or not) says so.
      !differsPerClient(reply.getHeader('cache-control')) &&
      // A write that landed while this read ran may not be in it: do not keep it.
      pending.generation === signal.generation
    ) {
      const etag = `"${createHash('sha1').update(payload).digest('base64url')}"`;
      reply.header('etag', etag);
      const body = Buffer.from(payload);
      const headers = replayable(reply);
      const rawHeaders = { ...headers, 'content-length': String(body.length) };
      cache.set(
        pending.key,
        {
          body,
          etag,
          headers,
          rawHeaders,
          storedAt: Date.now(),
          protocol: request.protocol,
          until: pending.until,
          maxAgeMs: pending.maxAgeMs,
        },
        pending.url,
      );
    }
    return payload;
  });

  // Every successful write in this process is a change.
  app.addHook('onResponse', async (request, reply) => {
    if (!SAFE_METHODS.has(request.method) && reply.statusCode < 400) signal.changed();
  });
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** An answer's Cache-Control says it is this client's own (no-store, private): never shared. */
export function differsPerClient(cacheControl: unknown): boolean {
  return /no-store|private/.test(String(cacheControl ?? ''));
}

/** The first millisecond of the UTC day after the one `at` falls in. */
export function endOfUtcDay(at: number): number {
  const day = new Date(at);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() + 1);
}

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
 * would have added. Found by the URL as written: only spellings a validated read vouched for.
 */
function publicHit(
  cache: PublicCache,
  method: string | undefined,
  url: string | undefined,
  headers: IncomingHttpHeaders,
): Entry | undefined {
  if (method !== 'GET' || url === undefined) return undefined;
  if (headers.authorization !== undefined || headers.cookie !== undefined) return undefined;
  if (cache.isRefresh(headers)) return undefined;
  return cache.getByUrl(url);
}

/** The same, inside Fastify (for requests that did not come through the server's front). */
export function registerPublicCacheLookup(app: FastifyInstance, cache: PublicCache): void {
  app.addHook('onRequest', async (request, reply) => {
    const hit = publicHit(cache, request.method, request.url, request.headers);
    if (hit) return sendHit(request, reply, hit);
  });
}

/**
 * The HTTP server opf listens with: a cached public answer is written to the socket before
 * Fastify sees the request, as a caching proxy in front would (routing, hooks and
 * serialization are what an anonymous read of a hot page would otherwise pay for). Every
 * other request goes to Fastify.
 */
export function publicCacheServerFactory(cache: PublicCache, onHit: () => void) {
  return (handler: (req: IncomingMessage, res: ServerResponse) => void): Server =>
    createServer((req, res) => {
      const hit = publicHit(cache, req.method, req.url, req.headers);
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
