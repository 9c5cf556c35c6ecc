import { join } from 'node:path';
import type { BrowserContext, BrowserContextOptions } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtRenderer } from '../../src/server/routes/prerender.ts';
import { CONTEXT_OPTIONS, chromiumMissing, NEEDS_CHROMIUM, watchProblems } from './browser.ts';
import { startTestPortal, type TestPortal } from './test-portal.ts';

// A first visit is rendered on the server (ADR 0035): the page's text is in the HTML before
// any script runs, its data comes embedded, and the browser hydrates it without asking the
// API again and without a mismatch (React reports those on the console).

const missing = chromiumMissing();
let portal: TestPortal;
let base: string;
let project: { name: string; displayName: string; description: string };
let teamOfOne: { name: string; owner: string } | undefined;

/** The element the page's text must be in: the root the browser's React takes over. */
function rootOf(html: string): string {
  const start = html.indexOf('<div id="root">');
  expect(start, 'a root element').toBeGreaterThan(-1);
  return html.slice(start, html.indexOf('<script type="application/json"', start));
}

/** A context of the same browser with other settings (the run's shared Chromium). */
async function otherContext(options: BrowserContextOptions): Promise<BrowserContext> {
  const browser = portal.context.browser();
  if (!browser) throw new Error('a browser of its own (no shared Chromium): run under vitest');
  return browser.newContext({ ...CONTEXT_OPTIONS, ...options });
}

/** Text as React writes it into HTML. */
const escaped = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

