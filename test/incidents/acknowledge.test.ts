import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENGAGEMENT_THRESHOLDS } from '../../src/core/index.ts';
import { DEFAULT_ENGAGEMENT_SETTINGS, engagementOf } from '../../src/engagement/index.ts';
import { incidentResponseSource } from '../../src/incidents/index.ts';
import { runCli, tempDir } from '../cli/helpers.ts';
import { tokenFor } from '../identity/principals.ts';
import { AUTH } from '../server/helpers.ts';
import { type IncidentApi, openIncidentApi, seedProjectWithNamespace } from './support.ts';

/**
 * A team answers an incident that touched its project, and the engagement record measures
 * the time it took (docs/incidents.md, docs/engagement.md): the API with its refusals, the
 * CLI, and the rule's threshold over a simulated clock.
 */
const HOUR = 3_600_000;
const LIMIT_HOURS = DEFAULT_ENGAGEMENT_THRESHOLDS.incidentResponseHours;
// The clock starts at the real time: sign-ins and tokens made by the test are recent.
const T0 = Math.floor(Date.now() / HOUR) * HOUR;
let clock = T0;
const at = (hours: number) => new Date(T0 + hours * HOUR).toISOString();

let api: IncidentApi;
let temp: ReturnType<typeof tempDir>;
let server: string;
const tokens: Record<string, string> = {};
let incident: number;

const bearer = (who: string) => ({ authorization: `Bearer ${tokens[who]}` });
const ack = (who: string, project: string, id: number, payload: unknown = {}) =>
  api.app.inject({
    method: 'POST',
    url: `/api/v1/projects/${project}/incidents/${id}/acknowledge`,
    headers: bearer(who),
    payload: payload as Record<string, unknown>,
  });
const detail = async (id: number) =>
  (await api.app.inject({ url: `/api/v1/incidents/${id}` })).json();
const engagement = async (project: string) =>
  (await api.app.inject({ url: `/api/v1/projects/${project}/engagement` })).json();
const reasons = (record: { reasons: { code: string }[] }) => record.reasons.map((r) => r.code);

async function declare(projects: string[], title: string): Promise<number> {
  const res = await api.app.inject({
    method: 'POST',
    url: '/api/v1/incidents',
    headers: AUTH,
    payload: { title, severity: 'major', projects, body: 'Looking into it.', announce: false },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id;
}

beforeAll(async () => {
  temp = tempDir('opf-incident-ack-');
  api = await openIncidentApi({
    now: () => new Date(clock),
    engagement: DEFAULT_ENGAGEMENT_SETTINGS,
  });
  const db = api.database.db;
  await seedProjectWithNamespace(db, 'aurora', 'aurora-prod');
  await seedProjectWithNamespace(db, 'borealis', 'borealis-dev');
  await db
    .updateTable('projects')
    .set({
      team: JSON.stringify({ name: 'aurora-team', owner: 'aurora-owner', members: ['Aurora-Dev'] }),
    })
    .where('name', '=', 'aurora')
    .execute();
  for (const login of ['aurora-owner', 'aurora-dev', 'borealis-owner', 'ops-olga'])
    tokens[login] = await tokenFor(db, login);
  await api.app.listen({ port: 0, host: '127.0.0.1' });
  server = `http://127.0.0.1:${(api.app.server.address() as AddressInfo).port}`;
  incident = await declare(['aurora', 'borealis'], 'Smaug’s ingress drops connections');
});
afterAll(async () => {
  await api?.close();
  temp?.remove();
});

describe('a team acknowledges an incident linked to its project', () => {
  it('before any answer, each linked project shows none, and the record counts the incident', async () => {
    expect((await detail(incident)).acknowledgements).toEqual([
      { project: 'aurora', acknowledgedBy: null, acknowledgedAt: null },
      { project: 'borealis', acknowledgedBy: null, acknowledgedAt: null },
    ]);
    const record = await engagement('aurora');
    expect(record.signals.incidents).toEqual({
      measured: true,
      items: [
        {
          id: String(incident),
          title: 'Smaug’s ingress drops connections',
          openedAt: at(0),
          respondedAt: null,
          resolvedAt: null,
        },
      ],
    });
    expect(record.status).toBe('engaged');
  });

  it('a member answers for the project: its time is recorded, on the public timeline too', async () => {
    clock = T0 + 2 * HOUR;
    const res = await ack('aurora-dev', 'aurora', incident, { message: 'We are draining.' });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().acknowledgements).toEqual([
      { project: 'aurora', acknowledgedBy: 'aurora-dev', acknowledgedAt: at(2) },
      { project: 'borealis', acknowledgedBy: null, acknowledgedAt: null },
    ]);
    const entries = (await detail(incident)).timeline.filter(
      (e: { kind: string }) => e.kind === 'acknowledged',
    );
    expect(entries).toEqual([
      {
        at: at(2),
        kind: 'acknowledged',
        author: 'aurora-dev',
        body: 'The team of aurora acknowledged the incident.\n\nWe are draining.',
      },
    ]);
  });

  it('a second answer for the same project changes nothing: the first one stays', async () => {
    clock = T0 + 5 * HOUR;
    const res = await ack('aurora-owner', 'aurora', incident);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().acknowledgements[0]).toEqual({
      project: 'aurora',
      acknowledgedBy: 'aurora-dev',
      acknowledgedAt: at(2),
    });
    const entries = (await detail(incident)).timeline.filter(
      (e: { kind: string }) => e.kind === 'acknowledged',
    );
    expect(entries).toHaveLength(1);
  });

  it('refused with a code, nothing written: another team, ops, admin, an unlinked project, bad input', async () => {
    const other = await declare(['borealis'], 'Borealis only');
    const cases: [string, Awaited<ReturnType<typeof ack>>, number, string][] = [
      [
        'another team',
        await ack('borealis-owner', 'aurora', incident),
        403,
        'OPF_ERR_AUTH_NOT_MEMBER',
      ],
      ['ops', await ack('ops-olga', 'borealis', incident), 403, 'OPF_ERR_INCIDENT_ACK_NOT_TEAM'],
      [
        'admin token',
        await api.app.inject({
          method: 'POST',
          url: `/api/v1/projects/borealis/incidents/${incident}/acknowledge`,
          headers: AUTH,
          payload: {},
        }),
        403,
        'OPF_ERR_INCIDENT_ACK_NOT_TEAM',
      ],
      [
        'not linked',
        await ack('aurora-owner', 'aurora', other),
        409,
        'OPF_ERR_INCIDENT_NOT_LINKED',
      ],
      [
        'no incident',
        await ack('aurora-owner', 'aurora', 999_999),
        404,
        'OPF_ERR_INCIDENT_UNKNOWN',
      ],
      [
        'unknown field',
        await ack('borealis-owner', 'borealis', incident, { note: 'x' }),
        400,
        'OPF_ERR_UNKNOWN_KEY',
      ],
      [
        'message too long',
        await ack('borealis-owner', 'borealis', incident, { message: 'x'.repeat(2001) }),
        400,
        'OPF_ERR_VALIDATION',
      ],
      [
        'anonymous',
        await api.app.inject({
          method: 'POST',
          url: `/api/v1/projects/borealis/incidents/${incident}/acknowledge`,
          payload: {},
        }),
        401,
        'OPF_ERR_UNAUTHENTICATED',
      ],
    ];
    expect(cases.map(([what, res]) => [what, res.statusCode, res.json().code])).toEqual(
      cases.map(([what, , status, code]) => [what, status, code]),
    );
    const rows = await api.database.db
      .selectFrom('incident_acknowledgements')
      .select(['incident_id', 'project_name'])
      .execute();
    expect(rows).toEqual([{ incident_id: incident, project_name: 'aurora' }]);
  });
});

