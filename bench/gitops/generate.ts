import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateRichRepository } from './generate-rich.ts';

/**
 * Repository shapes: `simple` (below), and `rich` (generate-rich.ts: several environments and
 * clusters, 1–4 role-binding components per namespace binding several groups each, monitoring,
 * custom quotas, per-cluster patches on every cluster, namespaces reached through a nested
 * kustomization).
 */
export const SHAPES = ['simple', 'rich'] as const;
export type Shape = (typeof SHAPES)[number];

/**
 * The `simple` shape: a synthetic apps repository in the Operate First layout (cluster-scope/...), valid for
 * `kubectl kustomize`: `namespaces` namespaces, each with namespace.yaml and a kustomization
 * using the limit-range component, one or two admin role-binding components (out of `groups`
 * groups, all listed in overlays/prod/common) and a quota tier; every 25th namespace has a
 * custom quota instead of a tier. One cluster overlay (moc/smaug) lists every namespace, and
 * patches the quota tier of every 100th tiered namespace (opf's per-cluster quota patch).
 */
export interface SyntheticOptions {
  namespaces: number;
  groups?: number;
  /** `simple` by default. */
  shape?: Shape;
}

export interface SyntheticSummary {
  namespaces: number;
  groups: number;
  customQuotas: number;
  clusterQuotas: number;
  files: number;
  cluster: string;
}

export const TIERS: Record<string, Record<string, string>> = {
  'x-small': {
    'requests.cpu': '1',
    'requests.memory': '2Gi',
    'limits.cpu': '1',
    'limits.memory': '2Gi',
    'requests.storage': '10Gi',
  },
  small: {
    'requests.cpu': '2',
    'requests.memory': '4Gi',
    'limits.cpu': '2',
    'limits.memory': '4Gi',
    'requests.storage': '20Gi',
  },
  medium: {
    'requests.cpu': '4',
    'requests.memory': '8Gi',
    'limits.cpu': '4',
    'limits.memory': '8Gi',
    'requests.storage': '40Gi',
  },
  large: {
    'requests.cpu': '8',
    'requests.memory': '16Gi',
    'limits.cpu': '8',
    'limits.memory': '16Gi',
    'requests.storage': '80Gi',
  },
};

export const TIER_NAMES = Object.keys(TIERS);
export const TIER_ANNOTATION = 'op1st/quota-tier';
export const CS = 'cluster-scope';

/** Writes repo-relative files under `root`, counting them. */
export function writer(root: string) {
  const w = {
    files: 0,
    write(path: string, text: string) {
      const full = join(root, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, text);
      w.files++;
    },
  };
  return w;
}

export const hardLines = (h: Record<string, string>, indent: string) =>
  Object.entries(h)
    .map(([k, v]) => `${indent}${k}: '${v}'`)
    .join('\n');

export const componentYaml = (...resources: string[]) =>
  `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;

/** Quota tiers and the default limit range, as components. */
/** A namespace directory's kustomization: its Namespace, a custom quota if any, its components. */
export function namespaceKustomization(ns: string, components: string[], custom: boolean): string {
  const resources = `  - namespace.yaml\n${custom ? '  - resourcequota.yaml\n' : ''}`;
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n${resources}components:\n${components.map((c) => `  - ${c}\n`).join('')}`;
}

export function writeSharedComponents(write: (path: string, text: string) => void): void {
  for (const tier of TIER_NAMES) {
    write(
      `${CS}/components/resourcequotas/${tier}/kustomization.yaml`,
      componentYaml('resourcequota.yaml'),
    );
    write(
      `${CS}/components/resourcequotas/${tier}/resourcequota.yaml`,
      `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${tier}\nspec:\n  hard:\n${hardLines(TIERS[tier]!, '    ')}\n`,
    );
  }
  write(
    `${CS}/components/limitranges/default/kustomization.yaml`,
    componentYaml('limitrange.yaml'),
  );
  write(
    `${CS}/components/limitranges/default/limitrange.yaml`,
    'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: default\nspec:\n  limits:\n    - type: Container\n      default:\n        cpu: 500m\n        memory: 1000Mi\n      defaultRequest:\n        cpu: 300m\n        memory: 400Mi\n',
  );
}