describe.skipIf(missing !== undefined)('server-rendered first visits', NEEDS_CHROMIUM, () => {
  beforeAll(async () => {
    portal = await startTestPortal({ name: 'server-render' });
    base = portal.base;
    const projects = (await (await fetch(`${base}/api/v1/projects`)).json()) as {
      items: (typeof project & { team: { name: string; owner: string; members: string[] } })[];
    };
    project = projects.items.find((p) => p.description) as typeof project;
    teamOfOne = projects.items.find((p) => p.team?.members.length === 1)?.team;
    expect(project).toBeDefined();
  }, 240_000);
  afterAll(() => portal?.close());

  it('the HTML of /projects and of a project holds their text, with the data embedded', async () => {
    // The first page loads the server's render module (outside the render's time limit).
    const directory = await (await fetch(`${base}/projects`)).text();
    expect(rootOf(directory)).toContain('data-test="projects-table-row"');
    expect(rootOf(directory)).toContain(escaped(project.displayName));
    // A team of one reads "1 member" (the demo data's teams are all of one).
    expect(teamOfOne).toBeDefined();
    expect(rootOf(directory)).toContain(`${teamOfOne?.name} (1 member, owner ${teamOfOne?.owner})`);
    expect(rootOf(directory)).not.toMatch(/\b1 members\b/);
    expect(directory).toContain('<script type="application/json" id="opf-prerendered">');
    const page = await fetch(`${base}/projects/${project.name}`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
    const html = await page.text();
    expect(rootOf(html)).toContain('data-test="project-description"');
    expect(rootOf(html)).toContain(escaped(project.description));
    // The strict CSP as before; no inline script, no style attribute the CSP would refuse.
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(html).not.toMatch(/<script(?! type="(module|application\/json)")/);
    expect(rootOf(html)).not.toContain(' style="');
  }, 120_000);

  it('with JavaScript off, the browser shows the pages’ text all the same', async () => {
    const context = await otherContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(`${base}/projects`);
      await expect
        .poll(() => page.locator('[data-test="projects-table-row"]').first().textContent())
        .toContain(project.displayName);
      await page.goto(`${base}/projects/${project.name}`);
      expect(await page.locator('[data-test="project-description"]').textContent()).toContain(
        project.description,
      );
      expect(await page.locator('[data-test="brand"]').textContent()).toContain('Operate First');
    } finally {
      await context.close();
    }
  }, 60_000);

  it('the browser hydrates the page: no API call for what came with it, no mismatch, links work', async () => {
    const page = await portal.context.newPage();
    const problems = await watchProblems(page);
    const calls: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/')) calls.push(url.pathname + url.search);
    });
    await page.goto(`${base}/projects`);
    await page.waitForLoadState('networkidle');
    expect(calls, 'API calls on the first view').toEqual([]);
    // Hydrated: a click is the client's navigation, and the next page asks the API.
    await page
      .locator(`[data-test="projects-table-row"] a[href="/projects/${project.name}"]`)
      .first()
      .click();
    await page.locator('[data-test="project-description"]').waitFor();
    expect(calls.some((call) => call.startsWith(`/api/v1/projects/${project.name}`))).toBe(true);
    expect(problems, 'console and CSP').toEqual([]);
    await page.close();
  }, 60_000);

  it('every page a visitor reads hydrates without a console error', async () => {
    const page = await portal.context.newPage();
    const problems = await watchProblems(page);
    for (const path of [
      '/',
      '/overview',
      '/status',
      '/meetings',
      '/meetings/coordination',
      '/announcements',
      '/notices',
      '/report',
      '/review',
      '/requests/1',
      `/projects/${project.name}/report`,
      '/datasets',
      '/sign-in',
    ]) {
      // Rendered on the server: on a loaded machine a page's first render (cold code) may
      // pass the time limit and be sent as the shell; the next one is rendered.
      await expect
        .poll(async () => (await fetch(`${base}${path}`)).text(), { timeout: 20_000 })
        .toContain('id="opf-prerendered"');
      await page.goto(`${base}${path}`);
      await page.waitForLoadState('networkidle');
      expect(problems, `console and CSP on ${path}`).toEqual([]);
    }
    await page.close();
  }, 400_000);

  it('a reader in another time zone gets the page rendered again in the browser, without errors', async () => {
    const context = await otherContext({ timezoneId: 'Asia/Tokyo', locale: 'de-DE' });
    try {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/requests/1`);
      await page.locator('[data-test="timeline"] time').first().waitFor();
      // The server's HTML is there first; the dates change once the portal's code has run (a
      // context of its own: goto does not wait for that here). A loaded box took over a second.
      await page.locator('html[data-opf-ready]').waitFor({ state: 'attached' });
      // The dates in the reader's own zone and language (the server wrote them in UTC, en-US).
      const time = page.locator('[data-test="timeline"] time').first();
      const iso = (await time.getAttribute('datetime')) as string;
      const expected = new Date(iso).toLocaleString('de-DE', {
        timeZone: 'Asia/Tokyo',
        dateStyle: 'medium',
        timeStyle: 'short',
      });
      await expect.poll(() => time.textContent()).toBe(expected);
      expect(problems, 'console and CSP').toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('a read slower than the reads limit is left to the browser: the rest of the page renders', async () => {
    const load = builtRenderer(join(process.cwd(), 'dist'));
    if (!load) throw new Error('the server module was built by startTestPortal');
    const renderer = await load();
    const slow = '/api/v1/engagement?status=at-risk&status=inactive&limit=10';
    // Far apart, so a loaded box's own reads (hundreds of ms) stay on the right side of the limit.
    let slowMs = 10_000;
    const read = async (path: string) => {
      if (path === slow) await new Promise((resolve) => setTimeout(resolve, slowMs));
      return (await fetch(`${base}${path}`)).json() as Promise<unknown>;
    };
    const overview = (readsWithinMs?: number) =>
      renderer.render({
        url: '/overview',
        cloudName: 'Operate First',
        host: new URL(base).host,
        read,
        maxReads: 8,
        signal: new AbortController().signal,
        ...(readsWithinMs !== undefined && { readsWithinMs }),
      });
    const began = performance.now();
    const page = await overview(2500);
    expect(performance.now() - began, 'not waiting for the slow read').toBeLessThan(9000);
    // The dashboard's own answer is in, with its counts; the slow one is not, in the HTML or
    // in the data the browser hydrates with (it asks for it itself).
    expect(Object.keys(page.data)).toContain('/api/v1/overview');
    expect(Object.keys(page.data)).not.toContain(slow);
    expect(page.html).toContain('data-test="count-active"');
    expect(page.html).toContain('data-test="overview-at-risk"');
    expect(page.html).not.toContain('data-test="at-risk-row"');
    expect(page.html).not.toContain('data-test="at-risk-none"');
    // Such a page is not whole: it must not be kept for other visitors.
    expect(page.complete).toBe(false);
    // Given time, the same page waits for it.
    slowMs = 200;
    const patient = await overview();
    expect(Object.keys(patient.data)).toContain(slow);
    expect(patient.complete).toBe(true);
  }, 60_000);

  it('the server’s HTML is painted before the portal’s code runs', async () => {
    const context = await otherContext({});
    try {
      const page = await context.newPage();
      // Counts the frames the browser rendered (each runs its animation-frame callbacks, then
      // paints), and notes how many there were when the portal's code began (its mark).
      await page.addInitScript(`{
        let frames = 0;
        const tick = () => { frames += 1; requestAnimationFrame(tick); };
        requestAnimationFrame(tick);
        const mark = performance.mark.bind(performance);
        performance.mark = (name, options) => {
          if (name === 'opf-start') window.__framesAtStart = frames;
          return mark(name, options);
        };
      }`);
      const problems = await watchProblems(page);
      await page.goto(`${base}/projects`);
      // Polled from here: a predicate string in the page would be an eval, which the CSP refuses.
      await expect
        .poll(() => page.evaluate('window.__framesAtStart'), { timeout: 20_000 })
        .not.toBeUndefined();
      expect(
        await page.evaluate('window.__framesAtStart'),
        'frames before the code ran',
      ).toBeGreaterThan(0);
      // The first paint had one stylesheet, the rules the page's HTML can use (ADR 0038); every
      // other stylesheet the page ends with (the portal's and the page's own, from the build's
      // manifest) was named in the HTML's template, none came later with the code.
      const sheets = (await page.evaluate(
        `[...document.querySelectorAll('link[rel="stylesheet"]')].map((link) => link.getAttribute('href') ?? '')`,
      )) as string[];
      const html = await (await fetch(`${base}/projects`)).text();
      const head = html.slice(0, html.indexOf('</head>'));
      const live = head.slice(0, head.indexOf('<template id="opf-after-paint">'));
      expect(live.match(/<link rel="stylesheet"[^>]*>/g)).toEqual([
        expect.stringMatching(/^<link rel="stylesheet" href="\/assets\/first-paint\.css\?v=/),
      ]);
      expect(sheets.filter((href) => href.includes('/start-'))).toHaveLength(1);
      expect(sheets.length, 'the page has stylesheets of its own').toBeGreaterThan(5);
      expect(
        sheets.filter((href) => !head.includes(`href="${href.replaceAll('&', '&amp;')}"`)),
      ).toEqual([]);
      expect(problems, 'console and CSP').toEqual([]);
    } finally {
      await context.close();
    }
  }, 60_000);

  it('painted with its first-paint stylesheet alone, every element looks as with them all', async () => {
    const pages = [
      ...['/', '/projects', `/projects/${project.name}`].map((path) => [path, 1280] as const),
      ['/projects', 390] as const,
    ];
    // The CSP bypassed for one thing only: a style element that turns transitions off, so a
    // style is compared, not a moment of one (a transition a font's arrival set off, say).
    const context = await otherContext({ bypassCSP: true });
    await context.addInitScript(NO_TRANSITIONS);
    // The portal's code never runs: the first paint's styles stay as the server sent them.
    await context.route(/\/assets\/index-[\w-]+\.js$/, (route) => route.abort());
    try {
      for (const [path, width] of pages) {
        const page = await context.newPage();
        await page.setViewportSize({ width, height: 800 });
        await page.goto(`${base}${path}`, { waitUntil: 'load' });
        const painted = await page.evaluate(COMPUTED_STYLES);
        expect(await page.evaluate(ADD_HELD_STYLESHEETS), 'stylesheets held').toBeGreaterThan(5);
        const complete = (await page.evaluate(COMPUTED_STYLES)) as string[];
        expect(complete.length, 'the same elements').toBe((painted as string[]).length);
        const differing = complete.filter((style, i) => style !== (painted as string[])[i]);
        expect(differing.slice(0, 3), `${path} at ${width} px`).toEqual([]);
        await page.close();
      }
    } finally {
      await context.close();
    }
  }, 120_000);
});

/**
 * Every element's computed style, and its ::before's and ::after's, as one string each; custom
 * properties left out (the first-paint stylesheet defines only those its rules use, and one
 * that no rule uses draws nothing).
 */
const COMPUTED_STYLES = `[...document.querySelectorAll('html, body, body *')].flatMap((element) =>
  [null, '::before', '::after'].map((pseudo) => {
    const style = getComputedStyle(element, pseudo);
    let text = element.tagName + (pseudo ?? '') + ' ' + (element.getAttribute('class') ?? '');
    // A ::before or ::after without content is not drawn.
    if (pseudo && style.content === 'none') return text + ' none';
    for (let i = 0; i < style.length; i++)
      if (!style[i].startsWith('--')) text += ';' + style[i] + ':' + style.getPropertyValue(style[i]);
    return text;
  }))`;

/**
 * Adds the stylesheets the page holds until its code runs, as web/src/main.tsx does: applied
 * together once all are loaded.
 */
const ADD_HELD_STYLESHEETS = `(async () => {
  const held = document.getElementById('opf-after-paint');
  const sheets = [...held.content.querySelectorAll('link[rel="stylesheet"]')];
  const loaded = sheets.map((link) => new Promise((done) => {
    link.media = 'print';
    link.onload = done;
    link.onerror = done;
  }));
  document.head.append(held.content);
  await Promise.all(loaded);
  for (const link of sheets) link.media = 'all';
  return sheets.length;
})()`;

/** Before the page's own stylesheets: no element transitions or animates. */
const NO_TRANSITIONS = `new MutationObserver((changes, observer) => {
  if (!document.head) return;
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { transition: none !important; animation: none !important; }';
  document.head.prepend(style);
  observer.disconnect();
}).observe(document, { childList: true, subtree: true });`;
