import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ChangeSignal } from '../../src/server/change-signal.ts';
import { registerErrorHandler } from '../../src/server/error-handler.ts';
import { PUBLIC_CACHE_MAX_AGE_MS } from '../../src/server/public-cache.ts';
import {
  jsonForScript,
  type PageRenderer,
  PRERENDERED_DATA_ID,
} from '../../src/server/routes/prerender.ts';
import { webRoutes } from '../../src/server/routes/web.ts';
import { tempDir } from '../cli/helpers.ts';

// The server side of server-rendered first visits (src/server/routes/prerender.ts, ADR 0035),
// with stand-ins for the build's server module: what goes into the page, what happens when
// the render fails or takes too long (the client-only shell, never an error), the headers.

const SHELL = '<!doctype html><html><head></head><body><div id="root"></div></body></html>';
let temp: ReturnType<typeof tempDir>;
let root: string;

beforeAll(() => {
  temp = tempDir('opf-prerender-');
  root = join(temp.dir, 'built');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), SHELL);
});
afterAll(() => temp?.remove());

/** The web routes with a renderer standing in for the build's, and an API route to read. */
async function appWith(
  renderer: PageRenderer,
  options: { timeoutMs?: number; maxReads?: number; changes?: ChangeSignal } = {},
): Promise<FastifyInstance & { logged: string[] }> {
  const { changes, ...prerender } = options;
  const logged: string[] = [];
  const app = Fastify({
    logger: {
      level: 'warn',
      stream: { write: (line: string) => logged.push(line) },
    },
  }) as unknown as FastifyInstance;
  registerErrorHandler(app);
  app.get('/api/v1/thing', async (request) => ({
    name: 'a <b>thing</b> & </script>',
    cookie: request.headers.cookie ?? null,
  }));
  app.get('/api/v1/secret', async (_request, reply) => reply.status(401).send({ code: 'NO' }));
  app.get('/api/v1/broken', async (_request, reply) => reply.status(503).send({ code: 'DOWN' }));
  app.get('/api/v1/per-client', async (_request, reply) =>
    reply.header('cache-control', 'no-store').send({ yours: true }),
  );
  await app.register(webRoutes, {
    root,
    prerender: { load: async () => renderer, ...prerender },
    ...(changes && { changes }),
  });
  await app.ready();
  return Object.assign(app, { logged });
}

/** A renderer that reads the paths it is given and writes what it read. */
function reading(paths: string[], complete = true): PageRenderer & { urls: string[] } {
  const urls: string[] = [];
  return {
    urls,
    async render(options) {
      urls.push(options.url);
      const data: Record<string, unknown> = {};
      for (const path of paths.slice(0, options.maxReads)) {
        const answer = await options.read(path);
        if (answer !== undefined) data[path] = answer;
      }
      return {
        html: `<p data-test="rendered">${Object.keys(data).join(',')}</p>`,
        data,
        locale: 'en-US',
        timeZone: 'UTC',
        complete,
      };
    },
  };
}

/** The shell as it was before: an empty root element, no data. */
function expectShell(html: string): void {
  expect(html).toContain('<div id="root"></div>');
  expect(html).not.toContain(PRERENDERED_DATA_ID);
}

function embedded(html: string): { data: Record<string, unknown>; locale: string } {
  const match = html.match(
    new RegExp(`<script type="application/json" id="${PRERENDERED_DATA_ID}">(.*?)</script>`),
  );
  if (!match?.[1]) throw new Error(`no embedded data in ${html}`);
  return JSON.parse(match[1]);
}

