import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../src/cli/exit-codes.ts';
import { getAnnouncements } from '../../src/community/index.ts';
import { runCli, tempDir, writeFile } from '../cli/helpers.ts';
import { ADMIN_TOKEN, AUTH } from '../server/helpers.ts';
import {
  type IncidentApi,
  openIncidentApi,
  PUBLIC_URL,
  postWebhook,
  seedProjectWithNamespace,
} from './support.ts';

let api: IncidentApi;
let url: string;
let temp: ReturnType<typeof tempDir>;
const cli = (args: string[]) => runCli(args, { OPF_SERVER: url, OPF_TOKEN: ADMIN_TOKEN }, temp.dir);

beforeAll(async () => {
  temp = tempDir('opf-incidents-cli-');
  api = await openIncidentApi();
  await seedProjectWithNamespace(api.database.db, 'aurora', 'aurora-prod');
  await seedProjectWithNamespace(api.database.db, 'borealis', 'borealis-dev');
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  url = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await api?.close();
  temp?.remove();
});

const count = async () =>
  (await api.database.db.selectFrom('incidents').select('id').execute()).length;

describe('a declared incident, by ops, through the CLI', () => {
  let id: number;

  it('opf incidents open: recorded, public, announced to the channels and the team', async () => {
    const run = await cli([
      'incidents',
      'open',
      '--title',
      'Smaug storage is slow',
      '--severity',
      'major',
      '--cluster',
      'moc/smaug',
      '--project',
      'aurora',
      '--body',
      'Ceph is rebalancing; volumes answer slowly.',
    ]);
    expect(run.code, run.err).toBe(0);
    id = Number(/incident (\d+)/.exec(run.out)?.[1]);
    expect(run.out).toContain(`${PUBLIC_URL}/incidents/${id}`);
    const listed = (await api.app.inject({ url: '/api/v1/incidents?status=open' })).json().items;
    expect(listed).toEqual([
      expect.objectContaining({
        id,
        title: 'Smaug storage is slow',
        status: 'open',
        severity: 'major',
        clusters: ['moc/smaug'],
        namespaces: ['aurora-prod'],
        project: 'aurora',
        alerts: [],
      }),
    ]);
    const [announcement] = await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL });
    expect(announcement).toMatchObject({
      kind: 'incident',
      title: 'Incident: Smaug storage is slow',
    });
    expect(announcement!.body).toContain('Ceph is rebalancing');
    expect(announcement!.deliveries).toEqual([
      expect.objectContaining({
        channel: 'project:aurora',
        transport: 'email',
        target: 'lead@aurora.example.org, owner@aurora.example.org',
        state: 'pending',
      }),
    ]);
  });

  it('the status page shows moc/smaug in partial outage, today marked', async () => {
    const status = (await api.app.inject({ url: '/api/v1/status' })).json();
    const smaug = status.clusters.find((c: { id: string }) => c.id === 'moc/smaug');
    expect(smaug).toMatchObject({ state: 'partial-outage', openIncidents: [id] });
    expect(smaug.days).toHaveLength(90);
    expect(smaug.days.at(-1)).toEqual({
      date: new Date().toISOString().slice(0, 10),
      worst: 'major',
    });
    expect(smaug.days.at(0).worst).toBeNull();
    const others = status.clusters.filter((c: { id: string }) => c.id !== 'moc/smaug');
    expect(others.length).toBeGreaterThan(0);
    for (const other of others) expect(other.state).toBe('operational');
    expect(status.open.map((i: { id: number }) => i.id)).toEqual([id]);
  });

  it('opf incidents update: a timeline entry, a new severity, announced', async () => {
    const run = await cli([
      'incidents',
      'update',
      String(id),
      '--body',
      'Writes fail now.',
      '--severity',
      'critical',
    ]);
    expect(run.code, run.err).toBe(0);
    const shown = await cli(['incidents', 'show', String(id)]);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toContain('open, critical, from declared');
    expect(shown.out).toMatch(/opened\s+admin\s+Ceph is rebalancing/);
    expect(shown.out).toMatch(/update\s+admin\s+Writes fail now\./);
    const titles = (await getAnnouncements({ db: api.database.db, publicUrl: PUBLIC_URL })).map(
      (a) => a.title,
    );
    expect(titles).toContain('Update: Smaug storage is slow');
    const status = (await api.app.inject({ url: '/api/v1/status' })).json();
    expect(status.clusters.find((c: { id: string }) => c.id === 'moc/smaug').state).toBe(
      'major-outage',
    );
  });

  it('opf incidents resolve with a post-mortem: resolved, announced, post-mortem kept as written', async () => {
    const file = writeFile(temp.dir, 'pm.md', [
      '# What happened',
      '',
      '<script>alert(1)</script> and **bold**',
    ]);
    const run = await cli([
      'incidents',
      'resolve',
      String(id),
      '--body',
      'Rebalanced.',
      '--postmortem',
      file,
    ]);
    expect(run.code, run.err).toBe(0);
    const detail = (await api.app.inject({ url: `/api/v1/incidents/${id}` })).json();
    expect(detail).toMatchObject({
      status: 'resolved',
      postmortem: expect.stringContaining('<script>'),
    });
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual([
      'opened',
      'update',
      'resolved',
      'postmortem',
    ]);
    const listed = await cli(['incidents', 'list', '--status', 'resolved']);
    expect(listed.out).toMatch(new RegExp(`${id}\\s+resolved\\s+critical`));
    const audit = await api.database.db
      .selectFrom('audit_events')
      .select('action')
      .where('subject_type', '=', 'incident')
      .where('subject_id', '=', String(id))
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual([
      'incident.declare',
      'incident.update',
      'incident.resolve',
      'incident.postmortem',
    ]);
    const status = (await api.app.inject({ url: '/api/v1/status' })).json();
    expect(status.clusters.find((c: { id: string }) => c.id === 'moc/smaug').state).toBe(
      'operational',
    );
    expect(status.recent.map((i: { id: number }) => i.id)).toEqual([id]);
  });

  it('resolving twice is a conflict with a code', async () => {
    const run = await cli(['incidents', 'resolve', String(id), '--body', 'again']);
    expect(run.code).toBe(EXIT.conflict);
    expect(run.err).toContain('OPF_ERR_INCIDENT_RESOLVED');
  });

  it('the Atom feed has the incident, linked from its page', async () => {
    const res = await api.app.inject({ url: '/api/v1/feeds/incidents.atom' });
    expect(res.headers['content-type']).toContain('application/atom+xml');
    expect(res.body).toContain('<title>Resolved (critical): Smaug storage is slow</title>');
    expect(res.body).toContain(`<link rel="alternate" href="${PUBLIC_URL}/incidents/${id}"/>`);
    expect(res.body).toContain(`<id>tag:opf.test,2026:incident-${id}</id>`);
  });
});

