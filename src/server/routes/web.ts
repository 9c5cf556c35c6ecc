import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { DEFAULT_CLOUD_NAME } from '../../core/index.ts';
import type { ChangeSignal } from '../change-signal.ts';
import { PageCache } from '../page-cache.ts';
import { styleRulesReader } from './first-paint-css.ts';
import { firstPaintRoute } from './first-paint-route.ts';
import { escapeHtml } from './html.ts';
import { builtRenderer, createPrerenderer, type PrerenderOptions } from './prerender.ts';

/**
 * Where `npm run build:web` writes the portal: dist/web in the package, found by walking up to
 * its package.json, since this module runs both from src/server/routes (tsx) and from a chunk
 * of the compiled CLI in dist/cli (docs/adr/0008-build.md).
 */
const WEB_DIST_DIR = join(packageRoot(dirname(fileURLToPath(import.meta.url))), 'dist', 'web');

function packageRoot(from: string): string {
  let dir = from;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/**
 * The portal's client routes (web/src/app/App.tsx): these get index.html with 200. Any other
 * path a browser may type gets index.html with 404 (the portal shows its not-found page);
 * paths under the API's prefixes keep opf's JSON 404, so a mistyped API path is never
 * answered with a page.
 */
const CLIENT_ROUTES = [
  '/',
  '/projects',
  '/projects/:name',
  '/projects/:name/report',
  '/overview',
  '/report',
  '/requests/new',
  '/requests/:id',
  '/requests/:id/edit',
  '/account/tokens',
  '/review',
  '/status',
  '/incidents/:id',
  '/notices',
  '/notices/:id',
  '/meetings',
  '/meetings/:slug',
  '/meetings/:slug/:date',
  '/announcements',
  '/announcements/:id',
  '/sign-in',
  '/signed-out',
  '/datasets',
];

/**
 * Pages sent as the client-only shell: the wizard starts from a draft kept in the browser's
 * storage, which the server cannot see (its render would differ from the browser's).
 */
const SHELL_ONLY = new Set(['/requests/new', '/requests/:id/edit']);

/** Paths that belong to the API, the sign-in endpoints, the assets and the probes: JSON 404. */
const NOT_PAGES = /^\/(api|auth|assets|metrics|healthz|readyz|openapi\.json)(\/|$|\?|\.)/;

export function isPortalPath(url: string): boolean {
  return !NOT_PAGES.test(url);
}

/**
 * index.html with the cloud's name (OPF_CLOUD_NAME) in a meta tag the masthead reads: the name
 * is there with the first paint, without an API call on every page (it is also on
 * /api/v1/site for API clients).
 */
export function withCloudName(html: string, cloudName: string): string {
  const tag = `<meta name="opf-cloud-name" content="${escapeHtml(cloudName)}">`;
  return html.replace('</head>', `${tag}\n</head>`);
}

const HIDDEN = { config: { policy: 'public' as const }, schema: { hide: true } };

// No inline script or style: the strict CSP holds here too.
const NOT_BUILT = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>opf: the web portal is not built</title></head>
<body>
<main>
<h1>The web portal is not built</h1>
<p>This opf serves its API, but the web portal has not been built yet.</p>
<p>Run <code>npm run build:web</code>, then restart opf. The API is described at
<a href="/openapi.json">/openapi.json</a>.</p>
</main>
</body>
</html>
`;

/**
 * The portal: hashed assets cached for a year, index.html for every client route (revalidated
 * each time, so a new build shows at once). Without a build, a page that says how to make one.
 * The build writes .br and .gz beside each text asset (web/precompress.ts); an asset is sent in
 * the best encoding the browser accepts, else as it is.
 */
export async function webRoutes(
  app: FastifyInstance,
  options: {
    root?: string;
    cloudName?: string;
    /** Server rendering of first visits (routes/prerender.ts); false: the shell only. */
    prerender?: PrerenderOptions | false;
    /** Writes anywhere: with it, anonymous visitors' rendered pages are kept until one (PageCache). */
    changes?: ChangeSignal;
  } = {},
): Promise<void> {
  const root = options.root ?? WEB_DIST_DIR;
  const cloudName = options.cloudName ?? DEFAULT_CLOUD_NAME;
  if (!existsSync(join(root, 'index.html'))) {
    for (const path of CLIENT_ROUTES)
      app.get(path, HIDDEN, async (_request, reply) =>
        reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(NOT_BUILT),
      );
    app.get('/*', HIDDEN, async (request, reply) =>
      isPortalPath(request.url)
        ? reply.status(404).type('text/html; charset=utf-8').send(NOT_BUILT)
        : reply.callNotFound(),
    );
    return;
  }
  await app.register(fastifyStatic, { root, serve: false, preCompressed: true });
  const styleRules = styleRulesReader(join(root, '.vite', 'style-rules.json'));
  firstPaintRoute(app, styleRules);
  app.get('/assets/*', HIDDEN, async (request, reply) => {
    const name = (request.params as { '*': string })['*'];
    // The answer depends on Accept-Encoding: a shared cache must not give br to a browser
    // that did not ask for it.
    reply.header('vary', 'accept-encoding');
    return reply.sendFile(`assets/${name}`, { immutable: true, maxAge: '365d' });
  });
  // Read on each request (a few hundred bytes): a rebuild shows at once, as before.
  const shell = async () =>
    withCloudName(await readFile(join(root, 'index.html'), 'utf8'), cloudName);
  const load =
    options.prerender === false
      ? undefined
      : (options.prerender?.load ?? builtRenderer(dirname(root)));
  const prerender =
    load &&
    createPrerenderer(app, cloudName, {
      manifestFile: join(root, '.vite', 'manifest.json'),
      styleRules,
      ...(options.prerender || {}),
      load,
    });
  const pages = prerender && options.changes ? new PageCache(options.changes) : undefined;
  const renderedPage = async (request: FastifyRequest, status: number): Promise<string> => {
    const indexHtml = await shell();
    if (!prerender) return indexHtml;
    // Only the portal's own pages are kept: any other path's not-found page is rendered
    // each time, so made-up paths cannot crowd the real pages out.
    const key = status === 200 ? pages?.keyOf(request) : undefined;
    if (!pages || key === undefined) return (await prerender(request, indexHtml)).html;
    return pages.through(key, indexHtml, () => prerender(request, indexHtml));
  };
  const page = async (
    request: FastifyRequest,
    reply: FastifyReply,
    status: number,
    rendered = true,
  ) => {
    const html = rendered ? await renderedPage(request, status) : await shell();
    return (
      reply
        .status(status)
        // The page holds what the API answered this visitor: never kept for another. With a
        // cookie (a signed-in session) it may hold what only they may read: kept nowhere.
        .header(
          'cache-control',
          request.headers.cookie === undefined ? 'no-cache' : 'private, no-store',
        )
        .header('vary', 'cookie')
        .type('text/html; charset=utf-8')
        .send(html)
    );
  };
  for (const path of CLIENT_ROUTES)
    app.get(path, HIDDEN, async (request, reply) =>
      page(request, reply, 200, !SHELL_ONLY.has(path)),
    );
  // Any other path: the portal renders its not-found page (a 404 all the same).
  app.get('/*', HIDDEN, async (request, reply) =>
    isPortalPath(request.url) ? page(request, reply, 404) : reply.callNotFound(),
  );
}