describe('a portal page rendered on the server', () => {
  it('holds the markup in the root element and the answers read in a JSON script element', async () => {
    const renderer = reading(['/api/v1/thing', '/api/v1/secret']);
    const app = await appWith(renderer);
    const page = await app.inject('/projects?q=x');
    expect(page.statusCode).toBe(200);
    expect(renderer.urls).toEqual(['/projects?q=x']);
    expect(page.body).toContain('<div id="root"><p data-test="rendered">/api/v1/thing</p></div>');
    // Data, not code: the CSP stays strict (no inline script runs).
    expect(page.body).not.toMatch(/<script(?! type="application\/json")/);
    // Nothing in the JSON closes the element or opens markup.
    const json = page.body.slice(page.body.indexOf(PRERENDERED_DATA_ID));
    expect(json.slice(json.indexOf('>') + 1, json.indexOf('</script>'))).not.toMatch(/[<>&]/);
    const { data, locale } = embedded(page.body);
    // Only successful reads are embedded: the 401 is left for the browser to ask.
    expect(Object.keys(data)).toEqual(['/api/v1/thing']);
    expect(data['/api/v1/thing']).toEqual({ name: 'a <b>thing</b> & </script>', cookie: null });
    expect(locale).toBe('en-US');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers.vary).toBe('cookie');
    await app.close();
  });

  it('reads the API with the visitor’s cookies; such a page is kept by no cache', async () => {
    const app = await appWith(reading(['/api/v1/thing']));
    const page = await app.inject({ url: '/projects', headers: { cookie: 'opf_session=abc' } });
    expect(page.statusCode).toBe(200);
    expect(embedded(page.body).data['/api/v1/thing']).toMatchObject({
      cookie: 'opf_session=abc',
    });
    expect(page.headers['cache-control']).toBe('private, no-store');
    await app.close();
  });

  it('reads nothing outside the API, and no more than the cap', async () => {
    const renderer = reading(['/healthz', '/api/v1/thing', '/api/v1/thing?again']);
    const app = await appWith(renderer, { maxReads: 2 });
    const page = await app.inject('/projects');
    expect(Object.keys(embedded(page.body).data)).toEqual(['/api/v1/thing']);
    await app.close();
  });

  it('a render that fails sends the client-only shell, logged, with the page’s own status', async () => {
    const app = await appWith({
      render: async () => {
        throw new Error('the page broke');
      },
    });
    const page = await app.inject('/projects');
    expect(page.statusCode).toBe(200);
    expectShell(page.body);
    const missing = await app.inject('/no/such/page');
    expect(missing.statusCode).toBe(404);
    expectShell(missing.body);
    expect(app.logged.join('\n')).toContain('the page broke');
    await app.close();
  });

  it('a render that takes too long sends the shell at the time limit, and is aborted', async () => {
    let aborted = false;
    const app = await appWith(
      {
        render: (options) =>
          new Promise((_resolve, reject) => {
            options.signal.addEventListener('abort', () => {
              aborted = true;
              reject(new Error('aborted'));
            });
          }),
      },
      { timeoutMs: 50 },
    );
    const page = await app.inject('/projects');
    expect(page.statusCode).toBe(200);
    expectShell(page.body);
    expect(aborted).toBe(true);
    expect(app.logged.join('\n')).toContain('not rendered within 50 ms');
    await app.close();
  });

  it('a server module that cannot be loaded sends the shell, and is tried again next time', async () => {
    let loads = 0;
    const app = Fastify();
    await app.register(webRoutes, {
      root,
      prerender: {
        load: async () => {
          loads += 1;
          if (loads === 1) throw new Error('not there yet');
          return reading([]);
        },
      },
    });
    expectShell((await app.inject('/projects')).body);
    expect((await app.inject('/projects')).body).toContain('data-test="rendered"');
    expect(loads).toBe(2);
    await app.close();
  });
});

