/**
 * The portal rendered on the server, for a first visit (docs/adr/0035-server-rendered-first-visit.md).
 * Built by web/build.ts into dist/web-server and loaded by opf (src/server/routes/prerender.ts)
 * when it answers a portal page. The page is rendered as the browser would render it, with
 * the API's answers the page asks for (useApi) read in-process by `read`: a first pass
 * collects the paths, the next renders with their answers (and may ask for more), up to
 * `maxReads` reads in all. Whatever the page reads is embedded in the HTML, and the browser
 * hydrates from it (main.tsx).
 */
import './zod-jitless.ts';
import { prerender } from 'react-dom/static';
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from 'react-router';
import { routes } from './app/App.tsx';
import { PrerenderContext, type Prerendered } from './shared/prerender.ts';

export interface RenderOptions {
  /** The path and query of the page. */
  url: string;
  cloudName: string;
  /** The host the visitor asked for (request's Host). */
  host: string;
  /** An API read as the visitor would make it: the answer, or undefined when it is not a 200. */
  read: (path: string) => Promise<unknown>;
  /** API reads at most, over all passes. */
  maxReads: number;
  /** Aborts the render (the caller's time limit). */
  signal: AbortSignal;
  /**
   * Reads still pending this many milliseconds after the render began are left to the
   * browser: the page is rendered without them (that part shows its loading state and asks
   * after hydration), so one slow answer does not cost the whole page its server render.
   */
  readsWithinMs?: number;
}

export interface Rendered {
  /** The markup of the page's root element. */
  html: string;
  /** The answers the page was rendered with, by path. */
  data: Record<string, unknown>;
  /** The locale and time zone dates were written in: the browser hydrates only if they are its own. */
  locale: string;
  timeZone: string;
  /** The page's lazy modules (routes' `handle.module`): the server links their stylesheets. */
  modules: string[];
  /**
   * Every read the page asked for was made and waited for: none left to the browser for
   * being late, none beyond `maxReads`. Only such a page may be kept for other visitors.
   */
  complete: boolean;
}

/** Render passes at most: a page whose reads depend on earlier answers needs one more each. */
const MAX_PASSES = 4;

const handler = createStaticHandler(routes);

export async function render(options: RenderOptions): Promise<Rendered> {
  const request = new Request(new URL(options.url, 'http://opf.invalid'), {
    signal: options.signal,
  });
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`the route answered ${context.status}`);
  if (context.errors) throw new Error('the route failed to load');
  const router = createStaticRouter(handler.dataRoutes, context);
  const modules = context.matches.flatMap((match) => {
    const module = (match.route.handle as { module?: unknown } | undefined)?.module;
    return typeof module === 'string' ? [module] : [];
  });
  const readsEnd = performance.now() + (options.readsWithinMs ?? Number.POSITIVE_INFINITY);
  const data: Record<string, unknown> = {};
  const tried = new Set<string>();
  let reads = 0;
  let leftOut = false;
  for (let pass = 1; ; pass++) {
    const prerendered: Prerendered = {
      data,
      wanted: new Set(),
      cloudName: options.cloudName,
      host: options.host,
    };
    const html = await renderOnce(
      <PrerenderContext value={prerendered}>
        <StaticRouterProvider router={router} context={context} hydrate={false} />
      </PrerenderContext>,
      options.signal,
    );
    const next = [...(prerendered.wanted ?? [])].filter((path) => !tried.has(path));
    // A part whose code came in during this pass (React.lazy) was written after the rest,
    // with an inline script to put it in place, which the CSP forbids: render again (its
    // code is in now).
    const allPartsIn = !html.includes('<script');
    if (allPartsIn && (next.length === 0 || reads >= options.maxReads))
      return finished(html, data, modules, next.length === 0 && !leftOut);
    if (pass === MAX_PASSES) {
      if (!allPartsIn) throw new Error(`a part of the page was still loading after ${pass} passes`);
      return finished(html, data, modules, false);
    }
    const batch = next.slice(0, options.maxReads - reads);
    reads += batch.length;
    const late = await readAll(batch, options, data, tried, readsEnd);
    // Late reads are not waited for again: the next pass renders the page without them.
    if (late) {
      reads = options.maxReads;
      leftOut = true;
    }
  }
}

/**
 * The batch's answers into `data`, waiting at most until `readsEnd`; true when some read was
 * still pending then (its answer, when it comes, is dropped: the HTML was rendered without it,
 * so the browser must not hydrate with it either).
 */
async function readAll(
  batch: readonly string[],
  options: RenderOptions,
  data: Record<string, unknown>,
  tried: Set<string>,
  readsEnd: number,
): Promise<boolean> {
  let closed = false;
  const all = Promise.all(
    batch.map(async (path) => {
      tried.add(path);
      const answer = await options.read(path);
      if (answer !== undefined && !closed) data[path] = answer;
    }),
  );
  const wait = readsEnd - performance.now();
  if (wait === Number.POSITIVE_INFINITY) {
    await all;
    return false;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), Math.max(0, wait));
  });
  try {
    const outcome = await Promise.race([all.then(() => 'done' as const), expired]);
    closed = outcome === 'late';
    // A late read that fails later is not news.
    if (closed) all.catch(() => {});
    return closed;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The CSP forbids style attributes in HTML (a style set from a script is allowed): each is
 * sent as data-opf-style, which the browser's entry sets before it hydrates (main.tsx).
 * React escapes `"` in text, so ` style="` occurs only as an attribute.
 */
function finished(
  html: string,
  data: Record<string, unknown>,
  modules: string[],
  complete: boolean,
): Rendered {
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  return {
    html: html.replaceAll(' style="', ' data-opf-style="'),
    data,
    locale,
    timeZone,
    modules,
    complete,
  };
}

/** One render, every lazy part waited for; any error fails it (the caller serves the shell). */
async function renderOnce(element: React.ReactElement, signal: AbortSignal): Promise<string> {
  let failure: unknown;
  const { prelude } = await prerender(element, {
    signal,
    // Never a part sent apart from the rest to be put in place by a script (React does so
    // with large Suspense boundaries otherwise): the CSP forbids inline scripts.
    progressiveChunkSize: Number.MAX_SAFE_INTEGER,
    onError(error) {
      failure ??= error;
    },
  });
  const html = await new Response(prelude).text();
  if (failure !== undefined) throw failure;
  if (signal.aborted) throw new Error('the render was aborted');
  return html;
}
