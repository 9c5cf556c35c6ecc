import { useEffect } from 'react';

/**
 * Marks the moment the portal answers clicks: the frame and its first page committed
 * (hydrated, on a page the server rendered). Rendered by the layout, which comes only once the
 * page's code is in (not with the router's loading fallback); effects run after the commit, so
 * the page's own parts are live by then. Browser tests wait for the attribute before they act
 * (test/web/browser.ts); the web bench reports the mark ("ready").
 */
export function MarkReady() {
  useEffect(() => {
    performance.mark('opf-ready');
    document.documentElement.dataset.opfReady = '';
  }, []);
  return null;
}
