import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERROR_REGISTRY } from '../../src/core/index.ts';
import { AUTH } from '../server/helpers.ts';
import { fuzzSeed } from '../support/fuzz-seed.ts';
import {
  type IncidentApi,
  openIncidentApi,
  postWebhook,
  seedProjectWithNamespace,
} from './support.ts';

let api: IncidentApi;
beforeAll(async () => {
  api = await openIncidentApi();
  await seedProjectWithNamespace(api.database.db, 'aurora', 'aurora-prod');
});
afterAll(() => api?.close());

type Json = Record<string, unknown>;

const webhook = (n: number): Json => ({
  version: '4',
  groupKey: `{}:{alertname="Fuzz${n}"}`,
  truncatedAlerts: 0,
  status: 'firing',
  receiver: 'opf',
  groupLabels: { alertname: `Fuzz${n}` },
  commonLabels: { alertname: `Fuzz${n}` },
  commonAnnotations: {},
  externalURL: 'http://alertmanager',
  alerts: [
    {
      status: 'firing',
      labels: { alertname: `Fuzz${n}`, namespace: 'aurora-prod', cluster: 'moc/smaug' },
      annotations: { summary: 's' },
      startsAt: '2026-12-01T10:00:00Z',
      endsAt: '0001-01-01T00:00:00Z',
      generatorURL: 'http://prometheus',
      fingerprint: `fp-${n}`,
    },
  ],
});

const declared = (): Json => ({
  title: 'Fuzzed',
  severity: 'minor',
  clusters: ['moc/smaug'],
  projects: ['aurora'],
  body: 'b',
});

/** Every place in a JSON value, as a path of keys. */
function placesOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value);
  return [at, ...entries.flatMap(([key, child]) => placesOf(child, [...at, key]))];
}

function setIn(target: Json, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(target) as Record<string | number, unknown>;
  let node = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

const nasty = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    '',
    '0001-01-01T00:00:00Z',
    'not a time',
    '9999-99-99T00:00:00Z',
    'a\u0000b',
    'x'.repeat(20_000),
    -1,
    '1e400',
    null,
  ),
);

const counts = async () => {
  const db = api.database.db;
  const [incidents, updates, alerts, announcements] = await Promise.all([
    db.selectFrom('incidents').select('id').execute(),
    db.selectFrom('incident_updates').select('id').execute(),
    db.selectFrom('incident_alerts').select('fingerprint').execute(),
    db.selectFrom('announcements').select('id').execute(),
  ]);
  return [incidents.length, updates.length, alerts.length, announcements.length];
};

describe('property: random values anywhere in the incident bodies get an answer below 500 with a code', () => {
  it('the Alertmanager webhook', async () => {
    let n = 0;
    const places = placesOf(webhook(0));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...places), nasty, async (place, value) => {
        n += 1;
        const before = await counts();
        const res = await postWebhook(api.app, setIn(webhook(n), place, value));
        if (res.statusCode === 200) return;
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect(Object.keys(ERROR_REGISTRY)).toContain(res.json().code);
        expect(await counts(), 'nothing half-written').toEqual(before);
      }),
      { numRuns: 120, seed: fuzzSeed('random webhook bodies') },
    );
  }, 120_000);

  it('declaring, updating and resolving', async () => {
    const open = await api.app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: AUTH,
      payload: declared(),
    });
    expect(open.statusCode, open.body).toBe(201);
    const id = open.json().id;
    const routes = [
      { url: '/api/v1/incidents', body: declared() },
      {
        url: `/api/v1/incidents/${id}/updates`,
        body: { body: 'u', severity: 'major', announce: false },
      },
      { url: `/api/v1/incidents/${id}/resolve`, body: { body: 'r', announce: false } },
    ];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...routes), fc.nat(), nasty, async (route, pick, value) => {
        const places = placesOf(route.body);
        const body = setIn(route.body, places[pick % places.length]!, value);
        const before = await counts();
        const res = await api.app.inject({
          method: 'POST',
          url: route.url,
          headers: { ...AUTH, 'content-type': 'application/json' },
          payload: JSON.stringify(body),
        });
        if (res.statusCode < 300) return;
        expect(res.statusCode, res.body).toBeGreaterThanOrEqual(400);
        expect(res.statusCode, res.body).toBeLessThan(500);
        expect(Object.keys(ERROR_REGISTRY)).toContain(res.json().code);
        expect(await counts(), 'nothing half-written').toEqual(before);
      }),
      { numRuns: 120, seed: fuzzSeed('random incident bodies') },
    );
  }, 120_000);
});
