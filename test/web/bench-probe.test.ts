import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBE_SOURCE } from '../../bench/web/probe.ts';
import { chromiumMissing, launchChromium, NEEDS_CHROMIUM } from './browser.ts';

// bench/web's probe (probe.ts) times a page's first meaningful render by Element Timing on the
// part's text. A page whose HTML comes in chunks may hold the part (a table row) before the
// chunk with its text: the probe must wait for that text, or the load never reports.
const missing = chromiumMissing();

/** A table whose first row's text comes 300 ms after the row itself. */
function chunkedPage(): Promise<Server> {
  const server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.write(
      `<!doctype html><html><head><link rel="icon" href="data:,"></head><body><table><tbody><tr data-test="row"><td>${' '.repeat(2048)}`,
    );
    setTimeout(() => response.end('Climate lab</td></tr></tbody></table></body></html>'), 300);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

describe.skipIf(missing !== undefined)('the web bench’s probe', NEEDS_CHROMIUM, () => {
  let server: Server;
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  beforeAll(async () => {
    server = await chunkedPage();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('reports the render of a part whose text came in a later chunk than the part', async () => {
    const page = await browser.context.newPage();
    await page.addInitScript({
      content: PROBE_SOURCE.replace(
        'MAIN',
        `[document.querySelector('[data-test="row"]')]`,
      ).replace('UPDATED', '[]'),
    });
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/`, { waitUntil: 'commit' });
    let timer: NodeJS.Timeout | undefined;
    const rendered = await Promise.race([
      page.evaluate('window.__opfRendered.then(() => window.__opfCollect())'),
      new Promise((resolve) => {
        timer = setTimeout(() => resolve('no render reported'), 5000);
      }),
    ]).finally(() => {
      clearTimeout(timer);
      return page.close();
    });
    expect(rendered).toMatchObject({ renderAt: expect.any(Number) });
    // Painted once its text was there, not before.
    expect((rendered as { renderAt: number }).renderAt).toBeGreaterThanOrEqual(300);
  });
});
