import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type AlertmanagerPayload,
  type AlertObservation,
  incidentStateOf,
  mergeObservation,
} from '../../src/incidents/index.ts';
import { ADMIN_TOKEN } from '../server/helpers.ts';
import { fuzzSeed } from '../support/fuzz-seed.ts';
import {
  ALERTMANAGER_TOKEN,
  type IncidentApi,
  openIncidentApi,
  postWebhook,
  seedProjectWithNamespace,
} from './support.ts';

/**
 * What Alertmanager 0.25 posted in test/incidents/alertmanager-e2e.test.ts (recorded with
 * OPF_RECORD_ALERTMANAGER): two checks of one group fire one after the other, the first
 * resolves, then the group resolves.
 */
const RECORDED = JSON.parse(
  readFileSync(join(import.meta.dirname, 'recorded', 'synthetic-failing.json'), 'utf8'),
) as AlertmanagerPayload[];

function permutations<T>(items: T[]): T[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** The same deliveries for another group, so one database holds every ordering. */
function asGroup(payload: AlertmanagerPayload, tag: string): AlertmanagerPayload {
  return { ...payload, groupKey: `${payload.groupKey}#${tag}` };
}

let api: IncidentApi;
beforeAll(async () => {
  api = await openIncidentApi();
  await seedProjectWithNamespace(api.database.db, 'aurora', 'aurora-prod');
});
afterAll(() => api?.close());

async function incidentOfGroup(groupKey: string) {
  const row = await api.database.db
    .selectFrom('incidents')
    .select('id')
    .where('group_key', '=', groupKey)
    .executeTakeFirstOrThrow();
  const detail = (await api.app.inject({ url: `/api/v1/incidents/${row.id}` })).json();
  const announcements = await api.database.db
    .selectFrom('announcements')
    .select('auto_key')
    .where('auto_key', 'like', `incident:${row.id}:%`)
    .execute();
  const { id: _id, link: _link, ...rest } = detail;
  return {
    view: rest,
    announced: announcements.map((a) => a.auto_key!.replace(`incident:${row.id}:`, '')).sort(),
  };
}

describe('the webhook’s credentials', () => {
  it.each([
    ['no Authorization header', undefined],
    ['a wrong token', 'Bearer not-the-alertmanager-token'],
    ['the admin token (it reaches everything else, not this)', `Bearer ${ADMIN_TOKEN}`],
    ['a Basic scheme', `Basic ${Buffer.from(`x:${ALERTMANAGER_TOKEN}`).toString('base64')}`],
    ['the token with a suffix', `Bearer ${ALERTMANAGER_TOKEN}x`],
  ])('%s: 401 OPF_ERR_ALERTMANAGER_TOKEN, nothing recorded', async (_what, authorization) => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/api/v1/alertmanager/webhook',
      headers: authorization ? { authorization } : {},
      payload: asGroup(RECORDED[0]!, 'refused') as never,
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('OPF_ERR_ALERTMANAGER_TOKEN');
    const rows = await api.database.db
      .selectFrom('incidents')
      .select('id')
      .where('group_key', 'like', '%#refused')
      .execute();
    expect(rows).toEqual([]);
  });

  it('a server without OPF_ALERTMANAGER_TOKEN refuses every call, and says why', async () => {
    const { buildApp } = await import('../../src/server/index.ts');
    const bare = await buildApp({
      db: api.database.db,
      databaseKind: 'pglite',
      publicUrl: 'http://opf.test',
      adminToken: ADMIN_TOKEN,
    });
    const res = await bare.inject({
      method: 'POST',
      url: '/api/v1/alertmanager/webhook',
      headers: { authorization: 'Bearer ' },
      payload: RECORDED[0] as never,
    });
    await bare.close();
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({
      code: 'OPF_ERR_ALERTMANAGER_TOKEN',
      message: expect.stringContaining('OPF_ALERTMANAGER_TOKEN'),
    });
  });

  it.each([
    ['version 3', { ...RECORDED[0], version: '3' }],
    ['no alerts', { ...RECORDED[0], alerts: [] }],
    [
      'an alert without a fingerprint',
      { ...RECORDED[0], alerts: [{ ...RECORDED[0]!.alerts[0], fingerprint: undefined }] },
    ],
    [
      'a start that is not a time',
      { ...RECORDED[0], alerts: [{ ...RECORDED[0]!.alerts[0], startsAt: 'soon' }] },
    ],
    ['a list instead of an object', [RECORDED[0]]],
  ])('a body with %s: 400 with a code, nothing recorded', async (_what, body) => {
    const before = await api.database.db
      .selectFrom('incidents')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    const res = await postWebhook(api.app, body);
    expect(res.statusCode, res.body).toBe(400);
    expect(res.json().code).toBe('OPF_ERR_VALIDATION');
    const after = await api.database.db
      .selectFrom('incidents')
      .select(sql<number>`count(*)`.as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});

describe('replayed and reordered deliveries (recorded from Alertmanager)', () => {
  it('the recorded deliveries in order: one incident, alerts added then resolved one by one', async () => {
    const states: string[] = [];
    for (const payload of RECORDED.map((p) => asGroup(p, 'in-order'))) {
      const res = await postWebhook(api.app, payload);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json().changed).toBe(true);
      const { view } = await incidentOfGroup(payload.groupKey);
      states.push(
        `${view.status}:${view.alerts.map((a: { labels: { check: string }; status: string }) => `${a.labels.check}=${a.status}`).join(',')}`,
      );
    }
    expect(states).toEqual([
      'open:disk=firing',
      'open:disk=firing,dns=firing',
      'open:disk=resolved,dns=firing',
      'resolved:disk=resolved,dns=resolved',
    ]);
    const { view, announced } = await incidentOfGroup(`${RECORDED[0]!.groupKey}#in-order`);
    expect(view).toMatchObject({
      project: 'aurora',
      namespaces: ['aurora-prod'],
      clusters: ['moc/smaug'],
      severity: 'critical',
    });
    expect(view.resolvedAt).toBe(new Date(RECORDED[3]!.alerts[0]!.endsAt!).toISOString());
    expect(announced).toEqual(['opened', `resolved:${view.resolvedAt}`]);
  });

  it('every one of the 24 orders, each delivery sent twice, ends in the same incident and announcements', async () => {
    const expected = await incidentOfGroup(`${RECORDED[0]!.groupKey}#in-order`);
    const orders = permutations([0, 1, 2, 3]);
    expect(orders).toHaveLength(24);
    for (const [n, order] of orders.entries()) {
      const tag = `order-${n}`;
      for (const index of [...order, ...order.toReversed()]) {
        const res = await postWebhook(api.app, asGroup(RECORDED[index]!, tag));
        expect(res.statusCode, res.body).toBe(200);
      }
      const got = await incidentOfGroup(`${RECORDED[0]!.groupKey}#${tag}`);
      expect(got, `order ${order.join(',')}`).toEqual(expected);
    }
  }, 120_000);

  it('a replay of the last delivery answers changed: false and adds nothing', async () => {
    const payload = asGroup(RECORDED[3]!, 'in-order');
    const before = await incidentOfGroup(payload.groupKey);
    const res = await postWebhook(api.app, payload);
    expect(res.json()).toMatchObject({ status: 'resolved', changed: false });
    expect(await incidentOfGroup(payload.groupKey)).toEqual(before);
  });

  it('a later episode of a resolved alert reopens the incident; the old episode’s late copies do not', async () => {
    const tag = 'reopen';
    for (const payload of RECORDED) await postWebhook(api.app, asGroup(payload, tag));
    const again = structuredClone(asGroup(RECORDED[0]!, tag));
    again.alerts[0]!.startsAt = '2026-12-03T18:00:00Z';
    expect((await postWebhook(api.app, again)).json()).toMatchObject({
      status: 'open',
      changed: true,
    });
    // A late copy of the first episode's firing: superseded.
    expect((await postWebhook(api.app, asGroup(RECORDED[0]!, tag))).json()).toMatchObject({
      status: 'open',
      changed: false,
    });
  });
});

describe('the merge rule', () => {
  const observation = fc.record({
    fingerprint: fc.constantFrom('a', 'b', 'c'),
    status: fc.constantFrom('firing' as const, 'resolved' as const),
    start: fc.integer({ min: 0, max: 5 }),
    length: fc.integer({ min: 0, max: 3 }),
    note: fc.constantFrom('x', 'y'),
  });
  const toObservation = (o: {
    fingerprint: string;
    status: 'firing' | 'resolved';
    start: number;
    length: number;
    note: string;
  }): AlertObservation => ({
    fingerprint: o.fingerprint,
    alertname: 'A',
    namespace: null,
    labels: { alertname: 'A' },
    annotations: { summary: o.note },
    status: o.status,
    startsAt: new Date(Date.UTC(2026, 0, 1, 0, o.start)).toISOString(),
    endsAt:
      o.status === 'resolved'
        ? new Date(Date.UTC(2026, 0, 1, 0, o.start + o.length)).toISOString()
        : null,
  });
  const fold = (observations: AlertObservation[]) => {
    const state = new Map<string, AlertObservation>();
    for (const o of observations)
      state.set(o.fingerprint, mergeObservation(state.get(o.fingerprint), o).keep);
    const alerts = [...state.values()].sort((x, y) => (x.fingerprint < y.fingerprint ? -1 : 1));
    return { alerts, ...incidentStateOf(alerts) };
  };

  it('any order and any repetition of the same observations merge to the same state', () => {
    fc.assert(
      fc.property(
        fc
          .array(observation, { minLength: 1, maxLength: 12 })
          .chain((list) =>
            fc.tuple(
              fc.constant(list),
              fc.shuffledSubarray([...list, ...list], { minLength: list.length * 2 }),
            ),
          ),
        ([list, shuffled]) => {
          expect(fold(shuffled.map(toObservation))).toEqual(fold(list.map(toObservation)));
        },
      ),
      { numRuns: 300, seed: fuzzSeed('incident merge orders') },
    );
  });

  it('resolution is final within an episode, and a later episode supersedes it', () => {
    const firing = toObservation({
      fingerprint: 'a',
      status: 'firing',
      start: 1,
      length: 0,
      note: 'x',
    });
    const resolved = toObservation({
      fingerprint: 'a',
      status: 'resolved',
      start: 1,
      length: 2,
      note: 'x',
    });
    const next = toObservation({
      fingerprint: 'a',
      status: 'firing',
      start: 4,
      length: 0,
      note: 'x',
    });
    expect(mergeObservation(resolved, firing)).toEqual({ keep: resolved, changed: false });
    expect(mergeObservation(firing, resolved)).toEqual({ keep: resolved, changed: true });
    expect(mergeObservation(resolved, next)).toEqual({ keep: next, changed: true });
    expect(mergeObservation(next, resolved)).toEqual({ keep: next, changed: false });
  });
});
