import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CapacityReport, RequestView } from '../../src/core/index.ts';
import { validRequest } from '../support/fixtures.ts';
import { expectError, get, openTestApi, post, type TestApi } from './helpers.ts';

let t: TestApi;
beforeAll(async () => {
  t = await openTestApi();
});
afterAll(() => t?.close());

async function submit(name: string, overrides: Parameters<typeof validRequest>[1] = {}) {
  const res = await post(t.app, '/api/v1/requests', validRequest(name, overrides));
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as RequestView;
}

async function act(id: number, action: string) {
  const res = await post(t.app, `/api/v1/requests/${id}/${action}`, {});
  expect(res.statusCode, res.body).toBe(200);
}

const ns = (name: string, cluster: string, tier = 'small') => ({
  name,
  cluster,
  tier,
  limitRange: true,
  monitoring: false,
});

async function listNames(url: string): Promise<string[]> {
  const res = await get(t.app, url);
  expect(res.statusCode, res.body).toBe(200);
  return (res.json() as { items: RequestView[] }).items.map((r) => r.projectName);
}

describe('GET /api/v1/requests for the review queue', () => {
  beforeAll(async () => {
    await submit('queue-zeta', { namespaces: [ns('queue-zeta-dev', 'MOC/Infra')] });
    const alpha = await submit('queue-alpha', {
      team: { name: 'stargazers', owner: 'Alice-Dev', members: ['Alice-Dev'] },
    });
    await act(alpha.id, 'start-review');
    await submit('queue-mid', {
      project: {
        name: 'queue-mid',
        displayName: 'Telescope 100%_Data',
        description: 'x',
        contacts: [],
      },
      namespaces: [ns('queue-mid-dev', 'moc/smaug'), ns('queue-mid-prod', 'osc/osc-cl1')],
    });
  });

  it('filters by cluster (any case), through any of the namespaces', async () => {
    expect(await listNames('/api/v1/requests?q=queue-&cluster=moc/infra')).toEqual(['queue-zeta']);
    expect(await listNames('/api/v1/requests?q=queue-&cluster=OSC/OSC-CL1')).toEqual(['queue-mid']);
    expect(await listNames('/api/v1/requests?q=queue-&cluster=moc/smaug&order=name')).toEqual([
      'queue-alpha',
      'queue-mid',
    ]);
    expect(await listNames('/api/v1/requests?cluster=nowhere/none')).toEqual([]);
  });

  it('searches project name, display name and team name, any case, % and _ literally', async () => {
    expect(await listNames('/api/v1/requests?q=STARGAZ')).toEqual(['queue-alpha']);
    expect(await listNames('/api/v1/requests?q=telescope')).toEqual(['queue-mid']);
    expect(await listNames('/api/v1/requests?q=100%25_d')).toEqual(['queue-mid']);
    expect(await listNames('/api/v1/requests?q=queue_')).toEqual([]);
    expect(await listNames('/api/v1/requests?q=%25')).toEqual(['queue-mid']);
  });

  it('sorts oldest, newest or by name, combined with states and paged', async () => {
    const waiting = 'state=submitted&state=in-review&q=queue-';
    expect(await listNames(`/api/v1/requests?${waiting}&order=oldest`)).toEqual([
      'queue-zeta',
      'queue-alpha',
      'queue-mid',
    ]);
    expect(await listNames(`/api/v1/requests?${waiting}&order=newest`)).toEqual([
      'queue-mid',
      'queue-alpha',
      'queue-zeta',
    ]);
    expect(await listNames(`/api/v1/requests?${waiting}&order=name`)).toEqual([
      'queue-alpha',
      'queue-mid',
      'queue-zeta',
    ]);
    const page = await get(t.app, `/api/v1/requests?${waiting}&order=name&limit=1&offset=1`);
    expect(page.json()).toMatchObject({ total: 3, limit: 1, offset: 1 });
    expect((page.json() as { items: RequestView[] }).items[0]!.projectName).toBe('queue-mid');
    expect(await listNames('/api/v1/requests?state=in-review&q=queue-')).toEqual(['queue-alpha']);
  });

  it('refuses an unknown order and an over-long search with a code', async () => {
    expectError(await get(t.app, '/api/v1/requests?order=random'), 400, 'OPF_ERR_VALIDATION');
    expectError(
      await get(t.app, `/api/v1/requests?q=${'x'.repeat(201)}`),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(await get(t.app, '/api/v1/requests?cluster='), 400, 'OPF_ERR_VALIDATION');
  });
});

describe('GET /api/v1/clusters/capacity', () => {
  const capacity = async (query = '') => {
    const res = await get(t.app, `/api/v1/clusters/capacity${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as CapacityReport;
  };

  it('sums the quotas of approved and active namespaces, and what a request adds', async () => {
    const infraBefore = (await capacity()).clusters.find((c) => c.cluster === 'moc/infra')!;
    // Seeded moc/infra: 96 CPU, 384Gi memory, 20Ti storage; nothing on it yet.
    expect(infraBefore.committedNamespaces).toBe(0);
    expect(infraBefore.resources.cpu).toMatchObject({ committed: '0', percent: 0 });
    expect(infraBefore.resources.cpu.capacity).toBe('96');
    expect(infraBefore.resources.memory.capacity).toBe('384Gi');
    expect(infraBefore.resources.storage.capacity).toBe('20Ti');

    // An approved request with two large namespaces and a custom quota on moc/infra.
    const approved = await submit('cap-approved', {
      namespaces: [
        ns('cap-approved-a', 'moc/infra', 'large'),
        ns('cap-approved-b', 'moc/infra', 'large'),
        {
          name: 'cap-approved-c',
          cluster: 'moc/infra',
          customQuota: { cpu: '250m', memory: '512Mi' },
          limitRange: true,
          monitoring: false,
        },
      ],
    });
    await act(approved.id, 'start-review');
    await act(approved.id, 'approve');
    // Waiting requests hold nothing yet.
    const waiting = await submit('cap-waiting', {
      namespaces: [
        {
          name: 'cap-waiting-huge',
          cluster: 'moc/infra',
          customQuota: { cpu: '88', memory: '10Gi' },
          limitRange: true,
          monitoring: false,
        },
      ],
    });

    const report = await capacity(`?request=${waiting.id}&request=${approved.id}`);
    const infra = report.clusters.find((c) => c.cluster === 'moc/infra')!;
    expect(infra.committedNamespaces).toBe(3);
    // 4 + 4 CPU + 250m; 16Gi + 16Gi + 512Mi; 80Gi + 80Gi
    expect(infra.resources.cpu).toMatchObject({ committed: '8250m', percent: 8.59, over: false });
    expect(infra.resources.memory.committed).toBe('33280Mi');
    expect(infra.resources.storage.committed).toBe('160Gi');

    const forWaiting = report.requests.find((r) => r.requestId === waiting.id)!;
    expect(forWaiting.clusters.map((c) => c.cluster)).toEqual(['moc/infra']);
    expect(forWaiting.clusters[0]!.namespaces).toEqual(['cap-waiting-huge']);
    // 8250m committed + 88 = 96.25 CPU on a 96 CPU cluster: over by a quarter core.
    expect(forWaiting.clusters[0]!.resources.cpu).toMatchObject({
      committed: '8250m',
      adds: '88',
      total: '96250m',
      over: true,
    });
    expect(forWaiting.clusters[0]!.over).toEqual(['cpu']);
    expect(forWaiting.overCapacity).toBe(true);

    // The approved request is weighed against the others, not against itself.
    const forApproved = report.requests.find((r) => r.requestId === approved.id)!;
    expect(forApproved.clusters[0]!.resources.cpu.adds).toBe('8250m');
    expect(forApproved.clusters[0]!.resources.memory.adds).toBe('33280Mi');
    expect(forApproved.clusters[0]!.resources.cpu.committed).toBe('0');
    expect(forApproved.overCapacity).toBe(false);
  });

  it('an unknown request is 404, a bad id or too many ids is 400', async () => {
    expectError(
      await get(t.app, '/api/v1/clusters/capacity?request=999999'),
      404,
      'OPF_ERR_NOT_FOUND',
    );
    expectError(
      await get(t.app, '/api/v1/clusters/capacity?request=abc'),
      400,
      'OPF_ERR_VALIDATION',
    );
    const many = Array.from({ length: 101 }, (_, i) => `request=${i + 1}`).join('&');
    expectError(await get(t.app, `/api/v1/clusters/capacity?${many}`), 400, 'OPF_ERR_VALIDATION');
    expectError(
      await get(t.app, '/api/v1/clusters/capacity?cluster=x'),
      400,
      'OPF_ERR_UNKNOWN_KEY',
    );
  });
});
