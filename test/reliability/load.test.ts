import { join } from 'node:path';
import autocannon, { type RawRequest, type Result } from 'autocannon';
import { afterAll, expect, it } from 'vitest';
import { validRequest } from '../support/fixtures.ts';
import {
  ADMIN_TOKEN,
  api,
  freshDatabase,
  gitRemote,
  OpfProcess,
  query,
  scratch,
} from './support/opf.ts';
import { SIZES } from './support/sizes.ts';

const temp = scratch('opf-rel-load-');
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let replicas: OpfProcess[] = [];
afterAll(async () => {
  await Promise.all(replicas.map((r) => r.kill9()));
  await database?.drop();
  temp.remove();
});

const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` };
const JSON_AUTH = { ...AUTH, 'content-type': 'application/json' };

/**
 * What each client does, round and round: anonymous and signed-in reads of lists, details and
 * feeds, a new onboarding request (a write that validates against the whole cloud) and a
 * comment on an existing request (a write on a hot row).
 */
function mix(replica: number, requestId: number) {
  let serial = 0;
  const get = (path: string, headers: Record<string, string> = {}) => ({
    setupRequest: (req: RawRequest): RawRequest => ({ ...req, method: 'GET', path, headers }),
  });
  return [
    get('/api/v1/projects?limit=20'),
    get('/api/v1/requests?limit=20', AUTH),
    {
      setupRequest: (req: RawRequest): RawRequest => {
        serial += 1;
        return {
          ...req,
          method: 'POST',
          path: '/api/v1/requests',
          headers: JSON_AUTH,
          body: JSON.stringify(validRequest(`load-r${replica}-n${serial}`)),
        };
      },
    },
    get('/api/v1/clusters'),
    get(`/api/v1/requests/${requestId}`, AUTH),
    {
      setupRequest: (req: RawRequest): RawRequest => ({
        ...req,
        method: 'POST',
        path: `/api/v1/requests/${requestId}/comments`,
        headers: JSON_AUTH,
        body: JSON.stringify({ body: `load comment from replica ${replica}` }),
      }),
    },
    get('/api/v1/feeds/decisions.atom'),
    get('/api/v1/announcements?limit=10'),
  ];
}

it(`load: ${SIZES.loadClients} concurrent clients for ${SIZES.loadSeconds} s of mixed reads and writes against two replicas: no 5xx, every write stored`, async () => {
  database = await freshDatabase();
  const remote = await gitRemote(join(temp.dir, 'remote.git'));
  replicas = [1, 2].map(
    (n) =>
      new OpfProcess({
        name: `replica-${n}`,
        databaseUrl: database!.url,
        remote,
        dataDir: join(temp.dir, `data-${n}`),
        env: { OPF_DEMO_DATA: 'on' },
      }),
  );
  const bases = await Promise.all(replicas.map((r) => r.start()));
  const target = await api(bases[0]!, 'POST', '/api/v1/requests', validRequest('load-target'));
  expect(target.status).toBe(201);
  const counts = () =>
    query<{ n: string }>(
      database!.url,
      'select count(*) as n from requests union all select count(*) from comments',
    );
  const before = await counts();

  const perReplica = Math.ceil(SIZES.loadClients / 2);
  const results: Result[] = await Promise.all(
    bases.map((base, i) =>
      autocannon({
        url: base,
        connections: perReplica,
        duration: SIZES.loadSeconds,
        timeout: 30,
        requests: mix(i + 1, target.json.id),
      }),
    ),
  );

  const total = (key: '2xx' | '4xx' | '5xx' | 'errors' | 'timeouts') =>
    results.reduce((sum, r) => sum + r[key], 0);
  const created = results.reduce((sum, r) => sum + (r.statusCodeStats['201']?.count ?? 0), 0);
  const after = await counts();
  const figures = results.map(
    (r, i) =>
      `replica ${i + 1}: ${r.requests.total} requests, p50 ${r.latency.p50} ms, p99 ${r.latency.p99} ms`,
  );
  console.info(
    `load: ${perReplica * 2} clients for ${SIZES.loadSeconds} s; ${figures.join('; ')}; ` +
      `2xx ${total('2xx')}, 4xx ${total('4xx')}, 5xx ${total('5xx')}, errors ${total('errors')}, timeouts ${total('timeouts')}; ` +
      `status codes ${JSON.stringify(results.map((r) => r.statusCodeStats))}`,
  );
  expect(total('5xx')).toBe(0);
  // A client that waited 30 s gave up (counted among errors, reported above); any other error
  // (a refused or reset connection) is a server that did not hold the load.
  expect(total('errors') - total('timeouts')).toBe(0);
  // Every 201 is a request or a comment in the database. A write still in flight when the
  // clients stopped may be stored without its answer counted: at most one per client.
  const stored = rows(after) - rows(before);
  expect(stored).toBeGreaterThanOrEqual(created);
  expect(stored).toBeLessThanOrEqual(created + perReplica * 2);
});

const rows = (counted: { n: string }[]) => counted.reduce((sum, row) => sum + Number(row.n), 0);