describe('bad input is refused with a code and writes nothing', () => {
  it.each([
    ['an unknown cluster', { clusters: ['moc/nowhere'] }, 400, 'OPF_ERR_INCIDENT_CLUSTER_UNKNOWN'],
    ['an unknown project', { projects: ['ghost'] }, 400, 'OPF_ERR_INCIDENT_PROJECT_UNKNOWN'],
    ['a project name that is no name', { projects: ['Not A Name'] }, 400, 'OPF_ERR_NAME_INVALID'],
    ['a severity opf does not know', { severity: 'apocalyptic' }, 400, 'OPF_ERR_VALIDATION'],
    ['an empty title', { title: '   ' }, 400, 'OPF_ERR_VALIDATION'],
    ['an unknown key', { colour: 'red' }, 400, 'OPF_ERR_UNKNOWN_KEY'],
  ])('%s', async (_what, change, status, code) => {
    const before = await count();
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: AUTH,
      payload: { title: 'x', severity: 'minor', body: 'y', ...change },
    });
    expect(res.statusCode, res.body).toBe(status);
    expect(JSON.stringify(res.json())).toContain(code);
    expect(await count()).toBe(before);
  });

  it('the CLI says the same with its exit code', async () => {
    const before = await count();
    const run = await cli([
      'incidents',
      'open',
      '--title',
      't',
      '--severity',
      'minor',
      '--body',
      'b',
      '--cluster',
      'moc/nowhere',
    ]);
    expect(run.code).toBe(EXIT.input);
    expect(run.err).toContain('OPF_ERR_INCIDENT_CLUSTER_UNKNOWN');
    expect(await count()).toBe(before);
    const missing = await cli(['incidents', 'postmortem', '1', 'no-such-file.md']);
    expect(missing.err).toContain('OPF_ERR_FILE_UNREADABLE');
  });

  it('an unknown incident is 404 with a code', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/incidents/999999/updates',
      headers: AUTH,
      payload: { body: 'hello' },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('OPF_ERR_INCIDENT_UNKNOWN');
  });

  it('an incident from alerts is not resolved by hand, but takes updates', async () => {
    const payload = {
      version: '4',
      groupKey: '{}:{alertname="NodeDown"}',
      status: 'firing',
      receiver: 'opf',
      groupLabels: { alertname: 'NodeDown' },
      commonLabels: { alertname: 'NodeDown', cluster: 'smaug' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager',
      alerts: [
        {
          status: 'firing',
          labels: { alertname: 'NodeDown', cluster: 'smaug', namespace: 'borealis-dev' },
          annotations: {},
          startsAt: '2026-12-01T10:00:00Z',
          endsAt: '0001-01-01T00:00:00Z',
          fingerprint: 'node-down-1',
        },
      ],
    };
    const received = (await postWebhook(api.app, payload)).json();
    const resolve = await api.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${received.incidentId}/resolve`,
      headers: AUTH,
      payload: { body: 'done' },
    });
    expect(resolve.statusCode).toBe(409);
    expect(resolve.json().code).toBe('OPF_ERR_INCIDENT_FROM_ALERTS');
    const update = await api.app.inject({
      method: 'POST',
      url: `/api/v1/incidents/${received.incidentId}/updates`,
      headers: AUTH,
      payload: { body: 'Replacing the node.', announce: false },
    });
    expect(update.statusCode, update.body).toBe(201);
    expect(update.json()).toMatchObject({
      status: 'open',
      clusters: ['moc/smaug'],
      project: 'borealis',
      timeline: [
        expect.objectContaining({ kind: 'alert-firing' }),
        expect.objectContaining({ kind: 'update' }),
      ],
    });
  });
});