describe('time to respond, in the engagement record, over a simulated clock', () => {
  it(`unanswered up to ${LIMIT_HOURS} hours: engaged; a minute more: at risk, with the reason`, async () => {
    clock = T0 + LIMIT_HOURS * HOUR;
    expect((await engagement('borealis')).status).toBe('engaged');
    clock = T0 + LIMIT_HOURS * HOUR + 60_000;
    const late = await engagement('borealis');
    expect(late.status).toBe('at-risk');
    expect(reasons(late)).toEqual(['incident-unanswered']);
    expect(late.reasons[0].text).toContain(`incident ${incident}`);
    // The team that answered in two hours is not touched by the same incident.
    expect((await engagement('aurora')).status).toBe('engaged');
  });

  it('an answer after the threshold: measured as slow, still at risk', async () => {
    clock = T0 + (LIMIT_HOURS + 8) * HOUR;
    expect((await ack('borealis-owner', 'borealis', incident)).statusCode).toBe(200);
    const record = await engagement('borealis');
    expect(record.status).toBe('at-risk');
    // "Borealis only" (declared in the refusals above, 75 hours ago) still waits for it.
    expect(reasons(record)).toEqual(['incident-slow', 'incident-unanswered']);
    expect(record.reasons[0].text).toContain(`incident ${incident} `);
    const item = record.signals.incidents.items.find(
      (i: { id: string }) => i.id === String(incident),
    );
    expect(item.respondedAt).toBe(at(LIMIT_HOURS + 8));
  });

  it('the threshold is a setting: with more hours allowed, the same answer is in time', async () => {
    const ctx = {
      db: api.database.db,
      publicUrl: 'http://opf.test',
      now: () => new Date(clock),
      incidents: incidentResponseSource(api.database.db),
      settings: {
        ...DEFAULT_ENGAGEMENT_SETTINGS,
        thresholds: { ...DEFAULT_ENGAGEMENT_THRESHOLDS, incidentResponseHours: LIMIT_HOURS + 10 },
      },
    };
    const record = await engagementOf(ctx, 'borealis');
    expect(reasons(record)).not.toContain('incident-slow');
    expect(reasons(record)).not.toContain('incident-unanswered');
  });
});

describe('opf incidents ack', () => {
  const opf = (args: string[], who: string) =>
    runCli(args, { OPF_SERVER: server, OPF_TOKEN: tokens[who]! }, temp.dir);

  it('answers for the one linked project of the caller’s, or asks which', async () => {
    const id = await declare(['aurora', 'borealis'], 'Ceph is slow');
    clock = T0 + 100 * HOUR;
    const ops = await opf(['incidents', 'ack', String(id)], 'ops-olga');
    expect(ops.code, ops.out).not.toBe(0);
    expect(ops.err).toContain('OPF_ERR_VALIDATION');
    expect(ops.err).toContain('--project');
    const run = await opf(['incidents', 'ack', String(id), '-m', 'On it'], 'borealis-owner');
    expect(run.code, run.err).toBe(0);
    expect(run.out).toBe(
      `incident ${id}: acknowledged for borealis by borealis-owner at ${at(100)}`,
    );
    const shown = await opf(['incidents', 'show', String(id)], 'aurora-dev');
    expect(shown.out).toContain(`answered for borealis: ${at(100)} by borealis-owner`);
    expect(shown.out).toContain('answered for aurora: not yet');
    const refused = await opf(
      ['incidents', 'ack', String(id), '--project', 'aurora'],
      'borealis-owner',
    );
    expect(refused.err).toContain('OPF_ERR_AUTH_NOT_MEMBER');
  });
});
