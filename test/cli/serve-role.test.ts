import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Running, startOpf } from '../../src/cli/runtime.ts';
import { loadServeConfig } from '../../src/config/index.ts';
import { isOpfError } from '../../src/core/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { templateDatabaseAt } from '../support/data-dir.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, tempDir } from './helpers.ts';

let temp: ReturnType<typeof tempDir>;
let running: Running | undefined;

beforeAll(() => {
  temp = tempDir('opf-serve-role-');
});
afterAll(async () => {
  await running?.stop();
  temp?.remove();
});

function configFor(dataDir: string, role: string) {
  return loadServeConfig({
    OPF_DATA_DIR: dataDir,
    PORT: '0',
    OPF_ADMIN_TOKEN: ADMIN_TOKEN,
    OPF_DEMO_DATA: 'off',
    // The delivery itself is not what is tested here: skip kubectl's render, the slow part.
    OPF_GITOPS_KUSTOMIZE: 'off',
    OPF_ROLE: role,
  });
}

async function call(base: string, path: string, body?: unknown) {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, text: await response.text() };
}

/** The value of one series in a Prometheus text exposition (undefined when absent). */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('OPF_ROLE / --role', () => {
  it('defaults to all, takes the flag over the environment, and refuses anything else', () => {
    const dataDir = join(temp.dir, 'config');
    expect(loadServeConfig({ OPF_DATA_DIR: dataDir, OPF_ADMIN_TOKEN: ADMIN_TOKEN }).role).toBe(
      'all',
    );
    expect(configFor(dataDir, 'worker').role).toBe('worker');
    expect(
      loadServeConfig(
        { OPF_DATA_DIR: dataDir, OPF_ADMIN_TOKEN: ADMIN_TOKEN, OPF_ROLE: 'worker' },
        { role: 'web' },
      ).role,
    ).toBe('web');
    let refused: unknown;
    try {
      configFor(dataDir, 'scheduler');
    } catch (error) {
      refused = error;
    }
    expect(isOpfError(refused) && refused.code).toBe('OPF_ERR_CONFIG_INVALID');
    expect(String(refused)).toMatch(/all, web or worker/);
  });

  // Two processes one after the other, on a shared two-core machine: more than the default.
  it('a web process runs no job; a worker on the same database delivers it and serves only probes and metrics', {
    timeout: 120_000,
  }, async () => {
    const dataDir = join(temp.dir, 'shared');
    templateDatabaseAt(join(dataDir, 'pglite'));

    running = await startOpf(configFor(dataDir, 'web'));
    let base = running.address;
    const created = await call(base, '/api/v1/requests', validRequest('split-roles'));
    expect(created.status, created.text).toBe(201);
    const id = (JSON.parse(created.text) as { id: number }).id;
    expect((await call(base, `/api/v1/requests/${id}/start-review`, {})).status).toBe(200);
    expect((await call(base, `/api/v1/requests/${id}/approve`, {})).status).toBe(200);
    // Long enough for a runner's first poll: the web process must not take the job.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const webMetrics = (await call(base, '/metrics')).text;
    expect(sample(webMetrics, 'opf_jobs_pending')).toBeGreaterThanOrEqual(2); // adopt + deliver
    const detail = JSON.parse((await call(base, `/api/v1/requests/${id}`)).text);
    expect(detail.request.state).toBe('approved');
    await running.stop();
    running = undefined;

    running = await startOpf(configFor(dataDir, 'worker'));
    base = running.address;
    expect((await call(base, '/healthz')).status).toBe(200);
    expect(JSON.parse((await call(base, '/readyz')).text)).toEqual({
      status: 'ready',
      database: 'pglite',
    });
    // No API, no portal on a worker's port.
    expect((await call(base, `/api/v1/requests/${id}`)).status).toBe(404);
    expect((await call(base, '/')).status).toBe(404);
    let pending: number | undefined;
    for (let i = 0; i < 600; i += 1) {
      pending = sample((await call(base, '/metrics')).text, 'opf_jobs_pending');
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(pending).toBe(0);
    await running.stop();
    running = undefined;

    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
    const row = await database.db
      .selectFrom('requests')
      .select('state')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    await database.close();
    expect(row.state).toBe('active');
  });
});
