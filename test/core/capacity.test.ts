import { describe, expect, it } from 'vitest';
import {
  buildCapacityReport,
  type Cluster,
  formatMilli,
  namespaceAmounts,
  quantityMilli,
  REFERENCE_QUOTA_TIERS,
  resourceUse,
} from '../../src/core/index.ts';

const GI = 2n ** 30n;

describe('quantities in thousandths, exactly', () => {
  it.each([
    ['500m', 500n],
    ['1', 1000n],
    ['2.5', 2500n],
    ['.5', 500n],
    ['0', 0n],
    ['4Gi', 4n * GI * 1000n],
    ['1.5Gi', 3n * 2n ** 29n * 1000n],
    ['10G', 10n ** 13n],
    ['1k', 1_000_000n],
    ['1e3', 1_000_000n],
    ['1E3', 1_000_000n],
    ['2E', 2n * 10n ** 21n],
    ['1e-3', 1n],
    ['100Ti', 100n * 2n ** 40n * 1000n],
    // 8 Ei: above 2^53 bytes, where a float would round
    ['8Ei', 8n * 2n ** 60n * 1000n],
  ])('%s', (text, milli) => {
    expect(quantityMilli(text)).toBe(milli);
  });

  it('rounds a remainder below one thousandth up, as Kubernetes does', () => {
    expect(quantityMilli('0.0001')).toBe(1n);
    expect(quantityMilli('1.0001')).toBe(1001n);
    expect(quantityMilli('1e-7')).toBe(1n);
  });

  it.each(['', '.', '4 cpus', '-1', '4gi', '1.2.3', 'Gi'])('refuses %j', (text) => {
    expect(quantityMilli(text)).toBeUndefined();
  });

  it('sums of millicores do not drift (0.1 + 0.2 is 0.3 here)', () => {
    const sum = (quantityMilli('100m') ?? 0n) + (quantityMilli('200m') ?? 0n);
    expect(sum).toBe(quantityMilli('0.3'));
    expect(formatMilli(sum, 'cpu')).toBe('300m');
  });

  it('formats back as Kubernetes writes quantities', () => {
    expect(formatMilli(12_000n, 'cpu')).toBe('12');
    expect(formatMilli(12_500n, 'cpu')).toBe('12500m');
    expect(formatMilli(1536n * GI * 1000n, 'memory')).toBe('1536Gi');
    expect(formatMilli(1024n * GI * 1000n, 'memory')).toBe('1Ti');
    expect(formatMilli(1500n * 1000n, 'storage')).toBe('1500');
    expect(formatMilli(2048n * 1000n, 'storage')).toBe('2Ki');
    expect(formatMilli(0n, 'memory')).toBe('0');
    expect(formatMilli(1500n, 'memory')).toBe('1500m');
    // Round trip: what is formatted parses to the same amount.
    for (const milli of [1n, 999n, 1000n, 123_456_789n, 8n * 2n ** 60n * 1000n])
      for (const resource of ['cpu', 'memory', 'storage'] as const)
        expect(quantityMilli(formatMilli(milli, resource))).toBe(milli);
  });
});

describe('what a namespace takes', () => {
  it('its tier (any case), or its custom quota; unknown tiers are undefined', () => {
    expect(namespaceAmounts({ tier: 'medium' }, REFERENCE_QUOTA_TIERS)).toEqual({
      cpu: 2000n,
      memory: 8n * GI * 1000n,
      storage: 40n * GI * 1000n,
    });
    expect(namespaceAmounts({ tier: 'X-Small' }, REFERENCE_QUOTA_TIERS)?.cpu).toBe(500n);
    expect(
      namespaceAmounts({ customQuota: { cpu: '250m', storage: '1Ti' } }, REFERENCE_QUOTA_TIERS),
    ).toEqual({ cpu: 250n, memory: 0n, storage: 2n ** 40n * 1000n });
    expect(namespaceAmounts({ tier: 'gigantic' }, REFERENCE_QUOTA_TIERS)).toBeUndefined();
    expect(namespaceAmounts({ tier: null }, REFERENCE_QUOTA_TIERS)).toBeUndefined();
  });

  it('resourceUse compares exactly at the edge: equal to capacity is not over', () => {
    expect(resourceUse('cpu', 4000n, 3500n, 500n)).toEqual({
      capacity: '4',
      committed: '3500m',
      adds: '500m',
      total: '4',
      percent: 100,
      over: false,
    });
    const over = resourceUse('cpu', 4000n, 3500n, 501n);
    expect(over.over).toBe(true);
    expect(over.percent).toBe(100.02);
    expect(resourceUse('memory', 0n, 0n, 1n)).toMatchObject({ percent: null, over: true });
  });
});

const CLUSTERS: Cluster[] = [
  {
    env: 'moc',
    name: 'tiny',
    displayName: 'Tiny',
    capacity: { cpu: '4', memory: '16Gi', storage: '100Gi' },
  },
  {
    env: 'moc',
    name: 'big',
    displayName: 'Big',
    capacity: { cpu: '400', memory: '1600Gi', storage: '10Ti' },
  },
];

