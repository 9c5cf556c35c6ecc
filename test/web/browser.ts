import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { inject } from 'vitest';
import { needsProgram } from '../support/system-programs.ts';

export const CHROMIUM = '/usr/bin/chromium';
/** The launch flags the design names (also used by bench/web). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const SCREENSHOTS = join(process.cwd(), 'test-output', 'screenshots');

const axeSource = (createRequire(import.meta.url)('axe-core') as { source: string }).source;

/**
 * Every test page: a desktop window, and a reader who asked for less motion. PatternFly then
 * fades its sidebar and menus instead of sliding them, and many of its components move less:
 * fewer moments for a test to wait out. A test checks the state a change ends in, and
 * test/web/portal-frame.test.ts checks that the setting is honoured.
 */
export const CONTEXT_OPTIONS = {
  viewport: { width: 1280, height: 800 },
  reducedMotion: 'reduce',
} as const;

/**
 * Every CSS transition or animation of the page that has an end, finished (an infinite one, a
 * spinner, never is), within 2 s; then a frame.
 */
const SETTLE_ANIMATIONS = `(async () => {
  const ending = document.getAnimations().filter(
    (a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity,
  );
  const bound = new Promise((done) => setTimeout(done, 2000));
  await Promise.race([Promise.all(ending.map((a) => a.finished.catch(() => {}))), bound]);
  await new Promise((done) => requestAnimationFrame(() => done()));
})()`;

/**
 * A fresh browser context: no cookies, cache or storage from any other test. Under vitest it
 * is a context of the one Chromium the run's global setup started (a launch costs 1.5–3 s of
 * two cores, once per file before); elsewhere, or without that server, Debian's chromium
 * launched with the flags the design names, on a profile nobody used before.
 */
export async function launchChromium(): Promise<{
  context: BrowserContext;
  close: () => Promise<void>;
}> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const endpoint = sharedChromiumEndpoint();
  if (endpoint) {
    const browser = await chromium.connect(endpoint);
    const context = waitsForThePortal(await browser.newContext(CONTEXT_OPTIONS));
    return {
      context,
      close: async () => {
        await context.close();
        await browser.close(); // ends this connection only; the shared browser stays up
      },
    };
  }
  const profile = mkdtempSync(join(tmpdir(), 'opf-chromium-'));
  const context = waitsForThePortal(
    await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      ...CONTEXT_OPTIONS,
      args: CHROMIUM_FLAGS,
    }),
  );
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * The context's pages wait, after `goto` and `reload`, until a portal page answers clicks
 * (its first page committed: the `data-opf-ready` attribute web/src/app/MarkReady.tsx sets). A
 * server-rendered page is on screen before the portal's code has come (ADR 0038): a test
 * that clicked then would click a page that does nothing yet. A load that asked to return
 * early (`waitUntil: 'commit'`), or a page that is not the portal's, returns as before.
 */
function waitsForThePortal(context: BrowserContext): BrowserContext {
  const newPage = context.newPage.bind(context);
  context.newPage = async () => {
    const page = await newPage();
    const goto = page.goto.bind(page);
    const reload = page.reload.bind(page);
    const thenReady = async <T>(loading: Promise<T>, waitUntil: string | undefined) => {
      const response = await loading;
      if (waitUntil !== 'commit') await portalReady(page);
      return response;
    };
    page.goto = (url, options) => thenReady(goto(url, options), options?.waitUntil);
    page.reload = (options) => thenReady(reload(options), options?.waitUntil);
    return page;
  };
  return context;
}

async function portalReady(page: Page): Promise<void> {
  if ((await page.locator('#root').count()) === 0) return;
  await page.locator('html[data-opf-ready]').waitFor({ state: 'attached' });
}

/** The shared browser's address when this runs under vitest's global setup, else undefined. */
function sharedChromiumEndpoint(): string | undefined {
  try {
    return inject('chromiumWsEndpoint') || undefined;
  } catch {
    return undefined; // not inside a vitest worker (a bench or a script imported this file)
  }
}

/** The options of a browser suite: its skipped tests count as skipped for want of chromium. */
export const NEEDS_CHROMIUM = needsProgram('chromium');

export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM)
    ? undefined
    : `${CHROMIUM} is not installed (Debian's chromium package); the browser tests need it`;
}

/**
 * Everything the page complains about: console errors, uncaught exceptions, and CSP
 * violations (reported by the page itself, so a blocked inline style counts too).
 */
export async function watchProblems(page: Page): Promise<string[]> {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`exception: ${error.message}`));
  await page.exposeFunction('opfReportCsp', (text: string) => problems.push(`csp: ${text}`));
  // Page code, as text: this file is compiled for Node, where there is no document.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.opfReportCsp(event.violatedDirective + ' blocked ' + (event.blockedURI || 'inline')));`,
  });
  return problems;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** axe-core's serious and critical findings on the page as it is now. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  // Not in the middle of a fade: text half faded in fails the contrast check.
  await page.evaluate(SETTLE_ANIMATIONS);
  // Half a megabyte of script: evaluated once per document, not once per check.
  if (!(await page.evaluate("typeof window.axe === 'object'"))) await page.evaluate(axeSource);
  const violations = (await page.evaluate(
    "axe.run(document, { resultTypes: ['violations'] }).then((result) => result.violations)",
  )) as AxeViolation[];
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => JSON.stringify(n.target)).join(', ')})`,
    );
}

/**
 * The page at a new viewport size once it has settled. PatternFly's page hears of a resize
 * 250 ms late (a debounced handler): only then does it mark its breakpoint
 * (`pf-m-breakpoint-…`, from the page's width and the breakpoint tokens, as its getBreakpoint
 * reads them), switch the sidebar to or from its phone form, and start the transition that
 * moves it. So: frames until the page carries the breakpoint of its width, then every CSS
 * transition or animation that has an end, with a bound. A fixed pause took 400 ms each way
 * and could end in the middle of the sidebar's transition.
 */
export async function resizeAndSettle(
  page: Page,
  size: { width: number; height: number },
): Promise<void> {
  await page.setViewportSize(size);
  await page.evaluate(`(async () => {
    const frame = () => new Promise((done) => requestAnimationFrame(() => done()));
    const deadline = performance.now() + 2000;
    const layout = document.querySelector('.pf-v6-c-page');
    if (layout) {
      const tokens = getComputedStyle(document.documentElement);
      const px = (name) =>
        Number.parseInt(tokens.getPropertyValue('--pf-t--global--breakpoint--' + name)) * 16;
      const breakpoint = () =>
        ['2xl', 'xl', 'lg', 'md', 'sm'].find((name) => layout.clientWidth >= px(name)) ?? 'default';
      while (!layout.classList.contains('pf-m-breakpoint-' + breakpoint()) && performance.now() < deadline)
        await frame();
    }
    await frame();
    await frame();
    await ${SETTLE_ANIMATIONS};
  })()`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/**
 * The table headers on the page whose text does not fit their cell (cut with an ellipsis, or
 * spilling over): each as its text and the widths, for the failure message. Issue 15: tables
 * do not cut their headers at 1280 px.
 */
export async function cutHeaders(page: Page): Promise<string[]> {
  return page.evaluate(`[...document.querySelectorAll('thead th')]
    .filter((th) => th.offsetParent !== null && th.scrollWidth > th.clientWidth + 1)
    .map((th) => th.innerText + ' (' + th.scrollWidth + ' px in ' + th.clientWidth + ')')`);
}
