// The portal's code, started by the boot entry (main.tsx) once the server's HTML is painted.
import './zod-jitless.ts';

// When the portal's code began to run: after the first paint on a server-rendered page
// (test/web/server-render.test.ts).
performance.mark('opf-start');

import { createRoot, hydrateRoot } from 'react-dom/client';
import { App, createRouter, loadRoutesFor } from './app/App.tsx';
import { PrerenderContext, type Prerendered, readEmbeddedPage } from './shared/prerender.ts';
import { restoreSession } from './shared/session.ts';

async function start(container: HTMLElement): Promise<void> {
  const embedded = readEmbeddedPage();
  if (!embedded || !container.firstElementChild) {
    createRoot(container).render(<App router={createRouter()} />);
    return;
  }
  // Style attributes come as data-opf-style (the CSP refuses them in HTML, not from a script).
  for (const element of container.querySelectorAll<HTMLElement>('[data-opf-style]')) {
    element.style.cssText = element.dataset.opfStyle ?? '';
    element.removeAttribute('data-opf-style');
  }
  // The server's HTML: the page's code first, so the first render is the page (not a fallback).
  await loadRoutesFor(window.location.pathname);
  const router = createRouter();
  const prerendered: Prerendered = { data: embedded.data };
  // The answers were those of this page's first view: another page (or this one visited
  // again) asks the API.
  const unsubscribe = router.subscribe((state) => {
    if (state.location.key !== 'default') {
      prerendered.data = {};
      unsubscribe();
    }
  });
  const app = (
    <PrerenderContext value={prerendered}>
      <App router={router} />
    </PrerenderContext>
  );
  const { locale, timeZone } = Intl.DateTimeFormat().resolvedOptions();
  if (embedded.locale === locale && embedded.timeZone === timeZone) hydrateRoot(container, app);
  // Dates written in another zone or language than the reader's: rendered again here (from
  // the same answers, so no flash of loading) rather than hydrated to mismatching text.
  else createRoot(container).render(app);
}

void restoreSession();
const container = document.getElementById('root');
if (container) void start(container);
