import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN } from '../cli/helpers.ts';
import { tokenFor } from '../identity/principals.ts';
import { seedProjectWithNamespace } from '../incidents/support.ts';
import { chromiumMissing, NEEDS_CHROMIUM, seriousAxeViolations, watchProblems } from './browser.ts';
import { lookAtBothWidths, startTestPortal, type TestPortal } from './test-portal.ts';

const missing = chromiumMissing();
const AM_TOKEN = 'alertmanager-token-for-the-browser';
let portal: TestPortal;
let context: BrowserContext;
let base: string;
let declared: number;
let fromAlerts: number;

/** Screenshots and axe at 1280×800 and at phone width. */
async function check(page: Page, name: string): Promise<void> {
  await lookAtBothWidths(page, name, {
    desktop: async () => {
      expect(await seriousAxeViolations(page), `axe on ${name}`).toEqual([]);
    },
    phone: async () => {
      expect(await seriousAxeViolations(page), `axe on ${name} (phone)`).toEqual([]);
    },
  });
}

const json = async (res: Response): Promise<{ id: number; incidentId: number }> => {
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return res.json() as Promise<{ id: number; incidentId: number }>;
};

beforeAll(async () => {
  if (missing) return;
  portal = await startTestPortal({ name: 'web-status', env: { OPF_ALERTMANAGER_TOKEN: AM_TOKEN } });
  ({ base, context } = portal);
  // One incident from Alertmanager (still firing), one declared and resolved with a post-mortem.
  fromAlerts = (
    await json(
      await fetch(`${base}/api/v1/alertmanager/webhook`, {
        method: 'POST',
        headers: { authorization: `Bearer ${AM_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          version: '4',
          groupKey: '{}:{alertname="EtcdSlow"}',
          status: 'firing',
          receiver: 'opf',
          groupLabels: { alertname: 'EtcdSlow' },
          commonLabels: { alertname: 'EtcdSlow', cluster: 'moc/infra', severity: 'warning' },
          commonAnnotations: { summary: 'etcd fsync is slow' },
          externalURL: 'http://alertmanager',
          alerts: [
            {
              status: 'firing',
              labels: { alertname: 'EtcdSlow', cluster: 'moc/infra', severity: 'warning' },
              annotations: { summary: 'etcd fsync is slow' },
              startsAt: new Date(Date.now() - 3_600_000).toISOString(),
              endsAt: '0001-01-01T00:00:00Z',
              fingerprint: 'etcd-slow',
            },
          ],
        }),
      }),
    )
  ).incidentId;
  declared = (
    await json(
      await portal.adminPost('/api/v1/incidents', {
        title: 'Smaug ingress dropped connections',
        severity: 'critical',
        clusters: ['moc/smaug'],
        body: 'The router pods restarted.',
      }),
    )
  ).id;
  await json(
    await portal.adminPost(`/api/v1/incidents/${declared}/resolve`, { body: 'Back to normal.' }),
  );
  await json(
    await fetch(`${base}/api/v1/incidents/${declared}/postmortem`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        markdown:
          '# Summary\n\nThe routers ran out of **memory**. <script>window.pwned = 1</script>\n\n- raised limits\n- added an alert\n\n[runbook](https://example.org/runbook) and [bad](javascript:alert(1))',
      }),
    }),
  );
}, 180_000);

afterAll(() => portal?.close());

describe.skipIf(missing)(
  `the status page and incident pages in chromium${missing ? ` (skipped: ${missing})` : ''}`,
  NEEDS_CHROMIUM,
  () => {
    it('anyone sees each cluster now, the open incident, the resolved one, and the feed', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/status`);
      await page.locator('[data-test="cluster-status"]').first().waitFor();
      const state = (id: string) =>
        page.locator(`[data-cluster="${id}"] [data-test="cluster-state"]`).textContent();
      expect(await state('moc/infra')).toBe('partial outage');
      expect(await state('moc/smaug')).toBe('operational');
      expect(
        await page.locator('[data-test="open-incidents"] [data-test="incident-item"]').count(),
      ).toBe(1);
      expect(await page.locator('[data-test="open-incidents"]').textContent()).toContain(
        'EtcdSlow',
      );
      expect(await page.locator('[data-test="recent-incidents"]').textContent()).toContain(
        'Smaug ingress dropped connections',
      );
      expect(
        await page
          .locator('[data-cluster="moc/smaug"] [data-test="cluster-summary"]')
          .textContent(),
      ).toContain('1 of the last 90 days had an incident');
      expect(await page.locator('[data-cluster="moc/smaug"] .opf-days > span').count()).toBe(90);
      // The feed, discoverable and linked.
      // The portal's own feeds are linked on every page; the status page adds the incidents'
      // (once its code runs, after the first paint).
      await page
        .locator('head link[href="/api/v1/feeds/incidents.atom"]')
        .waitFor({ state: 'attached' });
      expect(
        await page
          .locator(
            'head link[rel="alternate"][type="application/atom+xml"][href="/api/v1/feeds/incidents.atom"]',
          )
          .count(),
      ).toBe(1);
      expect(await page.locator('[data-test="status-feed"]').getAttribute('href')).toBe(
        '/api/v1/feeds/incidents.atom',
      );
      // Not signed in: no form to declare one.
      expect(await page.locator('[data-test="declare-incident"]').count()).toBe(0);
      expect(problems, 'console and CSP').toEqual([]);
      await check(page, 'status-anonymous');
      await page.close();
    }, 120_000);

    it('an incident’s page shows its timeline and its post-mortem, with no HTML from it run', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/incidents/${declared}`);
      await page.locator('[data-test="timeline-entry"]').first().waitFor();
      expect(
        await page
          .locator('[data-test="timeline-entry"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
      ).toEqual(['opened', 'resolved', 'postmortem']);
      const postmortem = page.locator('[data-test="markdown"]');
      expect(await postmortem.locator('h3').textContent()).toBe('Summary');
      expect(await postmortem.locator('strong').textContent()).toBe('memory');
      expect(await postmortem.locator('li').count()).toBe(2);
      expect(await postmortem.locator('script').count()).toBe(0);
      expect(await postmortem.textContent()).toContain('<script>window.pwned = 1</script>');
      expect(await page.evaluate('window.pwned')).toBeUndefined();
      expect(
        await postmortem.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
      ).toEqual(['https://example.org/runbook']);
      expect(await page.locator('[data-test="incident-actions"]').count()).toBe(0);
      expect(problems, 'console and CSP').toEqual([]);
      await check(page, 'incident-resolved');

      await page.goto(`${base}/incidents/${fromAlerts}`);
      await page.locator('[data-test="incident-alert"]').waitFor();
      expect(await page.locator('[data-test="incident-alert"]').getAttribute('data-status')).toBe(
        'firing',
      );
      await check(page, 'incident-from-alerts');
      await page.close();
    }, 120_000);

    it('ops declare an incident (a bad cluster refused at the field), update, and resolve it', async () => {
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/status`);
      await page.click('[data-test="token-sign-in"]');
      await page.fill('#token-input', ADMIN_TOKEN);
      await page.click('[data-test="token-save"]');
      await page.locator('[data-test="declare-incident"]').waitFor();
      await page.fill('#incident-title', 'Object storage is read-only');
      await page.selectOption('#incident-severity', 'major');
      await page.fill('#incident-clusters', 'moc/nowhere');
      await page.fill('#incident-body', 'Writes to the object store fail.');
      await page.click('[data-test="declare-submit"]');
      await page.locator('#incident-clusters-message [data-test="field-error"]').waitFor();
      expect(await page.locator('#incident-clusters-message').textContent()).toContain(
        'moc/nowhere',
      );
      await check(page, 'status-ops-refused');

      await page.fill('#incident-clusters', 'moc/smaug');
      await page.click('[data-test="declare-submit"]');
      await page.waitForURL(/\/incidents\/\d+$/);
      await page.locator('[data-test="incident-update"]').waitFor();
      await page.fill('#incident-update-text', 'Failing over to the replica.');
      await page.selectOption('#incident-update-severity', 'critical');
      await page.click('[data-test="incident-update-submit"]');
      await expect
        .poll(() => page.locator('[data-test="timeline-entry"]').count(), { timeout: 15_000 })
        .toBe(2);
      expect(await page.locator('[data-test="severity-label"]').first().textContent()).toBe(
        'critical',
      );
      await check(page, 'incident-ops-open');
      await page.fill('#incident-resolve-text', 'The replica serves writes.');
      await page.click('[data-test="incident-resolve-submit"]');
      await expect
        .poll(() => page.locator('[data-test="incident-status"]').textContent(), {
          timeout: 15_000,
        })
        .toBe('resolved');
      // The one refusal the test asked for (the unknown cluster) is the browser's only complaint.
      expect(
        problems.filter((p) => p.includes('400')),
        'the refused declaration',
      ).toHaveLength(1);
      expect(
        problems.filter((p) => !p.includes('400')),
        'console and CSP',
      ).toEqual([]);

      // The overview lists what is still open.
      await page.goto(`${base}/overview`);
      await page.locator('[data-test="overview-incident-list"]').waitFor();
      expect(
        await page
          .locator('[data-test="overview-incident-list"] [data-test="incident-item"]')
          .count(),
      ).toBe(1);
      await page.close();
    }, 180_000);

    it('a member of a linked project answers the incident from its page', async () => {
      const db = portal.running.database.db;
      await seedProjectWithNamespace(db, 'webdemo', 'webdemo-prod');
      const member = await tokenFor(db, 'webdemo-owner');
      const id = (
        await json(
          await portal.adminPost('/api/v1/incidents', {
            title: 'Webdemo’s database is unreachable',
            severity: 'major',
            projects: ['webdemo'],
            body: 'Connections time out.',
          }),
        )
      ).id;
      const page = await context.newPage();
      const problems = await watchProblems(page);
      await page.goto(`${base}/incidents/${id}`);
      await page.locator('[data-test="incident-answer"]').waitFor();
      expect(await page.locator('[data-test="incident-answer"]').textContent()).toBe(
        'webdemo: not yet',
      );
      // Not signed in: nothing to answer with.
      expect(await page.locator('[data-test="incident-acknowledge"]').count()).toBe(0);
      await page.click('[data-test="token-sign-in"]');
      await page.fill('#token-input', member);
      await page.click('[data-test="token-save"]');
      await page.locator('[data-test="incident-acknowledge"]').waitFor();
      await check(page, 'incident-member-answers');
      await page.fill('#incident-acknowledge-message', 'Restarting the primary.');
      await page.click('[data-test="incident-acknowledge-submit"]');
      await page.locator('[data-test="incident-acknowledge-done"]').waitFor();
      await expect
        .poll(() => page.locator('[data-test="incident-answer"]').textContent(), {
          timeout: 15_000,
        })
        .toContain('by webdemo-owner');
      expect(
        await page
          .locator('[data-test="timeline-entry"]')
          .evaluateAll((els) => els.map((e) => e.getAttribute('data-kind'))),
      ).toEqual(['opened', 'acknowledged']);
      expect(problems, 'console and CSP').toEqual([]);
      await check(page, 'incident-member-answered');
      await page.close();
    }, 120_000);
  },
);
