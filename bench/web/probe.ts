/** What the probe reports for one load; times in ms from navigation start (timeOrigin). */
export interface ProbeResult {
  /** The first meaningful render: when the main data's text was painted (Element Timing). */
  renderAt: number;
  /** When the main data entered the DOM (React's commit). */
  domAt: number;
  fcp: number | null;
  lcp: number | null;
  /** Requests to /api/ by the time of domAt; bytes transferred (document + resources) by the
   *  time the figures were collected (after the render and the portal's ready mark). */
  apiCalls: number;
  bytes: number;
  /** When the portal answered clicks: its first render committed (the opf-ready mark). */
  readyAt: number | null;
}

/**
 * Installed before the page's own scripts (addInitScript, which the page's CSP does not apply
 * to). MAIN and UPDATED are the page's expressions for its main data: arrays of elements, each
 * truthy once that part is there. A MutationObserver evaluates them after each DOM change; as
 * soon as a part is there (React's commit, before the frame is painted):
 * - a part that is a new element: its first text (and the elements around it, up to the part)
 *   is marked `elementtiming`, and the browser's Element Timing entry says when that text was
 *   painted (text in a web font still loading counts when it shows);
 * - a part that was already on screen and changed in place (UPDATED: the dashboard's counts,
 *   '…' until loaded): Element Timing reports an element's first paint only, so its time is
 *   taken in a task right after the frame's requestAnimationFrame, once the frame is produced.
 * The render time is the latest of these, once every part is there. FCP and LCP come from the browser's own entries.
 * Plain JavaScript in a string: this file runs in Node, the probe in the page.
 */
export const PROBE_SOURCE = `(() => {
  const state = { renderAt: null, domAt: null, fcp: null, lcp: null, apiCalls: 0 };
  let rendered;
  window.__opfRendered = new Promise((resolve) => { rendered = resolve; });
  window.__opfCollect = () => ({
    ...state,
    bytes: (performance.getEntriesByType('navigation')[0]?.transferSize ?? 0) +
      performance.getEntriesByType('resource').reduce((sum, r) => sum + r.transferSize, 0),
    readyAt: performance.getEntriesByName('opf-ready')[0]?.startTime ?? null,
  });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    state.lcp = entries[entries.length - 1].startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const pending = new Set();
  const seen = new Set();
  let total = null;
  let latest = 0;
  const finish = () => {
    if (state.renderAt !== null || total === null || seen.size < total || pending.size > 0) return;
    state.renderAt = latest;
    rendered();
  };
  const settle = (id, at) => {
    if (!pending.delete(id)) return;
    latest = Math.max(latest, at);
    finish();
  };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) settle(entry.identifier, entry.renderTime || entry.loadTime);
  }).observe({ type: 'element', buffered: true });
  const evaluate = (parts) => {
    try {
      return parts();
    } catch {
      return [];
    }
  };
  // The element holding a part's first text; none while the parser has not reached that text
  // yet (the HTML came in chunks, and one ended inside the part).
  const firstText = (root) => {
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode())
      if (node.textContent.trim() !== '') return node.parentElement;
    return null;
  };
  // Each part is handled the moment it appears: a part that came early (the recent requests
  // before the counts) is painted before the others arrive, and only a mark made before its
  // first paint is reported.
  const observer = new MutationObserver(() => {
    const main = evaluate(() => MAIN);
    const updated = evaluate(() => UPDATED);
    total = main.length + updated.length;
    main.forEach((part, i) => {
      const id = 'opf-main-' + i;
      if (!part || seen.has(id)) return;
      // A part is there once its text is: marked before, only the part itself (a table row,
      // a list) would carry the mark, and Chromium reports text by the block laying it out,
      // so that load would never report (seen once in a few hundred loads).
      const text = firstText(part);
      if (!text) return;
      seen.add(id);
      pending.add(id);
      // Chromium times text by the block that lays it out, not by an inline <strong>: mark
      // every element from the text up to the part; whichever reports first stands for it.
      for (let el = text; el; el = el === part ? null : el.parentElement)
        el.setAttribute('elementtiming', id);
    });
    updated.forEach((part, i) => {
      const id = 'opf-updated-' + i;
      if (!part || seen.has(id)) return;
      seen.add(id);
      pending.add(id);
      requestAnimationFrame(() => setTimeout(() => settle(id, performance.now())));
    });
    if (total === 0 || seen.size < total) return;
    state.domAt = performance.now();
    observer.disconnect();
    const resources = performance.getEntriesByType('resource');
    state.apiCalls = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/')).length;
    finish();
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
