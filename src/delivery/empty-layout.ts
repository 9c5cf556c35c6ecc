import type { Cluster, QuotaTier } from '../core/index.ts';

/**
 * The files of an empty apps repository in the Operate First layout: quota tiers, the
 * default limit range, the monitoring role binding, one overlay per cluster and the common
 * overlay. The embedded default starts from this so onboarding works with no setup.
 */
export function emptyLayoutFiles(
  clusters: readonly Cluster[],
  tiers: readonly QuotaTier[],
): Record<string, string> {
  const files: Record<string, string> = {
    'README.md':
      '# apps\n\nThe GitOps repository of this cloud, written by opf. ArgoCD applies cluster-scope/overlays/prod/<env>/<cluster> to each cluster.\n',
    'cluster-scope/base/core/namespaces/.gitkeep': '',
    'cluster-scope/base/user.openshift.io/groups/.gitkeep': '',
    'cluster-scope/components/limitranges/default/kustomization.yaml': component([
      'limitrange.yaml',
    ]),
    'cluster-scope/components/limitranges/default/limitrange.yaml': [
      'apiVersion: v1',
      'kind: LimitRange',
      'metadata:',
      '  name: default',
      'spec:',
      '  limits:',
      '    - type: Container',
      '      default:',
      '        cpu: 500m',
      '        memory: 1000Mi',
      '      defaultRequest:',
      '        cpu: 300m',
      '        memory: 400Mi',
      '',
    ].join('\n'),
    'cluster-scope/components/monitoring-rbac/kustomization.yaml': component(['rolebinding.yaml']),
    'cluster-scope/components/monitoring-rbac/rolebinding.yaml': [
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: RoleBinding',
      'metadata:',
      '  name: monitoring-view',
      'roleRef:',
      '  apiGroup: rbac.authorization.k8s.io',
      '  kind: ClusterRole',
      '  name: view',
      'subjects:',
      '  - kind: ServiceAccount',
      '    name: prometheus-k8s',
      '    namespace: openshift-monitoring',
      '',
    ].join('\n'),
    'cluster-scope/overlays/prod/common/kustomization.yaml': kustomization([]),
    'argocd/overlays/moc-infra/projects/kustomization.yaml': kustomization([]),
  };
  for (const tier of tiers) {
    const dir = `cluster-scope/components/resourcequotas/${tier.name}`;
    files[`${dir}/kustomization.yaml`] = component(['resourcequotas.yaml']);
    files[`${dir}/resourcequotas.yaml`] = resourceQuota(tier);
  }
  for (const cluster of clusters)
    files[`cluster-scope/overlays/prod/${cluster.env}/${cluster.name}/kustomization.yaml`] =
      kustomization(['../../common']);
  return files;
}

function component(resources: string[]): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1alpha1',
    'kind: Component',
    'resources:',
    ...resources.map((r) => `  - ${r}`),
    '',
  ].join('\n');
}

function kustomization(resources: string[]): string {
  return [
    'apiVersion: kustomize.config.k8s.io/v1beta1',
    'kind: Kustomization',
    // An empty list is left out rather than written `[]`, so opf adds to it line by line.
    ...(resources.length ? ['resources:', ...resources.map((r) => `  - ${r}`)] : []),
    '',
  ].join('\n');
}

function resourceQuota(tier: QuotaTier): string {
  const hard: string[] = [];
  const { cpu, memory, storage, objectBucketClaims } = tier.quota;
  if (cpu) hard.push(`    requests.cpu: '${cpu}'`, `    limits.cpu: '${cpu}'`);
  if (memory) hard.push(`    requests.memory: ${memory}`, `    limits.memory: ${memory}`);
  if (storage) hard.push(`    requests.storage: ${storage}`);
  if (objectBucketClaims !== undefined)
    hard.push(`    count/objectbucketclaims.objectbucket.io: ${objectBucketClaims}`);
  return [
    'apiVersion: v1',
    'kind: ResourceQuota',
    'metadata:',
    `  name: ${tier.name}`,
    'spec:',
    '  hard:',
    ...hard,
    '',
  ].join('\n');
}
