import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  communityJobs,
  DEFAULT_COMMUNITY_SETTINGS,
  getAnnouncements,
} from '../../src/community/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import { tempDir } from '../cli/helpers.ts';
import { TestSmtp } from '../community/listeners.ts';
import { needsProgram } from '../support/system-programs.ts';
import {
  ALERTMANAGER_TOKEN,
  type IncidentApi,
  openIncidentApi,
  PUBLIC_URL,
  postWebhook,
  seedProjectWithNamespace,
} from './support.ts';

const ALERTMANAGER = '/usr/bin/prometheus-alertmanager';
const missing = spawnable('prometheus') && spawnable(ALERTMANAGER) ? undefined : 'missing';

function spawnable(command: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  ms = 30_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(missing)(
  'an alert from real Prometheus and Alertmanager becomes a public incident',
  needsProgram('prometheus-alertmanager'),
  () => {
    let api: IncidentApi;
    let temp: ReturnType<typeof tempDir>;
    const children: ChildProcess[] = [];
    let exporter: Server;
    /** The synthetic checks' values, by check: the test flips them. */
    const failing = { disk: 0, dns: 0 };
    const smtp = new TestSmtp();
    let runner: JobRunner;
    const delivered: unknown[] = [];
    let base: string;

    beforeAll(async () => {
      temp = tempDir('opf-incidents-e2e-');
      // Every delivery as Alertmanager sent it, to replay below.
      api = await openIncidentApi({ onWebhook: (body) => delivered.push(structuredClone(body)) });
      await seedProjectWithNamespace(api.database.db, 'aurora', 'aurora-prod');
      base = await api.app.listen({ port: 0, host: '127.0.0.1' });
      await smtp.start();
      runner = new JobRunner({
        db: api.database.db,
        handlers: communityJobs(
          { db: api.database.db, publicUrl: PUBLIC_URL },
          {
            ...DEFAULT_COMMUNITY_SETTINGS,
            smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'opf <opf@opf.test>' },
            timeoutMs: 2000,
          },
        ),
        pollMs: 100,
        backoffBaseMs: 100,
        backoffMaxMs: 400,
      });
      runner.start();

      // The synthetic metric: the test flips it, Prometheus scrapes it every second.
      exporter = createServer((_req, res) => {
        res.setHeader('content-type', 'text/plain; version=0.0.4');
        const series = Object.entries(failing).map(
          ([check, value]) =>
            `opf_e2e_synthetic_failing{namespace="aurora-prod",check="${check}",severity="critical"} ${value}`,
        );
        res.end(`# TYPE opf_e2e_synthetic_failing gauge\n${series.join('\n')}\n`);
      });
      await new Promise<void>((resolve) => exporter.listen(0, '127.0.0.1', resolve));
      const exporterPort = (exporter.address() as AddressInfo).port;
      const [promPort, amPort, amClusterPort] = [
        await freePort(),
        await freePort(),
        await freePort(),
      ];

      writeFileSync(
        join(temp.dir, 'alertmanager.yml'),
        stringify({
          global: { resolve_timeout: '5s' },
          route: {
            receiver: 'opf',
            group_by: ['alertname', 'namespace'],
            group_wait: '1s',
            group_interval: '1s',
            repeat_interval: '1h',
          },
          receivers: [
            {
              name: 'opf',
              webhook_configs: [
                {
                  url: `${base}/api/v1/alertmanager/webhook`,
                  send_resolved: true,
                  http_config: {
                    authorization: { type: 'Bearer', credentials: ALERTMANAGER_TOKEN },
                  },
                },
              ],
            },
          ],
        }),
      );
      writeFileSync(
        join(temp.dir, 'rules.yml'),
        stringify({
          groups: [
            {
              name: 'synthetic',
              interval: '1s',
              rules: [
                {
                  alert: 'SyntheticFailing',
                  expr: 'opf_e2e_synthetic_failing > 0',
                  labels: { team: 'aurora' },
                  annotations: { summary: 'the synthetic check fails in {{ $labels.namespace }}' },
                },
              ],
            },
          ],
        }),
      );
      writeFileSync(
        join(temp.dir, 'prometheus.yml'),
        stringify({
          global: { scrape_interval: '1s', evaluation_interval: '1s' },
          rule_files: [join(temp.dir, 'rules.yml')],
          alerting: { alertmanagers: [{ static_configs: [{ targets: [`127.0.0.1:${amPort}`] }] }] },
          scrape_configs: [
            { job_name: 'synthetic', static_configs: [{ targets: [`127.0.0.1:${exporterPort}`] }] },
          ],
        }),
      );
      const start = (command: string, args: string[]) => {
        const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
        let log = '';
        child.stderr?.on('data', (chunk: Buffer) => {
          log = (log + chunk.toString()).slice(-4000);
        });
        child.on('exit', (code) => {
          if (code) console.error(`${command} exited ${code}:\n${log}`);
        });
        children.push(child);
      };
      start(ALERTMANAGER, [
        `--config.file=${join(temp.dir, 'alertmanager.yml')}`,
        `--storage.path=${join(temp.dir, 'am')}`,
        `--web.listen-address=127.0.0.1:${amPort}`,
        `--cluster.listen-address=127.0.0.1:${amClusterPort}`,
        '--cluster.peer-timeout=1s',
      ]);
      start('prometheus', [
        `--config.file=${join(temp.dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(temp.dir, 'prom')}`,
        `--web.listen-address=127.0.0.1:${promPort}`,
      ]);
      await until('Alertmanager ready', async () =>
        (await fetch(`http://127.0.0.1:${amPort}/-/ready`)).ok ? true : undefined,
      );
      await until('Prometheus ready', async () =>
        (await fetch(`http://127.0.0.1:${promPort}/-/ready`)).ok ? true : undefined,
      );
    }, 60_000);

    afterAll(async () => {
      // Each one has exited before its data directory is removed: Alertmanager writes its
      // state there as it stops, which raced the removal (ENOTEMPTY).
      await Promise.all(children.map(stopAndWait));
      await runner?.stop();
      exporter?.close();
      await smtp.stop();
      await api?.close();
      temp?.remove();
    });

    const openIncidents = async () =>
      (await api.app.inject({ url: '/api/v1/incidents?status=open' })).json().items as {
        id: number;
        title: string;
        project: string | null;
        namespaces: string[];
        alerts: { status: string }[];
      }[];

    const incidentNow = async () =>
      (await api.app.inject({ url: '/api/v1/incidents' })).json().items[0] as
        | {
            id: number;
            status: string;
            title: string;
            project: string | null;
            namespaces: string[];
            alerts: { status: string; labels: Record<string, string> }[];
          }
        | undefined;
    const alertStates = (incident: {
      alerts: { status: string; labels: Record<string, string> }[];
    }) => Object.fromEntries(incident.alerts.map((a) => [a.labels.check, a.status]));

    it('a check fails: an open incident linked to the project, and its team is told', async () => {
      failing.disk = 1;
      const [incident] = await until('an open incident', async () => {
        const items = await openIncidents();
        return items.length > 0 ? items : undefined;
      });
      expect(incident).toMatchObject({
        title: expect.stringContaining('SyntheticFailing'),
        project: 'aurora',
        namespaces: ['aurora-prod'],
        alerts: [expect.objectContaining({ status: 'firing' })],
      });
      // Public: no credentials were sent. The team's delivery is in the outbox and sent.
      const announcements = await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL });
      const opened = announcements.find((a) => a.title.startsWith('Incident: SyntheticFailing'));
      expect(opened?.kind).toBe('incident');
      const mail = await until('the team’s mail', async () =>
        smtp.accepted.find((m) => m.to.includes('lead@aurora.example.org')),
      );
      expect(mail.to.sort()).toEqual(['lead@aurora.example.org', 'owner@aurora.example.org']);
      expect(mail.headers.subject).toContain('SyntheticFailing');
      // The delivery job records "sent" once the mail server has answered, a moment after the
      // mail is in: wait for that write (a fresh-clone run read it in between, "pending").
      const delivery = await until('the team’s delivery recorded as sent', async () => {
        const found = (await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL }))
          .find((a) => a.id === opened!.id)!
          .deliveries.find((d) => d.channel === 'project:aurora');
        return found?.state === 'sent' ? found : undefined;
      });
      expect(delivery).toMatchObject({ transport: 'email', state: 'sent' });
    }, 60_000);

    it('a second check fails in the group: its alert joins the same incident', async () => {
      failing.dns = 1;
      const incident = await until('the second alert', async () => {
        const now = await incidentNow();
        return now && now.alerts.length === 2 ? now : undefined;
      });
      expect(alertStates(incident)).toEqual({ disk: 'firing', dns: 'firing' });
      expect((await api.app.inject({ url: '/api/v1/incidents' })).json().items).toHaveLength(1);
    }, 60_000);

    it('one check recovers: its alert resolves, the incident stays open', async () => {
      failing.disk = 0;
      const incident = await until('the first alert resolved', async () => {
        const now = await incidentNow();
        return now && alertStates(now).disk === 'resolved' ? now : undefined;
      });
      expect(incident.status).toBe('open');
      expect(alertStates(incident)).toEqual({ disk: 'resolved', dns: 'firing' });
    }, 60_000);

    it('the other recovers: the group resolves and so does the incident', async () => {
      failing.dns = 0;
      const incident = await until('the incident resolved', async () => {
        const now = await incidentNow();
        return now?.status === 'resolved' ? now : undefined;
      });
      expect(alertStates(incident)).toEqual({ disk: 'resolved', dns: 'resolved' });
      expect(await openIncidents()).toEqual([]);
      const detail = (await api.app.inject({ url: `/api/v1/incidents/${incident.id}` })).json();
      expect(detail.timeline.map((e: { kind: string }) => e.kind).sort()).toEqual([
        'alert-firing',
        'alert-firing',
        'alert-resolved',
        'alert-resolved',
      ]);
      const announcements = await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL });
      expect(announcements.map((a) => a.title.split(':')[0]).sort()).toEqual([
        'Incident',
        'Resolved',
      ]);
    }, 60_000);

    it('replaying what Alertmanager sent, in reverse and twice, changes nothing', async () => {
      const recorded = [...delivered];
      expect(recorded.length).toBeGreaterThanOrEqual(3);
      const before = await incidentNow();
      const detail = (await api.app.inject({ url: `/api/v1/incidents/${before!.id}` })).json();
      const announced = (await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL }))
        .length;
      for (const payload of [...recorded].reverse().concat(recorded)) {
        const res = await postWebhook(api.app, payload);
        expect(res.statusCode, res.body).toBe(200);
        expect(res.json().changed).toBe(false);
      }
      expect((await api.app.inject({ url: `/api/v1/incidents/${before!.id}` })).json()).toEqual(
        detail,
      );
      expect((await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL })).length).toBe(
        announced,
      );
      // Kept for the unit tests' recorded payloads (test/incidents/recorded/).
      if (process.env.OPF_RECORD_ALERTMANAGER)
        writeFileSync(
          process.env.OPF_RECORD_ALERTMANAGER,
          `${JSON.stringify(recorded, null, 2)}\n`,
        );
    });
  },
);

/** SIGTERM, then wait for the exit (SIGKILL after 5 s). */
async function stopAndWait(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
