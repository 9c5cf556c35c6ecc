import type { Cluster, RequestView } from '../../shared/types.ts';

const clusterKey = (ref: string) => ref.trim().toLowerCase();
const withoutSlash = (url: string) => url.replace(/\/+$/, '');

/** An OpenShift console's page for one project (namespace). */
export function consoleLink(consoleUrl: string, namespace: string): string {
  return `${withoutSlash(consoleUrl)}/k8s/cluster/projects/${encodeURIComponent(namespace)}`;
}

/** ArgoCD's applications, filtered to the team's AppProject (opf names it after the team). */
export function argocdLink(argocdUrl: string, team: string): string {
  return `${withoutSlash(argocdUrl)}/applications?proj=${encodeURIComponent(team)}`;
}

export interface NamespaceLink {
  namespace: string;
  cluster: string;
  console: string | undefined;
}

/** Each namespace of the request with its cluster's console page, when the cluster has one. */
export function namespaceLinks(request: RequestView, clusters: Cluster[]): NamespaceLink[] {
  const byId = new Map(clusters.map((c) => [clusterKey(`${c.env}/${c.name}`), c]));
  return request.spec.namespaces.map((ns) => {
    const cluster = byId.get(clusterKey(ns.cluster));
    return {
      namespace: ns.name,
      cluster: ns.cluster,
      console: cluster?.consoleUrl ? consoleLink(cluster.consoleUrl, ns.name) : undefined,
    };
  });
}

/**
 * The ArgoCD instances that deploy the request's namespaces (one ArgoCD often serves several
 * clusters): each once, with the clusters it serves. Clusters without a known ArgoCD are
 * listed under `undefined`.
 */
export function argocdLinks(
  request: RequestView,
  clusters: Cluster[],
): { url: string | undefined; clusters: string[] }[] {
  const byId = new Map(clusters.map((c) => [clusterKey(`${c.env}/${c.name}`), c]));
  const grouped = new Map<string | undefined, string[]>();
  for (const ref of new Set(request.spec.namespaces.map((ns) => clusterKey(ns.cluster)))) {
    const argocd = byId.get(ref)?.argocdUrl;
    const url = argocd ? argocdLink(argocd, request.spec.team.name) : undefined;
    grouped.set(url, [...(grouped.get(url) ?? []), ref]);
  }
  return [...grouped].map(([url, served]) => ({ url, clusters: served }));
}
