import { createContext, useContext, useSyncExternalStore } from 'react';
import { PRERENDERED_DATA_ID } from './prerender-id.ts';

/**
 * A first visit rendered on the server (docs/adr/0035-server-rendered-first-visit.md): the
 * answers of the API reads the page made there, by path, embedded in the HTML, so the
 * browser's first render (which hydrates that HTML) shows the same data without asking again.
 */
export interface Prerendered {
  /** The API's answers by the path useApi asked for (successful reads only). */
  data: Record<string, unknown>;
  /** On the server: the paths asked for and not in `data` yet (the next pass reads them). */
  wanted?: Set<string>;
  /** On the server: the cloud's name (in the browser it is the page's meta tag). */
  cloudName?: string;
  /** On the server: the host the visitor asked (in the browser, location.host). */
  host?: string;
}

export const PrerenderContext = createContext<Prerendered | undefined>(undefined);

export { PRERENDERED_DATA_ID } from './prerender-id.ts';

/** The answer to `path` the server read for this page, if it did. */
export function usePrerendered(path: string | undefined): { data: unknown } | undefined {
  const prerendered = useContext(PrerenderContext);
  if (path === undefined || prerendered === undefined) return undefined;
  if (Object.hasOwn(prerendered.data, path)) return { data: prerendered.data[path] };
  prerendered.wanted?.add(path);
  return undefined;
}

/** The cloud's name while rendering on the server, else undefined. */
export function usePrerenderedCloudName(): string | undefined {
  return useContext(PrerenderContext)?.cloudName;
}

/** The host of the page (`webcal:` links), on the server as in the browser. */
export function usePageHost(): string {
  return useContext(PrerenderContext)?.host ?? window.location.host;
}

/** What the server embeds in a page it rendered. */
export interface EmbeddedPage {
  data: Record<string, unknown>;
  /** The locale and time zone its dates are written in. */
  locale: string;
  timeZone: string;
}

/** What the server embedded in this page, or undefined (a page the server did not render). */
export function readEmbeddedPage(): EmbeddedPage | undefined {
  const element = document.getElementById(PRERENDERED_DATA_ID);
  if (!element?.textContent) return undefined;
  try {
    const page = JSON.parse(element.textContent) as Partial<EmbeddedPage> | null;
    if (typeof page?.data !== 'object' || page.data === null) return undefined;
    return { data: page.data, locale: String(page.locale), timeZone: String(page.timeZone) };
  } catch {
    return undefined;
  }
}

const never = () => () => {};

/**
 * False on the server and during hydration, true afterwards: what only the browser knows
 * (storage, the session) renders after hydration, so the first render matches the server's.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    never,
    () => true,
    () => false,
  );
}
