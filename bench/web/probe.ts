/** What the probe reports for one load; times in ms from navigation start (timeOrigin). */
export interface ProbeResult {
  /** The first meaningful render: the frame after the page's main data appeared. */
  renderAt: number;
  /** When the main data entered the DOM (before that frame). */
  domAt: number;
  fcp: number | null;
  lcp: number | null;
  /** Requests to /api/ and bytes fetched (document + resources) by the meaningful render. */
  apiCalls: number;
  bytes: number;
}

/**
 * Installed before the page's own scripts (addInitScript, which the page's CSP does not apply
 * to). A MutationObserver checks READY, the page's "main data is visible" expression, after each
 * DOM change; once it holds, the time is taken in the frame's requestAnimationFrame callback and
 * again in a task right after it, which runs once that frame has been produced: the render time.
 * FCP and LCP come from the browser's own paint and largest-contentful-paint entries.
 * Plain JavaScript in a string: this file runs in Node, the probe in the page.
 */
export const PROBE_SOURCE = `(() => {
  const state = { renderAt: null, domAt: null, fcp: null, lcp: null, apiCalls: 0, bytes: 0 };
  let rendered;
  window.__opfRendered = new Promise((resolve) => { rendered = resolve; });
  window.__opfCollect = () => ({ ...state });
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  new PerformanceObserver((list) => {
    const entries = list.getEntries();
    state.lcp = entries[entries.length - 1].startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const ready = () => { try { return Boolean(READY); } catch { return false; } };
  const observer = new MutationObserver(() => {
    if (state.domAt !== null || !ready()) return;
    state.domAt = performance.now();
    observer.disconnect();
    requestAnimationFrame(() => setTimeout(() => {
      const navigation = performance.getEntriesByType('navigation')[0];
      const resources = performance.getEntriesByType('resource');
      state.apiCalls = resources.filter((r) => new URL(r.name).pathname.startsWith('/api/')).length;
      state.bytes = (navigation ? navigation.transferSize : 0) +
        resources.reduce((sum, r) => sum + r.transferSize, 0);
      state.renderAt = performance.now();
      rendered();
    }));
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
