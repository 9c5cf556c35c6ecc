import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/cli/runtime.ts';
import type { RequestSpec, RequestView } from '../../src/core/index.ts';
import { sessionFor } from '../identity/principals.ts';
import { validRequest } from '../support/fixtures.ts';
import {
  chromiumMissing,
  NEEDS_CHROMIUM,
  screenshot,
  seriousAxeViolations,
  watchProblems,
} from './browser.ts';
import { startTestPortal, type TestPortal } from './test-portal.ts';

// Journey 1: the team answers the reviewers' comment, edits, resubmits, and finds its
// namespaces once approved. The reviewers act through the API; the team in chromium.

const missing = chromiumMissing();
const DEVELOPER = 'dev-owner';
const STRANGER = 'someone-else';
const SMAUG_CONSOLE = 'https://console-openshift-console.apps.smaug.na.operate-first.cloud';
const MOC_ARGOCD = 'https://argocd-server-argocd.apps.moc-infra.massopen.cloud';

let portal: TestPortal;
let running: Running;
let context: BrowserContext;
let base: string;
let journey: RequestView;
let other: RequestView;

function teamSpec(name: string): RequestSpec {
  return validRequest(name, {
    team: { name, owner: DEVELOPER, members: [DEVELOPER, 'dev-mate'] },
    // Not the defaults, and not in the wizard: an edit must keep them.
    namespaces: [
      {
        name: `${name}-dev`,
        displayName: 'Development',
        cluster: 'moc/smaug',
        tier: 'small',
        limitRange: false,
        monitoring: true,
      },
    ],
    argocd: {
      enabled: true,
      applications: [
        {
          name: `${name}-app`,
          repoUrl: 'https://github.com/example/journey',
          path: 'manifests',
          // The wizard has no field for the revision: an edit must keep it.
          targetRevision: 'release-1',
          namespace: `${name}-dev`,
        },
      ],
    },
  });
}

/** The developer submits through the API, with their session (cookie and CSRF header). */
async function submitAs(login: string, spec: RequestSpec): Promise<RequestView> {
  const { cookie, csrf } = await sessionFor(running.database.db, login);
  const res = await fetch(`${base}/api/v1/requests`, {
    method: 'POST',
    headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
    body: JSON.stringify(spec),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as RequestView;
}

/** The reviewers' side, through the API with the admin token. */
async function review(id: number, action: string, body: object = {}): Promise<void> {
  const res = await portal.adminPost(`/api/v1/requests/${id}/${action}`, body);
  expect(res.status, await res.clone().text()).toBe(200);
}

async function current(id: number): Promise<RequestView> {
  const res = await fetch(`${base}/api/v1/requests/${id}`);
  return ((await res.json()) as { request: RequestView }).request;
}

/** A page signed in as `login` (a session cookie; the portal asks /api/v1/me once flagged). */
async function pageAs(login: string | undefined): Promise<{ page: Page; problems: string[] }> {
  await context.clearCookies();
  if (login) {
    const { cookie } = await sessionFor(running.database.db, login);
    await context.addCookies([{ name: 'opf_session', value: cookie.split('=')[1]!, url: base }]);
  }
  const page = await context.newPage();
  const problems = await watchProblems(page);
  await page.addInitScript({
    content: login
      ? "localStorage.setItem('opf.signedIn', '1');"
      : "localStorage.removeItem('opf.signedIn');",
  });
  return { page, problems };
}

/** What the page keeps in localStorage under `key` (page code as text: this file runs in Node). */
const stored = (page: Page, key: string) =>
  page.evaluate(`localStorage.getItem(${JSON.stringify(key)})`) as Promise<string | null>;

const stateOf = (page: Page) =>
  page.locator('[data-test="page-request-detail"] [data-test="state-label"]').first();

/** The browser logs a refused call as a failed resource: drop the ones the test caused. */
const filtered = (problems: string[], statuses: string[]) =>
  problems.filter((p) => !statuses.some((status) => p.includes(`status of ${status}`)));

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'journey-test', env: { OPF_DEMO_DATA: 'off' } });
  ({ base, context, running } = portal);
  journey = await submitAs(DEVELOPER, teamSpec('journey-lab'));
  other = await submitAs(DEVELOPER, teamSpec('withdrawn-lab'));
}, 60_000);

afterAll(() => portal?.close());

