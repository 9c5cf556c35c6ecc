import { type Cluster, clusterId, normaliseClusterRef } from './cluster.ts';
import type { RequestState } from './lifecycle.ts';
import type { QuotaTier } from './quota.ts';

/**
 * Cluster capacity against the quotas handed out on it. Quantities are summed exactly, as
 * BigInt thousandths of a base unit (millicores, millibytes): floats would drift on sums
 * of 500m and round away bytes above 2^53, and a capacity warning must not be off by one.
 */
export const CAPACITY_RESOURCES = ['cpu', 'memory', 'storage'] as const;
export type CapacityResource = (typeof CAPACITY_RESOURCES)[number];
export type Amounts = Record<CapacityResource, bigint>;

/** States in which a request's namespaces exist on their cluster, or are being written. */
export const COMMITTED_STATES: readonly RequestState[] = [
  'approved',
  'provisioning',
  'active',
  'offboarding',
];

const QUANTITY = /^(\d*)(?:\.(\d*))?(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE]([+-]?\d+))?$/;
const DECIMAL_EXPONENT: Record<string, number> = { m: -3, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_POWER: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/**
 * A Kubernetes quantity in thousandths of its base unit, exactly; a remainder below one
 * thousandth rounds up, as Kubernetes' MilliValue does. Undefined for text that is not one.
 */
export function quantityMilli(text: string): bigint | undefined {
  const match = QUANTITY.exec(text);
  if (!match) return undefined;
  const [, whole = '', fraction = '', suffix = '', exponent] = match;
  if (whole === '' && fraction === '') return undefined;
  const mantissa = BigInt(`${whole}${fraction}` || '0');
  let power10 = 3 - fraction.length;
  let power2 = 0;
  if (exponent !== undefined) power10 += Number(exponent);
  else if (suffix in DECIMAL_EXPONENT) power10 += DECIMAL_EXPONENT[suffix]!;
  else if (suffix in BINARY_POWER) power2 = BINARY_POWER[suffix]!;
  const scaled = mantissa * 2n ** BigInt(power2);
  if (power10 >= 0) return scaled * 10n ** BigInt(power10);
  const divisor = 10n ** BigInt(-power10);
  return (scaled + divisor - 1n) / divisor;
}

const BINARY_SUFFIXES = ['Ei', 'Pi', 'Ti', 'Gi', 'Mi', 'Ki'] as const;

/**
 * Thousandths back to a quantity Kubernetes would write: whole cores as "12", else "12500m";
 * bytes with the largest binary suffix that divides them exactly ("1536Gi"), else plain.
 */
export function formatMilli(milli: bigint, resource: CapacityResource): string {
  if (milli % 1000n !== 0n) return `${milli}m`;
  const units = milli / 1000n;
  if (resource === 'cpu' || units === 0n) return `${units}`;
  for (const suffix of BINARY_SUFFIXES) {
    const factor = 2n ** BigInt(BINARY_POWER[suffix]!);
    if (units % factor === 0n) return `${units / factor}${suffix}`;
  }
  return `${units}`;
}

export function zeroAmounts(): Amounts {
  return { cpu: 0n, memory: 0n, storage: 0n };
}

export function addAmounts(a: Amounts, b: Amounts, times = 1n): Amounts {
  return {
    cpu: a.cpu + b.cpu * times,
    memory: a.memory + b.memory * times,
    storage: a.storage + b.storage * times,
  };
}

/** A quota's cpu, memory and storage; a resource it does not set counts as nothing. */
export function quotaAmounts(quota: Record<string, unknown>): Amounts {
  const amounts = zeroAmounts();
  for (const resource of CAPACITY_RESOURCES) {
    const value = quota[resource];
    amounts[resource] = typeof value === 'string' ? (quantityMilli(value) ?? 0n) : 0n;
  }
  return amounts;
}

/** What one namespace takes: its custom quota, else its tier's; undefined when unknown. */
export function namespaceAmounts(
  ns: { tier?: string | null | undefined; customQuota?: unknown },
  tiers: readonly QuotaTier[],
): Amounts | undefined {
  if (ns.customQuota && typeof ns.customQuota === 'object')
    return quotaAmounts(ns.customQuota as Record<string, unknown>);
  const tier = tiers.find((t) => t.name === ns.tier?.toLowerCase());
  return tier ? quotaAmounts(tier.quota) : undefined;
}

export interface ResourceUse {
  capacity: string;
  /** Quotas already handed out on the cluster (other requests, imported namespaces). */
  committed: string;
  /** What the request adds ("0" in a cluster-only view). */
  adds: string;
  total: string;
  /** total / capacity in percent, two decimals; null for a cluster without that capacity. */
  percent: number | null;
  over: boolean;
}

export function resourceUse(
  resource: CapacityResource,
  capacity: bigint,
  committed: bigint,
  adds: bigint,
): ResourceUse {
  const total = committed + adds;
  return {
    capacity: formatMilli(capacity, resource),
    committed: formatMilli(committed, resource),
    adds: formatMilli(adds, resource),
    total: formatMilli(total, resource),
    percent: capacity > 0n ? Number((total * 10_000n) / capacity) / 100 : null,
    over: total > capacity,
  };
}

export interface ClusterCapacityView {
  cluster: string;
  displayName: string;
  /** Namespaces counted: of requests in COMMITTED_STATES, and imported from the repository. */
  committedNamespaces: number;
  /** Counted namespaces whose quota opf cannot tell (an imported, non-tier quota): as zero. */
  unknownQuotaNamespaces: number;
  resources: Record<CapacityResource, ResourceUse>;
  over: CapacityResource[];
}

export interface RequestClusterCapacity {
  cluster: string;
  displayName: string;
  namespaces: string[];
  resources: Record<CapacityResource, ResourceUse>;
  over: CapacityResource[];
}

export interface RequestCapacityView {
  requestId: number;
  /** The clusters the request asks for, each with what it adds on top of the others. */
  clusters: RequestClusterCapacity[];
  overCapacity: boolean;
}

export interface CapacityReport {
  clusters: ClusterCapacityView[];
  requests: RequestCapacityView[];
}

/** Committed namespaces, grouped: `count` namespaces on `cluster` with this tier or quota. */
export interface CommittedGroup {
  cluster: string | null;
  tier: string | null;
  customQuota: unknown;
  count: number;
}

export interface CapacityInput {
  clusters: readonly Cluster[];
  tiers: readonly QuotaTier[];
  committed: readonly CommittedGroup[];
  requests: readonly {
    id: number;
    state: RequestState;
    namespaces: readonly { name: string; cluster: string; tier?: string; customQuota?: unknown }[];
  }[];
}

interface Tally {
  amounts: Amounts;
  namespaces: number;
  unknown: number;
}

/** Sum the committed quotas per cluster, then weigh each request against them. */
export function buildCapacityReport(input: CapacityInput): CapacityReport {
  const tallies = new Map<string, Tally>();
  const tallyOf = (id: string) => {
    const tally = tallies.get(id) ?? { amounts: zeroAmounts(), namespaces: 0, unknown: 0 };
    tallies.set(id, tally);
    return tally;
  };
  for (const group of input.committed) {
    if (!group.cluster) continue;
    const tally = tallyOf(normaliseClusterRef(group.cluster));
    const amounts = namespaceAmounts(group, input.tiers);
    tally.namespaces += group.count;
    if (amounts) tally.amounts = addAmounts(tally.amounts, amounts, BigInt(group.count));
    else tally.unknown += group.count;
  }
  const known = new Map(input.clusters.map((c) => [clusterId(c), c]));
  const capacityOf = (id: string) => {
    const cluster = known.get(id);
    return cluster ? quotaAmounts(cluster.capacity) : zeroAmounts();
  };
  const displayOf = (id: string) => known.get(id)?.displayName ?? `${id} (unknown cluster)`;
  const uses = (id: string, committed: Amounts, adds: Amounts) => {
    const capacity = capacityOf(id);
    const resources = Object.fromEntries(
      CAPACITY_RESOURCES.map((r) => [r, resourceUse(r, capacity[r], committed[r], adds[r])]),
    ) as Record<CapacityResource, ResourceUse>;
    return { resources, over: CAPACITY_RESOURCES.filter((r) => resources[r].over) };
  };

  const clusters = input.clusters.map((cluster): ClusterCapacityView => {
    const id = clusterId(cluster);
    const tally = tallies.get(id) ?? { amounts: zeroAmounts(), namespaces: 0, unknown: 0 };
    return {
      cluster: id,
      displayName: cluster.displayName,
      committedNamespaces: tally.namespaces,
      unknownQuotaNamespaces: tally.unknown,
      ...uses(id, tally.amounts, zeroAmounts()),
    };
  });

  const requests = input.requests.map((request): RequestCapacityView => {
    const own = new Map<string, { amounts: Amounts; names: string[] }>();
    for (const ns of request.namespaces) {
      const id = normaliseClusterRef(ns.cluster);
      const entry = own.get(id) ?? { amounts: zeroAmounts(), names: [] };
      entry.amounts = addAmounts(entry.amounts, namespaceAmounts(ns, input.tiers) ?? zeroAmounts());
      entry.names.push(ns.name);
      own.set(id, entry);
    }
    // A request already committed is in the tallies: weigh it against everyone else.
    const counted = COMMITTED_STATES.includes(request.state);
    const perCluster = [...own].map(([id, entry]): RequestClusterCapacity => {
      const tally = tallies.get(id)?.amounts ?? zeroAmounts();
      const others = counted ? addAmounts(tally, entry.amounts, -1n) : tally;
      return {
        cluster: id,
        displayName: displayOf(id),
        namespaces: entry.names,
        ...uses(id, others, entry.amounts),
      };
    });
    return {
      requestId: request.id,
      clusters: perCluster,
      overCapacity: perCluster.some((c) => c.over.length > 0),
    };
  });
  return { clusters, requests };
}