/** One Group per name, each in overlays/prod/common. */
export function writeGroups(write: (path: string, text: string) => void, groups: string[]): void {
  for (const group of groups) {
    const gdir = `${CS}/base/user.openshift.io/groups/${group}`;
    write(
      `${gdir}/kustomization.yaml`,
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - group.yaml\n',
    );
    write(
      `${gdir}/group.yaml`,
      `apiVersion: user.openshift.io/v1\nkind: Group\nmetadata:\n  name: ${group}\nusers:\n  - ${group}-lead\n  - ${group}-dev\n`,
    );
  }
  write(
    `${CS}/overlays/prod/common/kustomization.yaml`,
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${groups.map((g) => `  - ../../../base/user.openshift.io/groups/${g}\n`).join('')}`,
  );
}

export function defaultGroupCount(namespaces: number): number {
  return Math.min(300, Math.max(10, Math.ceil(namespaces / 3)));
}

export function generateRepository(root: string, options: SyntheticOptions): SyntheticSummary {
  if (options.shape === 'rich') return generateRichRepository(root, options);
  const nsCount = options.namespaces;
  const groupCount = options.groups ?? defaultGroupCount(nsCount);
  const out = writer(root);
  const write = out.write;
  const cs = CS;
  const hard = hardLines;
  const component = (resource: string) => componentYaml(resource);

  // Components: quota tiers, the limit range, admin role bindings; groups.
  writeSharedComponents(write);
  const groups = Array.from({ length: groupCount }, (_, i) => `team-${String(i).padStart(4, '0')}`);
  for (const group of groups) {
    const dir = `${cs}/components/project-admin-rolebindings/${group}`;
    write(`${dir}/kustomization.yaml`, component('rbac.yaml'));
    write(
      `${dir}/rbac.yaml`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: namespace-admin-${group}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: admin\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ${group}\n`,
    );
  }
  writeGroups(write, groups);

  // Namespaces, and the cluster overlay listing them all.
  const names = Array.from({ length: nsCount }, (_, i) => `proj-${String(i).padStart(5, '0')}`);
  const patches: string[] = [];
  let customQuotas = 0;
  names.forEach((ns, i) => {
    const dir = `${cs}/base/core/namespaces/${ns}`;
    write(
      `${dir}/namespace.yaml`,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  annotations:\n    openshift.io/display-name: "Project ${i}: synthetic"\n    openshift.io/requester: ${groups[i % groupCount]}-lead\n    op1st/project-owner: ${groups[i % groupCount]}\nspec: {}\n`,
    );
    const rbs = [groups[i % groupCount]!];
    if (i % 7 === 0) rbs.push(groups[(i * 13 + 1) % groupCount]!);
    const custom = i % 25 === 3;
    const tier = TIER_NAMES[i % TIER_NAMES.length]!;
    const components = [
      '../../../../components/limitranges/default',
      ...[...new Set(rbs)].map((g) => `../../../../components/project-admin-rolebindings/${g}`),
      ...(custom ? [] : [`../../../../components/resourcequotas/${tier}`]),
    ].sort();
    write(`${dir}/kustomization.yaml`, namespaceKustomization(ns, components, custom));
    if (custom) {
      customQuotas++;
      const cpu = String(1 + (i % 5));
      write(
        `${dir}/resourcequota.yaml`,
        `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${ns}-custom\nspec:\n  hard:\n    requests.cpu: '${cpu}'\n    limits.cpu: '${cpu}'\n    requests.memory: ${2 * Number(cpu)}Gi\n    limits.memory: ${2 * Number(cpu)}Gi\n`,
      );
    } else if (i % 100 === 0) {
      const other = TIER_NAMES[(i / 100 + 1) % TIER_NAMES.length]!;
      const target = other === tier ? TIER_NAMES[(TIER_NAMES.indexOf(tier) + 1) % 4]! : other;
      const path = `resourcequotas/${ns}.yaml`;
      patches.push(path);
      write(
        `${cs}/overlays/prod/moc/smaug/${path}`,
        `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${tier}\n  namespace: ${ns}\n  annotations:\n    ${TIER_ANNOTATION}: ${target}\nspec:\n  hard:\n${hard(TIERS[target]!, '    ')}\n`,
      );
    }
  });
  write(
    `${cs}/overlays/prod/moc/smaug/kustomization.yaml`,
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../common\n${names.map((ns) => `  - ../../../../base/core/namespaces/${ns}\n`).join('')}patchesStrategicMerge:\n${patches.map((p) => `  - ${p}\n`).join('')}`,
  );
  return {
    namespaces: nsCount,
    groups: groupCount,
    customQuotas,
    clusterQuotas: patches.length,
    files: out.files,
    cluster: 'moc/smaug',
  };
}
