import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerErrorHandler } from '../../src/server/error-handler.ts';
import { webRoutes } from '../../src/server/routes/web.ts';
import { NAV_ITEMS } from '../../web/src/app/nav.ts';
import { tempDir } from '../cli/helpers.ts';

let temp: ReturnType<typeof tempDir>;

/** The web routes alone, on a directory standing in for dist/web, with opf's 404 answer. */
async function appServing(root: string): Promise<FastifyInstance> {
  const app = Fastify();
  registerErrorHandler(app);
  app.get('/api/v1/ping', async () => ({ ok: true }));
  await app.register(webRoutes, { root });
  await app.ready();
  return app;
}

beforeAll(() => {
  temp = tempDir('opf-web-serving-');
  mkdirSync(join(temp.dir, 'built', 'assets'), { recursive: true });
  writeFileSync(join(temp.dir, 'built', 'index.html'), '<!doctype html><title>portal</title>');
  writeFileSync(join(temp.dir, 'built', 'assets', 'index-AbC123.js'), 'console.log(1);');
  // As the build leaves them (web/precompress.ts): the asset and its .br and .gz.
  const styles = join(temp.dir, 'built', 'assets', 'index-Css456.css');
  writeFileSync(styles, STYLES);
  writeFileSync(`${styles}.br`, brotliCompressSync(STYLES));
  writeFileSync(`${styles}.gz`, gzipSync(STYLES));
});
const STYLES = `.opf-a { color: red; }\n`.repeat(200);
afterAll(() => temp?.remove());

describe('serving the built portal', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await appServing(join(temp.dir, 'built'));
  });
  afterAll(() => app.close());

  it('hashed assets are cached for a year as immutable; index.html is revalidated', async () => {
    const asset = await app.inject('/assets/index-AbC123.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    const index = await app.inject('/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toContain('<title>portal</title>');
  });

  it('client routes get index.html; every other path keeps its own answer or the JSON 404', async () => {
    const clientPaths = [
      ...NAV_ITEMS.map((item) => item.path),
      '/requests/12',
      '/projects?q=x',
      '/projects/some-lab',
      '/account/tokens',
      '/meetings/coordination',
      '/meetings/coordination/2026-12-09',
      '/announcements/3',
      '/sign-in?return_to=%2F',
    ];
    for (const path of clientPaths)
      expect((await app.inject(path)).body, path).toContain('<title>portal</title>');
    expect((await app.inject('/api/v1/ping')).json()).toEqual({ ok: true });
    // Under the API's prefixes a mistyped path keeps the JSON 404…
    for (const path of ['/api/v1/nope', '/auth/login/x', '/assets', '/openapi.json/x']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.json().code, path).toBe('OPF_ERR_ROUTE_NOT_FOUND');
    }
    // …any other path is a page: the portal renders its not-found page, answered as a 404.
    for (const path of ['/no/such/route', '/requests', '/nope', '/meetings/x/y/z']) {
      const res = await app.inject(path);
      expect(res.statusCode, path).toBe(404);
      expect(res.headers['content-type'], path).toMatch(/^text\/html/);
      expect(res.body, path).toContain('<title>portal</title>');
    }
  });

  it('an asset goes out compressed as the browser accepts (br, else gzip), else as it is', async () => {
    const br = await app.inject({
      url: '/assets/index-Css456.css',
      headers: { 'accept-encoding': 'gzip, deflate, br, zstd' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(STYLES.length / 10);
    const gzip = await app.inject({
      url: '/assets/index-Css456.css',
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    const plain = await app.inject({
      url: '/assets/index-Css456.css',
      headers: { 'accept-encoding': 'identity' },
    });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(STYLES);
    for (const res of [br, gzip, plain]) {
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/css/);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    // No compressed sibling: the file itself, whatever the browser accepts.
    const js = await app.inject({
      url: '/assets/index-AbC123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(js.headers['content-encoding']).toBeUndefined();
    expect(js.body).toBe('console.log(1);');
  });

  it('a missing asset is a 404, and paths cannot climb out of the build', async () => {
    expect((await app.inject('/assets/index-Missing.js')).statusCode).toBe(404);
    const climb = await app.inject('/assets/..%2f..%2fpackage.json');
    expect(climb.statusCode).not.toBe(200);
  });
});

describe('without a build', () => {
  it('answers with a page saying how to build, not a crash', async () => {
    const app = await appServing(join(temp.dir, 'nothing-here'));
    const res = await app.inject('/projects');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build:web');
    expect(res.body).not.toMatch(/<script|<style|style=/);
    expect((await app.inject('/api/v1/nope')).statusCode).toBe(404);
    await app.close();
  });
});