describe('JSON in a script element', () => {
  it('writes no <, > or & and no line separator, and parses back to the same value', () => {
    const value = { a: '</script><!-- & \u2028 \u2029 -->' };
    const text = jsonForScript(value);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('pages kept client-only', () => {
  it('the wizard (a draft in the browser’s storage) is sent as the shell', async () => {
    const renderer = reading([]);
    const app = await appWith(renderer);
    expectShell((await app.inject('/requests/new')).body);
    expectShell((await app.inject('/requests/7/edit')).body);
    expect(renderer.urls).toEqual([]);
    expect((await app.inject('/requests/7')).body).toContain('data-test="rendered"');
    await app.close();
  });
});

describe('server-rendered pages kept for anonymous visitors', () => {
  it('renders a page once for every anonymous visitor until something is written', async () => {
    const changes = new ChangeSignal();
    const renderer = reading(['/api/v1/thing']);
    const app = await appWith(renderer, { changes });
    const first = await app.inject('/projects?q=x');
    const second = await app.inject('/projects?q=x');
    expect(second.body).toBe(first.body);
    expect(renderer.urls).toEqual(['/projects?q=x']);
    // Another query, another page.
    await app.inject('/projects?q=y');
    expect(renderer.urls).toEqual(['/projects?q=x', '/projects?q=y']);
    changes.changed('remote');
    await app.inject('/projects?q=x');
    expect(renderer.urls).toEqual(['/projects?q=x', '/projects?q=y', '/projects?q=x']);
    // Still the no-cache headers: a browser asks again each time.
    expect(second.headers['cache-control']).toBe('no-cache');
    await app.close();
  });

  it('never for a visitor with a cookie or a token, nor kept from their page', async () => {
    const renderer = reading(['/api/v1/thing']);
    const app = await appWith(renderer, { changes: new ChangeSignal() });
    await app.inject({ url: '/projects', headers: { cookie: 'opf_session=abc' } });
    await app.inject({ url: '/projects', headers: { authorization: 'Bearer x' } });
    const anonymous = await app.inject('/projects');
    expect(embedded(anonymous.body).data['/api/v1/thing']).toMatchObject({ cookie: null });
    await app.inject({ url: '/projects', headers: { cookie: 'opf_session=abc' } });
    expect(renderer.urls).toHaveLength(4);
    await app.close();
  });

  it('keeps no page rendered without a late read, or whose read failed or was per client, nor a not-found page', async () => {
    const late = reading(['/api/v1/thing'], false);
    const lateApp = await appWith(late, { changes: new ChangeSignal() });
    await lateApp.inject('/projects');
    await lateApp.inject('/projects');
    expect(late.urls).toHaveLength(2);
    await lateApp.close();

    const broken = reading(['/api/v1/broken']);
    const brokenApp = await appWith(broken, { changes: new ChangeSignal() });
    await brokenApp.inject('/projects');
    await brokenApp.inject('/projects');
    expect(broken.urls).toHaveLength(2);
    await brokenApp.inject('/no-such-page');
    await brokenApp.inject('/no-such-page');
    expect(broken.urls).toHaveLength(4);
    await brokenApp.close();

    const perClient = reading(['/api/v1/thing', '/api/v1/per-client']);
    const perClientApp = await appWith(perClient, { changes: new ChangeSignal() });
    await perClientApp.inject('/sign-in');
    await perClientApp.inject('/sign-in');
    expect(perClient.urls).toHaveLength(2);
    await perClientApp.close();
  });

  it('does not keep a page a write landed during, nor send one past its minute, its day or its build', async () => {
    const changes = new ChangeSignal();
    let writeDuringRender = true;
    const renderer = reading(['/api/v1/thing']);
    const render = renderer.render.bind(renderer);
    renderer.render = async (options) => {
      const page = await render(options);
      if (writeDuringRender) changes.changed();
      return page;
    };
    const app = await appWith(renderer, { changes });
    await app.inject('/projects');
    writeDuringRender = false;
    await app.inject('/projects');
    await app.inject('/projects');
    expect(renderer.urls).toHaveLength(2);

    const now = Date.now();
    try {
      vi.spyOn(Date, 'now').mockReturnValue(now + PUBLIC_CACHE_MAX_AGE_MS + 1);
      await app.inject('/projects');
      expect(renderer.urls).toHaveLength(3);
      // Rendered ten seconds before midnight UTC: not sent on the next day.
      const beforeMidnight = Date.UTC(2026, 11, 5, 23, 59, 50);
      vi.spyOn(Date, 'now').mockReturnValue(beforeMidnight);
      changes.changed();
      await app.inject('/projects');
      await app.inject('/projects');
      expect(renderer.urls).toHaveLength(4);
      vi.spyOn(Date, 'now').mockReturnValue(beforeMidnight + 10_000);
      await app.inject('/projects');
      expect(renderer.urls).toHaveLength(5);
    } finally {
      vi.restoreAllMocks();
    }
    // A new build (another index.html) is never answered with the old one's page.
    writeFileSync(join(root, 'index.html'), SHELL.replace('<head>', '<head><meta name="v2">'));
    try {
      const page = await app.inject('/projects');
      expect(page.body).toContain('<meta name="v2">');
      expect(renderer.urls).toHaveLength(6);
    } finally {
      writeFileSync(join(root, 'index.html'), SHELL);
    }
    await app.close();
  });
});
