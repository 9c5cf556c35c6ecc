import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { type Running, startOpf } from '../../src/cli/runtime.ts';
import { loadServeConfig } from '../../src/config/index.ts';
import { buildWebIfStale } from '../../web/build.ts';
import { ADMIN_TOKEN, closedPort, tempDir } from '../cli/helpers.ts';
import { startFakeGithub } from '../identity/fake-github.ts';
import { emptyDataDir } from '../support/data-dir.ts';
import { launchChromium, resizeAndSettle, screenshot } from './browser.ts';

export interface GithubUser {
  id: number;
  login: string;
  name: string | null;
  email: string | null;
}

/** opf as `opf serve` runs it (built portal, job runner, embedded remote), and a browser. */
export interface TestPortal {
  base: string;
  running: Running;
  context: BrowserContext;
  /** A POST with the admin token (JSON body, `{}` when none is given). */
  adminPost(path: string, body?: unknown): Promise<Response>;
  /** The commit the delivery job records for a request, once it has run. */
  committedSha(requestId: number): Promise<string>;
  close(): Promise<void>;
}

const GITHUB_CLIENT = { clientId: 'opf-web', clientSecret: 'web-secret' };

/**
 * Start opf on a fresh data directory and Debian's chromium beside it. With `githubUser`,
 * sign-in goes through a loopback stand-in for GitHub that knows that one user.
 */
export async function startTestPortal(options: {
  name: string;
  githubUser?: GithubUser;
  env?: Record<string, string>;
}): Promise<TestPortal> {
  buildWebIfStale();
  const temp = tempDir(`opf-${options.name}-`);
  const github = options.githubUser
    ? await startFakeGithub({ ...GITHUB_CLIENT, user: options.githubUser })
    : undefined;
  const port = await closedPort();
  const base = `http://127.0.0.1:${port}`;
  emptyDataDir(join(temp.dir, 'data'));
  const running = await startOpf(
    loadServeConfig({
      OPF_DATA_DIR: join(temp.dir, 'data'),
      PORT: String(port),
      OPF_PUBLIC_URL: base,
      OPF_ADMIN_TOKEN: ADMIN_TOKEN,
      OPF_COOKIE_SECURE: 'off',
      ...(github && {
        OPF_GITHUB_CLIENT_ID: GITHUB_CLIENT.clientId,
        OPF_GITHUB_CLIENT_SECRET: GITHUB_CLIENT.clientSecret,
        OPF_GITHUB_OAUTH_URL: github.url,
        OPF_GITHUB_API_URL: github.url,
      }),
      ...options.env,
    }),
  );
  const browser = await launchChromium();
  return {
    base,
    running,
    context: browser.context,
    adminPost: (path, body = {}) =>
      fetch(`${base}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    committedSha: (requestId) => committedSha(base, requestId),
    close: async () => {
      await browser.close();
      await running.stop();
      await github?.close();
      temp.remove();
    },
  };
}

async function committedSha(base: string, requestId: number): Promise<string> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    const detail = (await (await fetch(`${base}/api/v1/requests/${requestId}`)).json()) as {
      deliveries: { commitSha: string | null }[];
    };
    const sha = detail.deliveries.find((d) => d.commitSha)?.commitSha;
    if (sha) return sha;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`request ${requestId} has no commit after 20 s`);
}

/** Screenshots at 1280×800 and at phone width (390×844), back at 1280×800 after. */
export async function screenshotBothWidths(page: Page, name: string): Promise<void> {
  await lookAtBothWidths(page, name);
}

/**
 * The screenshots of screenshotBothWidths, with checks at each width: `desktop` runs at
 * 1280×800 after its screenshot, `phone` at 390×844 after the phone's. One trip to phone
 * width and back instead of a second one for the checks (each costs a layout of the page,
 * and the sidebar's transition).
 */
export async function lookAtBothWidths(
  page: Page,
  name: string,
  checks: { desktop?: () => Promise<void>; phone?: () => Promise<void> } = {},
): Promise<void> {
  await screenshot(page, name);
  await checks.desktop?.();
  await resizeAndSettle(page, { width: 390, height: 844 });
  await screenshot(page, `${name}-phone`);
  await checks.phone?.();
  await resizeAndSettle(page, { width: 1280, height: 800 });
}
