import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Running } from '../../src/cli/runtime.ts';
import { dataDirHasDatabase, startOpf } from '../../src/cli/runtime.ts';
import { loadServeConfig } from '../../src/config/index.ts';
import { clusterId, SEED_CLUSTERS } from '../../src/core/index.ts';
import { ADOPT_JOB } from '../../src/provisioning/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { templateDatabaseAt } from '../support/data-dir.ts';
import { validRequest } from '../support/fixtures.ts';
import { ADMIN_TOKEN, startTestOpf, tempDir } from './helpers.ts';

let temp: ReturnType<typeof tempDir>;
let running: Running | undefined;

beforeAll(() => {
  temp = tempDir('opf-restart-test-');
});
afterAll(async () => {
  await running?.stop();
  temp?.remove();
});

async function api<T>(
  base: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; json: T }> {
  const response = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: (await response.json()) as T };
}

/**
 * A migrated data directory with `keep` of the reference data (none: an empty database, as a
 * first start sees it). Made from the test template, which is much cheaper than initdb; the
 * first start on a truly fresh directory is what cli.test.ts does.
 */
async function dataDirFromTemplate(dataDir: string, keep: 'nothing' | 'one cluster') {
  templateDatabaseAt(join(dataDir, 'pglite'));
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
  await database.db.deleteFrom('terms_versions').execute();
  await database.db.deleteFrom('quota_tiers').execute();
  let clusters = database.db.deleteFrom('clusters');
  if (keep === 'one cluster') clusters = clusters.where('id', '!=', clusterId(SEED_CLUSTERS[2]!));
  await clusters.execute();
  await database.close();
}

interface Page {
  total: number;
  items: { id: number; projectName: string; state: string }[];
}

describe('restarting opf serve on the same data directory', () => {
  it('keeps every request and never seeds the demo data twice', async () => {
    const dataDir = join(temp.dir, 'kept');
    await dataDirFromTemplate(dataDir, 'nothing');
    running = await startTestOpf(dataDir);
    expect(running.seeded).toBe(true);
    expect(dataDirHasDatabase(dataDir)).toBe(true);
    let base = running.address;
    expect((await api<Page>(base, '/api/v1/requests')).json.total).toBe(2);

    const created = await api<{ id: number }>(base, '/api/v1/requests', validRequest('survivor'));
    expect(created.status).toBe(201);
    const id = created.json.id;
    expect((await api(base, `/api/v1/requests/${id}/start-review`, {})).status).toBe(200);
    expect(
      (await api(base, `/api/v1/requests/${id}/comments`, { body: 'Still here after a restart?' }))
        .status,
    ).toBe(201);
    const before = (await api<{ history: unknown[] }>(base, `/api/v1/requests/${id}`)).json;
    await running.stop();
    running = undefined;

    running = await startTestOpf(dataDir);
    expect(running.seeded).toBe(false);
    base = running.address;
    const page = (await api<Page>(base, '/api/v1/requests?order=oldest')).json;
    expect(page.total).toBe(3);
    expect(page.items.map((r) => r.projectName)).toEqual([
      'aiops-anomaly-lab',
      'green-ci-bench',
      'survivor',
    ]);
    const after = (
      await api<{ request: { state: string }; history: unknown[]; comments: { body: string }[] }>(
        base,
        `/api/v1/requests/${id}`,
      )
    ).json;
    expect(after).toEqual(before);
    expect(after.request.state).toBe('in-review');
    expect(after.comments.map((c) => c.body)).toEqual(['Still here after a restart?']);
    const clusters = (await api<{ items: unknown[] }>(base, '/api/v1/clusters')).json;
    expect(clusters.items).toHaveLength(SEED_CLUSTERS.length);
    const projects = (await api<{ total: number }>(base, '/api/v1/projects')).json;
    expect(projects.total).toBe(4);

    // The restarted server still takes writes, and the ids carry on.
    const next = await api<{ id: number }>(base, '/api/v1/requests', validRequest('after-restart'));
    expect(next.status).toBe(201);
    expect(next.json.id).toBeGreaterThan(id);
    await running.stop();
    running = undefined;
  }, 90_000);

  it('every start asks for an adoption of the GitOps repository, but one stays queued however often it restarts', async () => {
    const dataDir = join(temp.dir, 'adopt');
    await dataDirFromTemplate(dataDir, 'nothing');
    // A web process runs no job: each start's adoption would pile up if it were not deduped.
    const config = loadServeConfig({
      OPF_DATA_DIR: dataDir,
      PORT: '0',
      OPF_ADMIN_TOKEN: ADMIN_TOKEN,
      OPF_ROLE: 'web',
    });
    for (let start = 0; start < 3; start += 1) {
      running = await startOpf(config);
      await running.stop();
      running = undefined;
    }
    const database = await openDatabase({ kind: 'pglite', dataDir: join(dataDir, 'pglite') });
    const adoptions = await database.db
      .selectFrom('jobs')
      .select('state')
      .where('kind', '=', ADOPT_JOB)
      .execute();
    await database.close();
    expect(adoptions).toEqual([{ state: 'pending' }]);
  }, 90_000);

  it('a database that already holds data is never seeded', async () => {
    const dataDir = join(temp.dir, 'existing');
    // A database someone filled by hand: one cluster, nothing else.
    await dataDirFromTemplate(dataDir, 'one cluster');

    running = await startTestOpf(dataDir);
    expect(running.seeded).toBe(false);
    const base = running.address;
    expect((await api<Page>(base, '/api/v1/requests')).json.total).toBe(0);
    expect((await api<{ total: number }>(base, '/api/v1/projects')).json.total).toBe(0);
    const clusters = (
      await api<{ items: { env: string; name: string }[] }>(base, '/api/v1/clusters')
    ).json;
    expect(clusters.items.map((c) => `${c.env}/${c.name}`)).toEqual(['osc/osc-cl1']);
    // No tiers nor terms were added either.
    expect((await api<{ items: unknown[] }>(base, '/api/v1/quota-tiers')).json.items).toEqual([]);
    expect((await api<{ code: string }>(base, '/api/v1/terms/current')).json.code).toBe(
      'OPF_ERR_NOT_FOUND',
    );
  });
});
