import type { FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import type { ChangeSignal } from './change-signal.ts';
import { endOfUtcDay, PUBLIC_CACHE_MAX_AGE_MS } from './public-cache.ts';

/** What the kept pages take at most per process, counted in UTF-16 code units × 2. */
export const PAGE_CACHE_MAX_BYTES = 16 * 1024 * 1024;

interface KeptPage {
  /** The index.html the page was rendered into: a new build is never answered with an old page. */
  shell: string;
  html: string;
  storedAt: number;
  /** The end of the UTC day it was rendered in: not sent from then on. */
  until: number;
}

/**
 * Server-rendered portal pages kept for anonymous visitors (ADR 0007, amended), as the public
 * read cache keeps the API's answers they are made of: the same for every visitor without a
 * session until something is written, so a page read by many is rendered once, not once per
 * visitor (a project's page reads seven answers and renders three times to follow them).
 *
 * Cleared by the same change signal; kept at most PUBLIC_CACHE_MAX_AGE_MS, since a page
 * follows the clock as its answers do (the next meeting, a report's default period), and
 * no page is kept past the UTC day it was rendered in. Only a page rendered whole (every
 * read answered in time, none failing) is kept; a visitor with a cookie or a token is never
 * sent a kept page, nor is their page kept.
 */
export class PageCache {
  private readonly lru = new LRUCache<string, KeptPage>({
    maxSize: PAGE_CACHE_MAX_BYTES,
    sizeCalculation: (page, key) => (key.length + page.html.length) * 2 + 64,
  });

  constructor(private readonly changes: ChangeSignal) {
    changes.subscribe(() => this.lru.clear());
  }

  /** The key of a request whose page may be kept and sent again, or undefined. */
  keyOf(request: FastifyRequest): string | undefined {
    if (request.method !== 'GET') return undefined;
    if (request.headers.cookie !== undefined || request.headers.authorization !== undefined)
      return undefined;
    // The page names the host it was asked for (links, the API's address).
    return `${request.host}\n${request.url}`;
  }

  get(key: string, shell: string): string | undefined {
    const page = this.lru.get(key);
    if (!page) return undefined;
    const now = Date.now();
    if (
      page.shell !== shell ||
      now - page.storedAt > PUBLIC_CACHE_MAX_AGE_MS ||
      now >= page.until
    ) {
      this.lru.delete(key);
      return undefined;
    }
    return page.html;
  }

  /**
   * Renders through `render` and keeps what it made when it may be kept and nothing was
   * written while it rendered (the page might not show that write).
   */
  async through(
    key: string,
    shell: string,
    render: () => Promise<{ html: string; keepable: boolean }>,
  ): Promise<string> {
    const kept = this.get(key, shell);
    if (kept !== undefined) return kept;
    const generation = this.changes.generation;
    const storedAt = Date.now();
    const page = await render();
    if (page.keepable && this.changes.generation === generation)
      this.lru.set(key, { shell, html: page.html, storedAt, until: endOfUtcDay(storedAt) });
    return page.html;
  }

  get size(): number {
    return this.lru.size;
  }
}
