import type { FastifyInstance } from 'fastify';

/**
 * A minimal browser for the login flow: follows redirects by hand and keeps cookies per
 * host, sending opf's URLs to the app in-process (inject) and the provider's over HTTP.
 */
export class TestBrowser {
  readonly jar = new Map<string, Map<string, string>>();
  readonly setCookies: string[] = [];
  /** Every URL loaded, in order (the callback's carries the authorization code). */
  readonly visited: URL[] = [];

  constructor(
    private readonly app: FastifyInstance,
    private readonly opfOrigin: string,
    /** Sent with every request, like a browser's own Accept header. */
    private readonly defaultHeaders: Record<string, string> = {},
  ) {}

  cookie(host: string, name: string): string | undefined {
    return this.jar.get(host)?.get(name);
  }

  /** Load a URL and follow redirects; returns the last response. */
  async visit(
    start: string,
    maxHops = 20,
  ): Promise<{ url: URL; status: number; body: string; headers: Record<string, string> }> {
    let url = new URL(start, this.opfOrigin);
    for (let hop = 0; hop < maxHops; hop++) {
      const res = await this.fetch(url);
      const location = res.headers.location;
      if (res.status >= 300 && res.status < 400 && location) {
        url = new URL(location, url);
        continue;
      }
      return { url, ...res };
    }
    throw new Error(`too many redirects from ${start}`);
  }

  async fetch(
    url: URL,
    init: { method?: string; headers?: Record<string, string>; body?: string } = {},
  ): Promise<{ status: number; body: string; headers: Record<string, string> }> {
    this.visited.push(url);
    const cookies = [...(this.jar.get(url.host)?.entries() ?? [])]
      .map(([name, value]) => `${name}=${value}`)
      .join('; ');
    const headers = {
      ...this.defaultHeaders,
      ...init.headers,
      ...(cookies && { cookie: cookies }),
    };
    let status: number;
    let body: string;
    let setCookie: string[];
    let out: Record<string, string>;
    if (url.origin === this.opfOrigin) {
      const res = await this.app.inject({
        method: (init.method ?? 'GET') as 'GET',
        url: url.pathname + url.search,
        headers,
        ...(init.body !== undefined && { payload: init.body }),
      });
      status = res.statusCode;
      body = res.body;
      const raw = res.headers['set-cookie'];
      setCookie = raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
      out = Object.fromEntries(
        Object.entries(res.headers).map(([k, v]) => [
          k,
          Array.isArray(v) ? v.join(', ') : String(v),
        ]),
      );
    } else {
      const res = await fetch(url, {
        method: init.method ?? 'GET',
        headers,
        redirect: 'manual',
        ...(init.body !== undefined && { body: init.body }),
      });
      status = res.status;
      body = await res.text();
      setCookie = res.headers.getSetCookie();
      out = Object.fromEntries(res.headers.entries());
    }
    for (const line of setCookie) this.store(url.host, line);
    return { status, body, headers: out };
  }

  /** Submit a form of opf's pages (application/x-www-form-urlencoded), as a browser does. */
  async postForm(path: string, fields: Record<string, string>) {
    return this.fetch(new URL(path, this.opfOrigin), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Sign out as the portal does: a form posting the session's CSRF token. */
  async signOut() {
    const me = await this.fetch(new URL('/api/v1/me', this.opfOrigin));
    const csrf = (JSON.parse(me.body) as { csrfToken?: string }).csrfToken ?? '';
    return this.postForm('/auth/logout', { csrf });
  }

  private store(host: string, line: string): void {
    this.setCookies.push(line);
    const [pair, ...attributes] = line.split(';');
    const eq = pair!.indexOf('=');
    const name = pair!.slice(0, eq).trim();
    const value = pair!.slice(eq + 1).trim();
    const expired = attributes.some((a) => {
      const [k, v] = a.trim().split('=');
      return (
        (k?.toLowerCase() === 'max-age' && Number(v) <= 0) ||
        (k?.toLowerCase() === 'expires' && Date.parse(v ?? '') <= Date.now())
      );
    });
    const cookies = this.jar.get(host) ?? new Map<string, string>();
    if (expired || value === '') cookies.delete(name);
    else cookies.set(name, value);
    this.jar.set(host, cookies);
  }
}

/** The forms of a page: where each posts, and its hidden fields. */
export function formsOf(html: string): { action: string; fields: Record<string, string> }[] {
  const decode = (text: string) =>
    text
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&');
  return [...html.matchAll(/<form method="post" action="([^"]+)">(.*?)<\/form>/gs)].map(
    ([, action, inner]) => ({
      action: decode(action!),
      fields: Object.fromEntries(
        [...inner!.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map(
          ([, name, value]) => [name!, decode(value!)],
        ),
      ),
    }),
  );
}
