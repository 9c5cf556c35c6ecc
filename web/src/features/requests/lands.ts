import { quotaText } from '../../shared/quota.ts';
import type { QuotaTier, RequestView } from '../../shared/types.ts';

export type Namespace = RequestView['spec']['namespaces'][number];

export interface ClusterGroup {
  cluster: string;
  namespaces: Namespace[];
}

/** A request's namespaces grouped by cluster (env/name, as stored), clusters in name order. */
export function namespacesByCluster(spec: RequestView['spec']): ClusterGroup[] {
  const groups = new Map<string, Namespace[]>();
  for (const ns of spec.namespaces) {
    const key = ns.cluster.toLowerCase();
    groups.set(key, [...(groups.get(key) ?? []), ns]);
  }
  return [...groups]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([cluster, namespaces]) => ({ cluster, namespaces }));
}

/** "medium: 2 CPU, 8Gi memory, …", "custom: …", or the tier's name while tiers load. */
export function quotaLabel(ns: Namespace, tiers: readonly QuotaTier[]): string {
  if (ns.customQuota) return `custom: ${quotaText(ns.customQuota)}`;
  const tier = tiers.find((t) => t.name === ns.tier);
  return tier ? `${tier.name}: ${quotaText(tier.quota)}` : (ns.tier ?? 'default tier');
}

/** The short form for a table cell: "a-dev (medium), a-prod (custom)". */
export function namespacesShort(namespaces: readonly Namespace[]): string {
  return namespaces.map((ns) => `${ns.name} (${ns.customQuota ? 'custom' : ns.tier})`).join(', ');
}