describe('the capacity report', () => {
  it('sums committed namespaces per cluster and weighs each request against the others', () => {
    const report = buildCapacityReport({
      clusters: CLUSTERS,
      tiers: REFERENCE_QUOTA_TIERS,
      committed: [
        // groups as the store returns them; cluster references in any case
        { cluster: 'moc/tiny', tier: 'small', customQuota: null, count: 2 },
        { cluster: 'MOC/Tiny', tier: 'x-small', customQuota: null, count: 1 },
        { cluster: 'moc/tiny', tier: null, customQuota: { memory: '1Gi' }, count: 1 },
        { cluster: 'moc/tiny', tier: 'hand-made', customQuota: null, count: 3 },
        { cluster: 'moc/big', tier: 'large', customQuota: null, count: 10 },
        { cluster: null, tier: 'large', customQuota: null, count: 5 },
      ],
      requests: [
        {
          id: 7,
          state: 'in-review',
          namespaces: [
            { name: 'a-dev', cluster: 'moc/tiny', tier: 'small' },
            { name: 'a-prod', cluster: 'moc/tiny', customQuota: { cpu: '500m', memory: '1Gi' } },
            { name: 'a-big', cluster: 'moc/big', tier: 'medium' },
          ],
        },
      ],
    });
    const tiny = report.clusters.find((c) => c.cluster === 'moc/tiny')!;
    // 2 small (1 CPU, 4Gi, 20Gi) + x-small (500m, 2Gi, 10Gi) + custom 1Gi; 3 unknown as zero
    expect(tiny.committedNamespaces).toBe(7);
    expect(tiny.unknownQuotaNamespaces).toBe(3);
    expect(tiny.resources.cpu).toMatchObject({ committed: '2500m', adds: '0', total: '2500m' });
    expect(tiny.resources.memory.committed).toBe('11Gi');
    expect(tiny.resources.storage.committed).toBe('50Gi');
    expect(tiny.over).toEqual([]);
    const big = report.clusters.find((c) => c.cluster === 'moc/big')!;
    expect(big.resources.cpu.committed).toBe('40');
    expect(big.resources.cpu.percent).toBe(10);

    const [request] = report.requests;
    expect(request!.requestId).toBe(7);
    const onTiny = request!.clusters.find((c) => c.cluster === 'moc/tiny')!;
    expect(onTiny.namespaces).toEqual(['a-dev', 'a-prod']);
    // 2500m + 1 + 500m = 4 CPU: exactly full, not over; memory 11Gi + 4Gi + 1Gi = 16Gi: full
    expect(onTiny.resources.cpu).toMatchObject({ adds: '1500m', total: '4', over: false });
    expect(onTiny.resources.memory).toMatchObject({ adds: '5Gi', total: '16Gi', over: false });
    expect(onTiny.over).toEqual([]);
    expect(request!.overCapacity).toBe(false);
  });

  it('warns when a request takes a cluster over, and never counts a committed request twice', () => {
    const base = {
      clusters: CLUSTERS,
      tiers: REFERENCE_QUOTA_TIERS,
      // an approved request's own namespace is among the committed ones
      committed: [{ cluster: 'moc/tiny', tier: 'large', customQuota: null, count: 1 }],
    };
    const asking = { name: 'x', cluster: 'moc/tiny', tier: 'large' };
    const waiting = buildCapacityReport({
      ...base,
      requests: [{ id: 1, state: 'submitted', namespaces: [asking] }],
    });
    const onTiny = waiting.requests[0]!.clusters[0]!;
    expect(onTiny.resources.cpu).toMatchObject({ committed: '4', adds: '4', total: '8' });
    expect(onTiny.over).toEqual(['cpu', 'memory', 'storage']);
    expect(waiting.requests[0]!.overCapacity).toBe(true);

    const approved = buildCapacityReport({
      ...base,
      requests: [{ id: 1, state: 'approved', namespaces: [asking] }],
    });
    expect(approved.requests[0]!.clusters[0]!.resources.cpu).toMatchObject({
      committed: '0',
      adds: '4',
      total: '4',
      over: false,
    });
  });

  it('a namespace on a cluster opf does not know has no capacity: it is over', () => {
    const report = buildCapacityReport({
      clusters: CLUSTERS,
      tiers: REFERENCE_QUOTA_TIERS,
      committed: [],
      requests: [
        { id: 2, state: 'draft', namespaces: [{ name: 'y', cluster: 'gone/away', tier: 'small' }] },
      ],
    });
    const cluster = report.requests[0]!.clusters[0]!;
    expect(cluster.displayName).toBe('gone/away (unknown cluster)');
    expect(cluster.resources.cpu).toMatchObject({ capacity: '0', percent: null, over: true });
  });
});
