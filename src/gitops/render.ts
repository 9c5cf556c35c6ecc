import { Document, isMap, isScalar, Scalar } from 'yaml';
import type { QuotaSpec } from '../core/index.ts';
import type { Role } from './layout.ts';

const KUSTOMIZE_API = 'kustomize.config.k8s.io/v1beta1';
const COMPONENT_API = 'kustomize.config.k8s.io/v1alpha1';

/** Free text (display names, descriptions) is always double-quoted so any character survives. */
const QUOTED_ANNOTATIONS = new Set(['openshift.io/display-name', 'openshift.io/description']);

function toText(value: unknown, quote: (key: string) => boolean = () => false): string {
  const doc = new Document(value);
  const visit = (node: unknown) => {
    if (!isMap(node)) return;
    for (const pair of node.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (quote(key) && isScalar(pair.value) && typeof pair.value.value === 'string')
        pair.value.type = Scalar.QUOTE_DOUBLE;
      visit(pair.value);
    }
  };
  visit(doc.contents);
  return doc.toString({ lineWidth: 0, doubleQuotedAsJSON: true });
}

export function renderNamespace(name: string, annotations: Record<string, string>): string {
  return toText({ apiVersion: 'v1', kind: 'Namespace', metadata: { annotations, name } }, (key) =>
    QUOTED_ANNOTATIONS.has(key),
  );
}

export function renderNamespaceKustomization(
  name: string,
  resources: string[],
  components: string[],
): string {
  return toText({
    apiVersion: KUSTOMIZE_API,
    kind: 'Kustomization',
    namespace: name,
    resources,
    ...(components.length > 0 && { components: [...components].sort() }),
  });
}

export function renderKustomization(resources: string[]): string {
  return toText({ apiVersion: KUSTOMIZE_API, kind: 'Kustomization', resources });
}

export function renderComponent(resources: string[]): string {
  return toText({ apiVersion: COMPONENT_API, kind: 'Component', resources });
}

/** Requests and limits alike, as the reference tiers set them. */
export function renderCustomQuota(name: string, quota: QuotaSpec): string {
  const hard: Record<string, string | number> = {};
  if (quota.cpu !== undefined) {
    hard['requests.cpu'] = quota.cpu;
    hard['limits.cpu'] = quota.cpu;
  }
  if (quota.memory !== undefined) {
    hard['requests.memory'] = quota.memory;
    hard['limits.memory'] = quota.memory;
  }
  if (quota.storage !== undefined) hard['requests.storage'] = quota.storage;
  if (quota.objectBucketClaims !== undefined)
    hard['count/objectbucketclaims.objectbucket.io'] = quota.objectBucketClaims;
  return toText({ apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name }, spec: { hard } });
}

export function renderGroup(name: string, users: string[]): string {
  return toText({ apiVersion: 'user.openshift.io/v1', kind: 'Group', metadata: { name }, users });
}

export function renderRoleBinding(role: Role, group: string): string {
  return toText({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: `namespace-${role}-${group}` },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
  });
}

/** A strategic-merge patch replacing the limits of a namespace's tier quota. */
export function renderQuotaPatch(
  name: string,
  namespace: string,
  annotations: Record<string, string>,
  hard: Record<string, string>,
): string {
  return toText({
    apiVersion: 'v1',
    kind: 'ResourceQuota',
    metadata: { name, namespace, annotations },
    spec: { hard },
  });
}

export function renderOperatorGroup(namespace: string, targetNamespaces: string[]): string {
  return toText({
    apiVersion: 'operators.coreos.com/v1',
    kind: 'OperatorGroup',
    metadata: { name: namespace },
    spec: targetNamespaces.length > 0 ? { targetNamespaces } : {},
  });
}

/** An OLM Subscription to an operator from a catalog in openshift-marketplace. */
export function renderSubscription(
  name: string,
  catalog: string,
  channel: string | undefined,
  approval: 'Automatic' | 'Manual',
): string {
  return toText({
    apiVersion: 'operators.coreos.com/v1alpha1',
    kind: 'Subscription',
    metadata: { name },
    spec: {
      ...(channel !== undefined && { channel }),
      installPlanApproval: approval,
      name,
      source: catalog,
      sourceNamespace: 'openshift-marketplace',
    },
  });
}