describe.skipIf(missing)('the developer’s journey in chromium', NEEDS_CHROMIUM, () => {
  it('changes requested: the developer reads the comment, replies, edits in the wizard, resubmits; once approved the page links the console and ArgoCD', async () => {
    const ask = 'Please say what the dev namespace runs.';
    await review(journey.id, 'start-review');
    await review(journey.id, 'request-changes', { reason: ask });

    const { page, problems } = await pageAs(DEVELOPER);
    // A new request's draft in this browser: editing another request must leave it alone.
    // Once per tab (sessionStorage lasts across reloads), so a reload does not write it again.
    await page.addInitScript({
      content: `if (!sessionStorage.getItem('seeded')) {
        sessionStorage.setItem('seeded', '1');
        localStorage.setItem('opf.requestDraft', JSON.stringify({ project: { name: 'kept-new-draft', displayName: '', description: '', repositoryUrl: '', docsUrl: '' } }));
      }`,
    });
    await page.goto(`${base}/requests/${journey.id}`);
    await page.locator('[data-test="team-actions"]').waitFor();
    expect(await stateOf(page).textContent()).toBe('changes requested');
    expect(await page.locator('[data-test="team-guidance"]').textContent()).toContain(
      'asked for changes',
    );
    await expect
      .poll(() => page.locator('[data-test="comment"]').allTextContents())
      .toEqual([expect.stringContaining(ask)]);

    // An empty comment: the API's refusal shows at the field.
    await page.click('[data-test="comment-post"]');
    const commentError = page.locator('#comment-body-message [data-test="field-error"]');
    await commentError.waitFor();
    // The same refusal, asked directly: the page shows the API's own words.
    const { cookie, csrf } = await sessionFor(running.database.db, DEVELOPER);
    const refused = await fetch(`${base}/api/v1/requests/${journey.id}/comments`, {
      method: 'POST',
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ body: '' }),
    });
    expect(refused.status).toBe(400);
    const said = ((await refused.json()) as { details: { path?: string; message: string }[] })
      .details;
    expect(said[0]?.path).toBe('body');
    expect(await commentError.textContent()).toContain(said[0]?.message);
    expect(await page.locator('#comment-body').getAttribute('aria-invalid')).toBe('true');
    const reply = 'It runs the journey API; described in the request now.';
    await page.fill('#comment-body', reply);
    await page.click('[data-test="comment-post"]');
    await expect.poll(() => page.locator('[data-test="comment"]').count()).toBe(2);
    expect(await page.locator('[data-test="comment"]').nth(1).textContent()).toContain(reply);
    expect(await commentError.count()).toBe(0);
    expect(await page.inputValue('#comment-body')).toBe('');
    await screenshot(page, 'journey-detail-comment-form');
    expect(await seriousAxeViolations(page), 'axe on the detail with the comment form').toEqual([]);

    // Edit: the wizard, filled with the request.
    await page.click('[data-test="request-edit"]');
    await page.waitForURL(`${base}/requests/${journey.id}/edit`);
    await page.locator('[data-test="page-request-edit"]').waitFor();
    expect(await page.inputValue('#field-project-name')).toBe('journey-lab');
    expect(await page.inputValue('#field-project-description')).toBe('The journey-lab project.');
    const described = 'The journey-lab project: its dev namespace runs the journey API.';
    await page.fill('#field-project-description', described);
    // The edit is kept per request, beside (not over) the new request's draft.
    await page.reload();
    expect(await page.inputValue('#field-project-description')).toBe(described);
    expect(await stored(page, `opf.requestEdit.${journey.id}`)).toContain(described);
    const newDraft = await stored(page, 'opf.requestDraft');
    expect(newDraft).toContain('kept-new-draft');
    expect(newDraft).not.toContain(described);
    await screenshot(page, 'journey-edit');
    expect(await seriousAxeViolations(page), 'axe on the edit page').toEqual([]);
    for (let step = 0; step < 5; step++) await page.click('[data-test="wizard-next"]');
    await page.locator('[data-test="review"]').waitFor();
    expect(await page.locator('[data-test="wizard-submit"]').textContent()).toBe('Save changes');
    await page.click('[data-test="wizard-submit"]');
    await page.waitForURL(`${base}/requests/${journey.id}`);
    const edited = await current(journey.id);
    expect(edited.spec.project.description).toBe(described);
    expect(edited.state).toBe('changes-requested');
    // What the wizard has no field for survived the edit.
    expect(edited.spec.argocd.applications[0]?.targetRevision).toBe('release-1');
    expect(edited.spec.namespaces[0]).toMatchObject({
      displayName: 'Development',
      limitRange: false,
      monitoring: true,
    });
    // Saved: the edit is no longer kept; the new request's draft still is.
    expect(await stored(page, `opf.requestEdit.${journey.id}`)).toBeNull();
    expect(await stored(page, 'opf.requestDraft')).toContain('kept-new-draft');

    // Resubmit.
    await page.click('[data-test="request-submit"]');
    await page.locator('[data-test="team-action-done"]').waitFor();
    await expect.poll(() => stateOf(page).textContent()).toBe('submitted');
    expect((await current(journey.id)).state).toBe('submitted');

    // The reviewers approve; the page follows the delivery to active, then shows the links.
    await review(journey.id, 'start-review');
    await review(journey.id, 'approve');
    await page.reload();
    await expect.poll(() => stateOf(page).textContent(), { timeout: 20_000 }).toBe('active');
    const consoleLink = page.locator('[data-test="console-link"]');
    await consoleLink.waitFor();
    expect(await consoleLink.getAttribute('href')).toBe(
      `${SMAUG_CONSOLE}/k8s/cluster/projects/journey-lab-dev`,
    );
    expect(await page.locator('[data-test="argocd-link"]').getAttribute('href')).toBe(
      `${MOC_ARGOCD}/applications?proj=journey-lab`,
    );
    expect(await page.locator('[data-test="delivery-commit"]').count()).toBeGreaterThan(0);
    // Decided: nothing left for the team to edit, resubmit or withdraw.
    expect(await page.locator('[data-test="request-edit"]').count()).toBe(0);
    expect(await page.locator('[data-test="request-withdraw"]').count()).toBe(0);
    await page.locator('[data-test="project-links"]').scrollIntoViewIfNeeded();
    await screenshot(page, 'journey-active-links');
    expect(await seriousAxeViolations(page), 'axe on the active request').toEqual([]);
    expect(filtered(problems, ['400']), 'console and CSP').toEqual([]);
    await page.close();
  }, 90_000);

  it('someone outside the team sees why they cannot comment, and no edit or withdraw; anonymous is asked to sign in', async () => {
    const { page, problems } = await pageAs(STRANGER);
    await page.goto(`${base}/requests/${other.id}`);
    await page.locator('[data-test="comment-not-member"]').waitFor();
    expect(await page.locator('[data-test="comment-not-member"]').textContent()).toContain(
      `you are signed in as ${STRANGER}`,
    );
    expect(await page.locator('#comment-body').count()).toBe(0);
    expect(await page.locator('[data-test="team-actions"]').count()).toBe(0);
    expect(await page.locator('[data-test="request-edit"]').count()).toBe(0);
    expect(await page.locator('[data-test="request-withdraw"]').count()).toBe(0);
    await page.goto(`${base}/requests/${other.id}/edit`);
    await page.locator('[data-test="edit-refused"]').waitFor();
    expect(await page.locator('#field-project-name').count()).toBe(0);
    expect(problems, 'console and CSP').toEqual([]);
    await page.close();

    const anonymous = await pageAs(undefined);
    await anonymous.page.goto(`${base}/requests/${other.id}`);
    await anonymous.page.locator('[data-test="comment-sign-in"]').waitFor();
    expect(await anonymous.page.locator('[data-test="team-actions"]').count()).toBe(0);
    expect(anonymous.problems, 'console and CSP').toEqual([]);
    await anonymous.page.close();
  }, 45_000);

  it('an edit from an older version is refused and can start again; withdrawing asks first', async () => {
    const { page, problems } = await pageAs(DEVELOPER);
    await page.goto(`${base}/requests/${other.id}/edit`);
    await page.locator('#field-project-description').waitFor();
    await page.fill('#field-project-description', 'My edit, made from version 1.');
    // Meanwhile the team's other member saves an edit (through the API): version 2.
    const { cookie, csrf } = await sessionFor(running.database.db, 'dev-mate');
    const theirs = { ...teamSpec('withdrawn-lab') };
    theirs.project = { ...theirs.project, description: 'Their edit, version 2.' };
    const put = await fetch(`${base}/api/v1/requests/${other.id}`, {
      method: 'PUT',
      headers: {
        cookie,
        'x-csrf-token': csrf,
        'content-type': 'application/json',
        'if-match': '"1"',
      },
      body: JSON.stringify(theirs),
    });
    expect(put.status, await put.clone().text()).toBe(200);
    for (let step = 0; step < 5; step++) await page.click('[data-test="wizard-next"]');
    await page.click('[data-test="wizard-submit"]');
    const conflict = page.locator('[data-test="edit-conflict"]');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else changed this request first');
    await page.click('[data-test="edit-reload"]');
    await expect
      .poll(() => page.inputValue('#field-project-description'))
      .toBe('Their edit, version 2.');
    expect((await current(other.id)).spec.project.description).toBe('Their edit, version 2.');

    // Withdraw: the dialog first; keeping it changes nothing.
    await page.goto(`${base}/requests/${other.id}`);
    await page.click('[data-test="request-withdraw"]');
    const dialog = page.locator('[data-test="withdraw-dialog"]');
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('cannot be undone');
    await screenshot(page, 'journey-withdraw-dialog');
    expect(await seriousAxeViolations(page), 'axe on the withdraw dialog').toEqual([]);
    await page.click('[data-test="withdraw-cancel"]');
    await dialog.waitFor({ state: 'detached' });
    expect((await current(other.id)).state).toBe('submitted');
    await page.click('[data-test="request-withdraw"]');
    await page.click('[data-test="withdraw-confirm"]');
    await expect.poll(() => stateOf(page).textContent()).toBe('withdrawn');
    // Nothing left for the team to do: the panel says it was done and what now, no buttons.
    await page.locator('[data-test="team-action-done"]').waitFor();
    await expect
      .poll(() => page.locator('[data-test="team-guidance"]').textContent())
      .toContain('Withdrawn');
    expect((await current(other.id)).state).toBe('withdrawn');
    expect(await page.locator('[data-test="request-withdraw"]').count()).toBe(0);
    expect(filtered(problems, ['409']), 'console and CSP').toEqual([]);
    await page.close();
  }, 60_000);
});
