// The boot entry: the stylesheets, the theme, and the portal's code (start.tsx) after the
// server's HTML is on screen. Evaluating React, PatternFly and the router is one long task
// (0.4–0.9 s on two busy cores, in tasks of 40–180 ms); run from index.html's module script it
// came before the first paint, so a server-rendered page showed nothing until it ended; run as
// soon as the paint was produced, it slowed that paint's raster. The page is painted with
// its first-paint stylesheet; the full stylesheets and the code's module preloads wait in a
// template (src/server/routes/first-paint-css.ts) and come in here, after the paint.
import '@patternfly/react-core/dist/styles/base.css';
import './app/app.css';
import { AFTER_PAINT_TEMPLATE_ID, PRERENDERED_DATA_ID } from './shared/prerender-id.ts';
import { applyStoredTheme } from './shared/stored-theme.ts';

applyStoredTheme();

let started = false;
function start(): void {
  if (started) return;
  started = true;
  // The code is not held for the stylesheets: hydrated sooner, the page answers clicks sooner.
  // The template's module preloads go in first, so the portal's modules are all asked for at
  // once rather than one import after another.
  void addHeldAfterPaint();
  void import('./start.tsx');
}

/**
 * A server-rendered page is painted with its first-paint stylesheet, the rules its HTML uses
 * (src/server/routes/first-paint-css.ts); its full stylesheets and module preloads wait in a
 * template. Now they go in the head, in their order (the preloads first, so the portal's
 * modules are all asked for at once); the stylesheets apply together once
 * all are in (one after another, a component's defaults would come after the portal's own
 * rules for a moment, and its transitions would play), or after a bound.
 */
function addHeldAfterPaint(): Promise<void> {
  const held = document.getElementById(AFTER_PAINT_TEMPLATE_ID);
  if (!(held instanceof HTMLTemplateElement)) return Promise.resolve();
  const sheets = [...held.content.querySelectorAll<HTMLLinkElement>('link[rel="stylesheet"]')];
  const loaded = sheets.map(
    (link) =>
      new Promise<void>((done) => {
        link.media = 'print';
        link.addEventListener('load', () => done(), { once: true });
        link.addEventListener('error', () => done(), { once: true });
      }),
  );
  document.head.append(held.content);
  // Bounded: a stylesheet slow to come applies when it comes, and does not hold the portal back.
  const patience = new Promise<void>((done) => setTimeout(done, SHEETS_PATIENCE_MS));
  return Promise.race([Promise.all(loaded), patience]).then(() => {
    for (const link of sheets) link.media = 'all';
  });
}

/** How long the portal's code waits for the page's full stylesheets at most. */
const SHEETS_PATIENCE_MS = 2000;

/**
 * Runs `then` once the first paint is on screen, not merely produced: painting ends on the
 * main thread before its raster does, and the portal's code (a long task) started then takes
 * the cores the raster needs, so the first paint showed later (docs/performance.md). The
 * browser reports the first contentful paint once it is presented; without that report
 * (a browser without paint timing) the task after the next frame stands for it, and a page
 * that never reports one starts after a bound.
 */
function whenFirstPaintShown(then: () => void): void {
  let observer: PerformanceObserver | undefined;
  const go = () => {
    observer?.disconnect();
    clearTimeout(bound);
    then();
  };
  const bound = setTimeout(go, FIRST_PAINT_PATIENCE_MS);
  if (
    typeof PerformanceObserver !== 'undefined' &&
    PerformanceObserver.supportedEntryTypes?.includes('paint')
  ) {
    observer = new PerformanceObserver((list) => {
      if (list.getEntriesByName('first-contentful-paint').length > 0) setTimeout(go, 0);
    });
    observer.observe({ type: 'paint', buffered: true });
  } else requestAnimationFrame(() => setTimeout(go, 0));
}

/** How long the portal's code waits for the first paint's report at most. */
const FIRST_PAINT_PATIENCE_MS = 1500;

if (document.getElementById(PRERENDERED_DATA_ID) && document.visibilityState === 'visible') {
  whenFirstPaintShown(start);
  // A tab hidden meanwhile paints nothing: start then.
  document.addEventListener('visibilitychange', start, { once: true });
} else start();
