import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { differsPerClient } from '../public-cache.ts';
import { paintFirstHead, type StyleRules } from './first-paint-css.ts';
import { manifestReader, pageAssetLinks } from './page-assets.ts';

/**
 * A portal page rendered on the server for its first visit (docs/adr/0035-server-rendered-first-visit.md):
 * the build's server module (dist/web-server/entry-server.js, from web/src/entry-server.tsx)
 * renders the page as the browser would, reading the API answers the page asks for in-process
 * (Fastify's inject, with the visitor's cookies: the API decides what they may read, as it
 * would for the browser). The markup goes into index.html's root element and the answers
 * into a JSON script element (data, not code: the CSP is unchanged); the browser hydrates.
 * Bounded: a time limit and a number of reads; on either, or on any error, the page is the
 * client-only shell it was before (logged, never an error to the visitor).
 */

/** What the server module exports (web/src/entry-server.tsx). */
export interface PageRenderer {
  render(options: {
    url: string;
    cloudName: string;
    host: string;
    read: (path: string) => Promise<unknown>;
    maxReads: number;
    signal: AbortSignal;
    readsWithinMs?: number;
  }): Promise<{
    html: string;
    data: Record<string, unknown>;
    locale: string;
    timeZone: string;
    /** The page's lazy modules, as the build's manifest names them. */
    modules?: string[];
    /** Every read the page asked for was made and waited for (none left to the browser). */
    complete?: boolean;
  }>;
}

/** A page as sent, and whether another anonymous visitor may be sent the same. */
export interface PageHtml {
  html: string;
  /**
   * Rendered with every read it asked for, each answered without a server error: the page
   * any anonymous visitor would get until something is written. False for the shell sent
   * when the render failed, a page rendered without a late read, or one whose read failed.
   */
  keepable: boolean;
}

export interface PrerenderOptions {
  /** The server module; by default the build's, imported on the first page served. */
  load?: () => Promise<PageRenderer>;
  /** Rendering a page at most (the module's first load is not counted); then the shell is sent. */
  timeoutMs?: number;
  /** API reads per page at most. */
  maxReads?: number;
  /** Reads still pending this long after the render began are left to the browser. */
  readsWithinMs?: number;
  /** The build's manifest (dist/web/.vite/manifest.json): the page's stylesheets go in the head. */
  manifestFile?: string;
  /** The build's style rules: the page is painted first with the rules its HTML can use. */
  styleRules?: () => StyleRules | undefined;
}

export const PRERENDER_TIMEOUT_MS = 1000;
export const PRERENDER_MAX_READS = 8;
/**
 * Most of the time limit: a page whose reads answered in time renders with them all; a slow
 * read (the projects at risk, worked out project by project) is left to the browser, and the
 * rest of the page still renders in the time left.
 */
export const PRERENDER_READS_WITHIN_MS = 600;
/** The element the browser reads the answers from (web/src/shared/prerender.ts). */
export const PRERENDERED_DATA_ID = 'opf-prerendered';

const ROOT_ELEMENT = '<div id="root"></div>';

/** The build's server module, if it was built. */
export function builtRenderer(distDir: string): (() => Promise<PageRenderer>) | undefined {
  const file = join(distDir, 'web-server', 'entry-server.js');
  if (!existsSync(file)) return undefined;
  return () => import(pathToFileURL(file).href) as Promise<PageRenderer>;
}

/**
 * JSON inside a script element: no `<` (which could close it or open a comment), `>` or `&`
 * as themselves, nor the two line separators some parsers treat as ends of line.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('>', '\\u003e')
    .replaceAll('&', '\\u0026')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}

export function createPrerenderer(
  app: FastifyInstance,
  cloudName: string,
  options: PrerenderOptions & { load: () => Promise<PageRenderer> },
) {
  const timeoutMs = options.timeoutMs ?? PRERENDER_TIMEOUT_MS;
  const maxReads = options.maxReads ?? PRERENDER_MAX_READS;
  const readsWithinMs =
    options.readsWithinMs ?? Math.min(PRERENDER_READS_WITHIN_MS, timeoutMs * 0.6);
  const manifest = options.manifestFile ? manifestReader(options.manifestFile) : () => undefined;
  let loading: Promise<PageRenderer> | undefined;
  const renderer = () => {
    loading ??= options.load().catch((error: unknown) => {
      // A later page tries again (a build that was being written, say).
      loading = undefined;
      throw error;
    });
    return loading;
  };

  /**
   * The API read as the visitor's browser would make it: the answer of a 200, else undefined.
   * `failed` notes a server error or a per-client answer (the page is not kept for others).
   */
  const read = (request: FastifyRequest, failed: { any: boolean }) => async (path: string) => {
    if (!path.startsWith('/api/v1/')) return undefined;
    const answer = await app
      .inject({
        method: 'GET',
        url: path,
        headers: {
          accept: 'application/json',
          ...(request.headers.cookie !== undefined && { cookie: request.headers.cookie }),
        },
      })
      .catch((error: unknown) => {
        failed.any = true;
        throw error;
      });
    // A server error, or an answer that differs per client (no-store): the page shows it,
    // but it is not the page every anonymous visitor would get.
    if (answer.statusCode >= 500 || differsPerClient(answer.headers['cache-control']))
      failed.any = true;
    return answer.statusCode === 200 ? (answer.json() as unknown) : undefined;
  };

  /** index.html with the page rendered into it, or as it is when the render did not succeed. */
  return async (request: FastifyRequest, indexHtml: string): Promise<PageHtml> => {
    if (!indexHtml.includes(ROOT_ELEMENT)) return { html: indexHtml, keepable: false };
    const failed = { any: false };
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    let expire: (error: Error) => void = () => {};
    const timeout = new Promise<never>((_, reject) => {
      expire = reject;
    });
    const startTimer = () =>
      setTimeout(() => {
        expire(new Error(`not rendered within ${timeoutMs} ms`));
        controller.abort();
      }, timeoutMs);
    try {
      // Loaded once per process (about half a second of parsing, which no timer can cut
      // short): that first wait is outside the time limit, which is the render's.
      const module = await renderer();
      timer = startTimer();
      const rendering = Promise.resolve(
        module.render({
          url: request.url,
          cloudName,
          host: request.host,
          read: read(request, failed),
          maxReads,
          signal: controller.signal,
          readsWithinMs,
        }),
      );
      // A render given up on still ends (aborted): its failure is not news.
      rendering.catch(() => {});
      const page = await Promise.race([rendering, timeout]);
      const embedded = jsonForScript({
        data: page.data,
        locale: page.locale,
        timeZone: page.timeZone,
      });
      const built = manifest();
      const links = built ? pageAssetLinks(built, page.modules ?? [], indexHtml) : '';
      const withLinks = indexHtml.replace('</head>', () =>
        links ? `  ${links}\n  </head>` : '</head>',
      );
      const html = paintFirstHead(withLinks, options.styleRules?.(), page.html).replace(
        ROOT_ELEMENT,
        () =>
          `<div id="root">${page.html}</div>\n    <script type="application/json" id="${PRERENDERED_DATA_ID}">${embedded}</script>`,
      );
      return { html, keepable: page.complete === true && !failed.any };
    } catch (error) {
      request.log.warn({ err: error, url: request.url }, 'portal page sent unrendered');
      return { html: indexHtml, keepable: false };
    } finally {
      clearTimeout(timer);
    }
  };
}
