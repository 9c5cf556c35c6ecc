import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServeConfig } from '../../src/config/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { DEFAULT_TELEMETRY_SETTINGS } from '../../src/telemetry/index.ts';
import { TEST_IDENTITY_CONFIG } from '../identity/principals.ts';
import { ADMIN_TOKEN, AUTH, expectError } from '../server/helpers.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

let database: Database;
let app: Awaited<ReturnType<typeof buildApp>>;

beforeAll(async () => {
  database = await openTestDatabase();
  app = await buildApp({
    db: database.db,
    databaseKind: testDatabaseKind(),
    publicUrl: 'http://opf.test',
    adminToken: ADMIN_TOKEN,
    identity: { config: TEST_IDENTITY_CONFIG },
    telemetry: {
      ...DEFAULT_TELEMETRY_SETTINGS,
      sources: [{ cluster: 'moc/smaug', url: 'http://127.0.0.1:9' }],
    },
  });
  await app.ready();
}, 60_000);
afterAll(async () => {
  await app?.close();
  await database?.close();
});

const harvest = (payload: unknown, headers: Record<string, string> = AUTH) =>
  app.inject({
    method: 'POST',
    url: '/api/v1/telemetry/harvests',
    headers,
    payload: payload as never,
  });

describe('telemetry API: bad input gets a stable code and writes nothing', () => {
  it('a harvest names a configured cluster and a sane range', async () => {
    expectError(
      await harvest({ cluster: 'moc/infra', from: '2026-11-01', to: '2026-11-02' }),
      400,
      'OPF_ERR_TELEMETRY_CLUSTER_UNKNOWN',
    );
    expectError(
      await harvest({ cluster: 'moc/smaug', from: 'yesterday', to: '2026-11-02' }),
      400,
      'OPF_ERR_TELEMETRY_RANGE_INVALID',
    );
    expectError(
      await harvest({ cluster: 'moc/smaug', from: '2026-11-02', to: '2026-11-01' }),
      400,
      'OPF_ERR_TELEMETRY_RANGE_INVALID',
    );
    expectError(
      await harvest({ cluster: 'moc/smaug', from: '2026-11-01', to: '2099-01-01' }),
      400,
      'OPF_ERR_TELEMETRY_RANGE_INVALID',
    );
    expectError(
      await harvest({
        cluster: 'moc/smaug',
        from: '2026-11-01',
        to: '2026-11-02',
        url: 'http://evil',
      }),
      400,
      'OPF_ERR_UNKNOWN_KEY',
    );
    expectError(
      await harvest({ cluster: 'moc/smaug', from: '2026-11-01', to: '2026-11-02' }, {}),
      401,
      'OPF_ERR_UNAUTHENTICATED',
    );
    const runs = await database.db
      .selectFrom('jobs')
      .select('kind')
      .where('kind', '=', 'telemetry.harvest')
      .execute();
    expect(runs).toEqual([]);
  });

  it('a valid harvest is accepted as a job, audited, and its progress readable', async () => {
    const res = await harvest({
      cluster: 'moc/smaug',
      from: '2026-11-01T00:00:00Z',
      to: '2026-11-01T05:30:00Z',
    });
    expect(res.statusCode, res.body).toBe(202);
    const run = res.json();
    expect(run).toMatchObject({
      cluster: 'moc/smaug',
      state: 'queued',
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-11-01T06:00:00.000Z',
    });
    const read = await app.inject({ url: `/api/v1/telemetry/harvests/${run.id}`, headers: AUTH });
    expect(read.json().id).toBe(run.id);
    expectError(
      await app.inject({ url: '/api/v1/telemetry/harvests/999999', headers: AUTH }),
      404,
      'OPF_ERR_TELEMETRY_HARVEST_UNKNOWN',
    );
    const audit = await app.inject({ url: '/api/v1/audit?subjectType=harvest' });
    expect(audit.json().items.map((e: { action: string }) => e.action)).toEqual([
      'telemetry.harvest',
    ]);
  });

  it('usage and datasets: unknown names answer 404 with a code, malformed ones 400', async () => {
    expectError(
      await app.inject({ url: '/api/v1/usage/namespaces?namespace=nowhere' }),
      404,
      'OPF_ERR_TELEMETRY_NO_DATA',
    );
    expectError(
      await app.inject({ url: '/api/v1/usage/namespaces?namespace=Not_A_Name' }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await app.inject({ url: '/api/v1/datasets/daily/2026-11-01.parquet' }),
      404,
      'OPF_ERR_DATASET_UNKNOWN',
    );
    expectError(
      await app.inject({ url: '/api/v1/datasets/daily/2026-11-01.exe' }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expect((await app.inject({ url: '/api/v1/datasets' })).json()).toEqual({ items: [] });
  });

  it('configuration: sources and overrides are checked at start', () => {
    const env = (extra: Record<string, string>) => ({ OPF_ADMIN_TOKEN: ADMIN_TOKEN, ...extra });
    expect(() => loadServeConfig(env({ OPF_TELEMETRY_SOURCES: 'nope' }))).toThrow(
      /OPF_TELEMETRY_SOURCES must be JSON/,
    );
    expect(() =>
      loadServeConfig(env({ OPF_TELEMETRY_SOURCES: '[{"cluster":"smaug","url":"http://x"}]' })),
    ).toThrow(/cluster/);
    expect(() => loadServeConfig(env({ OPF_TELEMETRY_QUERIES: '{"cpu_usd":"up"}' }))).toThrow(
      /OPF_TELEMETRY_QUERIES/,
    );
    expect(() => loadServeConfig(env({ OPF_TELEMETRY_MARGIN_PERCENT: '-3' }))).toThrow(
      /OPF_TELEMETRY_MARGIN_PERCENT/,
    );
    const config = loadServeConfig(
      env({
        OPF_TELEMETRY_SOURCES:
          '[{"cluster":"moc/smaug","url":"http://127.0.0.1:9090","token":"secret"}]',
        OPF_TELEMETRY_QUERIES: '{"cpu_used":"sum by (namespace) (rate(cpu[1h]))"}',
        OPF_TELEMETRY_MARGIN_PERCENT: '20',
      }),
    );
    expect(config.telemetry.sources).toEqual([
      { cluster: 'moc/smaug', url: 'http://127.0.0.1:9090', token: 'secret' },
    ]);
    expect(config.telemetry.queries.cpu_used).toBe('sum by (namespace) (rate(cpu[1h]))');
    expect(config.telemetry.queries.memory_used).toBe(
      DEFAULT_TELEMETRY_SETTINGS.queries.memory_used,
    );
    expect(config.telemetry.margin).toBe(0.2);
  });
});
