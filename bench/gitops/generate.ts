import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A synthetic apps repository in the Operate First layout (cluster-scope/...), valid for
 * `kubectl kustomize`: `namespaces` namespaces, each with namespace.yaml and a kustomization
 * using the limit-range component, one or two admin role-binding components (out of `groups`
 * groups, all listed in overlays/prod/common) and a quota tier; every 25th namespace has a
 * custom quota instead of a tier. One cluster overlay (moc/smaug) lists every namespace, and
 * patches the quota tier of every 100th tiered namespace (opf's per-cluster quota patch).
 */
export interface SyntheticOptions {
  namespaces: number;
  groups?: number;
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
const TIER_NAMES = Object.keys(TIERS);
const TIER_ANNOTATION = 'op1st/quota-tier';

export function generateRepository(root: string, options: SyntheticOptions): SyntheticSummary {
  const nsCount = options.namespaces;
  const groupCount = options.groups ?? Math.min(300, Math.max(10, Math.ceil(nsCount / 3)));
  let files = 0;
  const write = (path: string, text: string) => {
    const full = join(root, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
    files++;
  };
  const cs = 'cluster-scope';
  const hard = (h: Record<string, string>, indent: string) =>
    Object.entries(h)
      .map(([k, v]) => `${indent}${k}: '${v}'`)
      .join('\n');
  const component = (resource: string) =>
    `apiVersion: kustomize.config.k8s.io/v1alpha1\nkind: Component\nresources:\n  - ${resource}\n`;

  // Components: quota tiers, the limit range, admin role bindings; groups.
  for (const tier of TIER_NAMES) {
    write(
      `${cs}/components/resourcequotas/${tier}/kustomization.yaml`,
      component('resourcequota.yaml'),
    );
    write(
      `${cs}/components/resourcequotas/${tier}/resourcequota.yaml`,
      `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${tier}\nspec:\n  hard:\n${hard(TIERS[tier]!, '    ')}\n`,
    );
  }
  write(`${cs}/components/limitranges/default/kustomization.yaml`, component('limitrange.yaml'));
  write(
    `${cs}/components/limitranges/default/limitrange.yaml`,
    'apiVersion: v1\nkind: LimitRange\nmetadata:\n  name: default\nspec:\n  limits:\n    - type: Container\n      default:\n        cpu: 500m\n        memory: 1000Mi\n      defaultRequest:\n        cpu: 300m\n        memory: 400Mi\n',
  );
  const groups = Array.from({ length: groupCount }, (_, i) => `team-${String(i).padStart(4, '0')}`);
  for (const group of groups) {
    const dir = `${cs}/components/project-admin-rolebindings/${group}`;
    write(`${dir}/kustomization.yaml`, component('rbac.yaml'));
    write(
      `${dir}/rbac.yaml`,
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: namespace-admin-${group}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: admin\nsubjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ${group}\n`,
    );
    const gdir = `${cs}/base/user.openshift.io/groups/${group}`;
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
    `${cs}/overlays/prod/common/kustomization.yaml`,
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${groups.map((g) => `  - ../../../base/user.openshift.io/groups/${g}\n`).join('')}`,
  );

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
    write(
      `${dir}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: ${ns}\nresources:\n  - namespace.yaml\n${custom ? '  - resourcequota.yaml\n' : ''}components:\n${components.map((c) => `  - ${c}\n`).join('')}`,
    );
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
    files,
    cluster: 'moc/smaug',
  };
}
