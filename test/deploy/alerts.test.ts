import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { buildProbeApp, jobFailureCounter } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { tempDir } from '../cli/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

const ROOT = join(import.meta.dirname, '..', '..');

interface AlertRule {
  alert: string;
  expr: string;
  annotations: Record<string, string>;
}
const rule = parse(readFileSync(join(ROOT, 'deploy', 'base', 'prometheusrule.yaml'), 'utf8')) as {
  spec: { groups: { name: string; rules: AlertRule[] }[] };
};
const alerts = rule.spec.groups.flatMap((group) => group.rules);
const promtool = ['/usr/bin/promtool', '/usr/local/bin/promtool'].find((path) => existsSync(path));

let temp: ReturnType<typeof tempDir>;
let rulesFile: string;
beforeAll(() => {
  temp = tempDir('opf-alerts-');
  // promtool reads plain Prometheus rule files: the PrometheusRule's spec is one.
  rulesFile = join(temp.dir, 'opf-rules.yaml');
  writeFileSync(rulesFile, stringify(rule.spec));
});
afterAll(() => temp?.remove());

describe("the PrometheusRule's alerts", () => {
  it('use only metrics opf exports (and Prometheus’ own up)', async () => {
    let database: Database | undefined;
    try {
      database = await openTestDatabase();
      const app = await buildProbeApp({
        db: database.db,
        databaseKind: testDatabaseKind(),
        processMetrics: [jobFailureCounter()],
      });
      const exposition = (await app.inject({ method: 'GET', url: '/metrics' })).body;
      await app.close();
      const exported = new Set(
        [...exposition.matchAll(/^# TYPE (\w+) /gm)].map((match) => match[1]),
      );
      const used = new Set(
        alerts.flatMap((a) => [...a.expr.matchAll(/\b(opf_\w+)/g)].map((m) => m[1])),
      );
      expect(used.size).toBeGreaterThanOrEqual(5);
      for (const name of used) expect(exported, name).toContain(name);
    } finally {
      await database?.close();
    }
  });

  // promtool comes with Prometheus (scripts/install-system-deps.sh installs it); without it
  // the rules cannot be parsed or evaluated here.
  describe.skipIf(!promtool)('evaluated by promtool', () => {
    it('parse as Prometheus rules', () => {
      const out = execFileSync(promtool!, ['check', 'rules', rulesFile], { encoding: 'utf8' });
      expect(out).toMatch(new RegExp(`SUCCESS: ${alerts.length} rules found`));
    });

    it('fire when they should and stay quiet otherwise', () => {
      // The annotations as Prometheus renders them: the labels, and the value where used.
      const rendered = (alertname: string, labels: Record<string, string>, value?: string) =>
        Object.fromEntries(
          Object.entries(alerts.find((a) => a.alert === alertname)!.annotations).map(
            ([key, template]) => [
              key,
              template
                .replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, label: string) => labels[label]!)
                .replace(/\{\{ \$value \| humanizeDuration \}\}/g, () => value!),
            ],
          ),
        );
      const at = (
        alertname: string,
        minutes: number,
        fired: Record<string, string>[],
        value?: string,
      ) => ({
        eval_time: `${minutes}m`,
        alertname,
        exp_alerts: fired.map((labels) => ({
          exp_labels: labels,
          exp_annotations: rendered(alertname, labels, value),
        })),
      });
      const ns = { namespace: 'opf' };
      const tests = {
        rule_files: [rulesFile],
        evaluation_interval: '1m',
        tests: [
          {
            interval: '1m',
            input_series: [
              // Two replicas report the same outbox; the oldest due job ages past 10 min.
              {
                series: 'opf_job_oldest_due_seconds{namespace="opf",pod="a"}',
                values: '0x3 700x20',
              },
              {
                series: 'opf_job_oldest_due_seconds{namespace="opf",pod="b"}',
                values: '0x3 700x20',
              },
              // The worker answers, then stops being scraped successfully.
              { series: 'up{job="opf-worker",namespace="opf",pod="w"}', values: '1x5 0x30' },
              // A delivery keeps failing; an invitation job failed once only.
              {
                series: 'opf_job_failures_total{kind="gitops.deliver",namespace="opf",pod="w"}',
                values: '0+1x60',
              },
              {
                series:
                  'opf_job_failures_total{kind="community.invitation",namespace="opf",pod="w"}',
                values: '0 1x60',
              },
              // A delivery job gives up at 70 min; a kind with no failed job before does too.
              {
                series: 'opf_jobs{kind="gitops.deliver",state="failed",namespace="opf",pod="a"}',
                values: '2x70 3x200',
              },
              {
                series: 'opf_jobs{kind="gitops.adopt",state="failed",namespace="opf",pod="a"}',
                values: '_x70 1x200',
              },
              {
                series:
                  'opf_announcement_deliveries{transport="mail",state="failed",namespace="opf",pod="a"}',
                values: '0x70 1x200',
              },
              {
                series:
                  'opf_announcement_deliveries{transport="slack",state="failed",namespace="opf",pod="a"}',
                values: '4x270',
              },
              // One replica loses the database, then both.
              { series: 'opf_database_up{namespace="opf",pod="a"}', values: '1x5 0x30' },
              { series: 'opf_database_up{namespace="opf",pod="b"}', values: '1x10 0x30' },
              // A cluster's source stops answering at minute 10 and is never back.
              {
                series: 'opf_telemetry_gap_hours{cluster="moc/smaug",namespace="opf",pod="a"}',
                values: '0x10 3x200',
              },
            ],
            alert_rule_test: [
              at('OpfJobBacklog', 3, []),
              at('OpfJobBacklog', 12, [{ ...ns, severity: 'warning' }], '11m 40s'),
              at('OpfWorkerDown', 5, []),
              at('OpfWorkerDown', 20, [{ severity: 'critical' }]),
              at('OpfJobsFailing', 20, []),
              at('OpfJobsFailing', 50, [{ ...ns, kind: 'gitops.deliver', severity: 'warning' }]),
              at('OpfDeliveryGaveUp', 60, []),
              at('OpfDeliveryGaveUp', 80, [
                { ...ns, kind: 'gitops.deliver', severity: 'warning' },
                { ...ns, kind: 'gitops.adopt', severity: 'warning' },
              ]),
              // An hour later the count is what it was: nothing new gave up.
              at('OpfDeliveryGaveUp', 200, []),
              at('OpfAnnouncementDeliveryFailed', 60, []),
              at('OpfAnnouncementDeliveryFailed', 80, [
                { ...ns, transport: 'mail', severity: 'warning' },
              ]),
              at('OpfAnnouncementDeliveryFailed', 200, []),
              at('OpfDatabaseUnreachable', 12, []),
              at('OpfDatabaseUnreachable', 20, [{ ...ns, severity: 'critical' }]),
              at('OpfTelemetryHarvestGaps', 60, []),
              at('OpfTelemetryHarvestGaps', 150, [
                { ...ns, cluster: 'moc/smaug', severity: 'warning' },
              ]),
            ],
          },
        ],
      };
      const testsFile = join(temp.dir, 'opf-rules.test.yaml');
      writeFileSync(testsFile, stringify(tests));
      // Annotations are templates of the firing values: promtool compares labels only here.
      const run = spawnSync(promtool!, ['test', 'rules', testsFile], {
        encoding: 'utf8',
      });
      expect(`${run.stdout}${run.stderr}`).toMatch(/SUCCESS/);
      expect(run.status).toBe(0);
      // Every alert is exercised.
      const tested = new Set(tests.tests[0]!.alert_rule_test.map((t) => t.alertname));
      expect([...tested].sort()).toEqual(alerts.map((a) => a.alert).sort());
    });
  });
});
