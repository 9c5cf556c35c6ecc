import {
  CS,
  componentYaml,
  defaultGroupCount,
  hardLines,
  namespaceKustomization,
  type SyntheticOptions,
  type SyntheticSummary,
  TIER_ANNOTATION,
  TIER_NAMES,
  TIERS,
  writeGroups,
  writer,
  writeSharedComponents,
} from './generate.ts';

/**
 * The `rich` shape, closer to a real community cloud than `simple`, and still built by
 * `kubectl kustomize` without error:
 * - four clusters in three environments (moc/smaug, moc/infra, emea/demo, osc/osc-cl1);
 *   every namespace lands on moc/smaug (the bench's cluster), every 2nd also on moc/infra,
 *   every 3rd on emea/demo, every 5th on osc/osc-cl1;
 * - moc/smaug lists half its namespaces itself and reaches the other half through a nested
 *   kustomization (`tenants/`), as overlays that group their namespaces do;
 * - each namespace has 1–4 role-binding components (admin, edit, view); an edit binding names
 *   three groups, a view binding two;
 * - every 3rd namespace has the monitoring component; every 10th a custom quota instead of a
 *   tier; every 50th tiered namespace a per-cluster quota patch on every cluster it lands on.
 */
const CLUSTERS = [
  { env: 'moc', name: 'smaug', every: 1 },
  { env: 'moc', name: 'infra', every: 2 },
  { env: 'emea', name: 'demo', every: 3 },
  { env: 'osc', name: 'osc-cl1', every: 5 },
] as const;

const ROLES = ['admin', 'edit', 'view'] as const;
/** How many groups a role-binding component of each role binds. */
const SUBJECTS = { admin: 1, edit: 3, view: 2 } as const;

export function generateRichRepository(root: string, options: SyntheticOptions): SyntheticSummary {
  const nsCount = options.namespaces;
  const groupCount = options.groups ?? defaultGroupCount(nsCount);
  const out = writer(root);
  const write = out.write;
  writeSharedComponents(write);
  const groups = Array.from({ length: groupCount }, (_, i) => `team-${String(i).padStart(4, '0')}`);
  writeGroups(write, groups);
  for (const role of ROLES)
    groups.forEach((group, g) => {
      const dir = `${CS}/components/project-${role}-rolebindings/${group}`;
      const subjects = Array.from(
        { length: SUBJECTS[role] },
        (_, k) => groups[(g + k * 17) % groupCount]!,
      );
      write(`${dir}/kustomization.yaml`, componentYaml('rbac.yaml'));
      write(
        `${dir}/rbac.yaml`,
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: namespace-${role}-${group}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: ${role}\nsubjects:\n${[...new Set(subjects)].map((s) => `  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: ${s}\n`).join('')}`,
      );
    });
  write(
    `${CS}/components/monitoring-rbac/kustomization.yaml`,
    componentYaml('monitoring-rolebinding.yaml'),
  );
  write(
    `${CS}/components/monitoring-rbac/monitoring-rolebinding.yaml`,
    'kind: RoleBinding\napiVersion: rbac.authorization.k8s.io/v1\nmetadata:\n  name: prometheus-monitoring\nsubjects:\n  - kind: ServiceAccount\n    name: prometheus-k8s\n    namespace: openshift-monitoring\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: view\n',
  );

  const names = Array.from({ length: nsCount }, (_, i) => `proj-${String(i).padStart(5, '0')}`);
  const onCluster = CLUSTERS.map(() => [] as string[]);
  const patches = CLUSTERS.map(() => [] as string[]);
  let customQuotas = 0;
  names.forEach((ns, i) => {
    const dir = `${CS}/base/core/namespaces/${ns}`;
    const owner = groups[i % groupCount]!;
    write(
      `${dir}/namespace.yaml`,
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  annotations:\n    openshift.io/display-name: "Project ${i}: rich"\n    openshift.io/requester: ${owner}-lead\n    op1st/project-owner: ${owner}\nspec: {}\n`,
    );
    const bindings = new Set<string>();
    for (let k = 0; k < 1 + (i % 4); k++) {
      const role = ROLES[k % 3]!;
      bindings.add(`project-${role}-rolebindings/${groups[(i + k * 31) % groupCount]}`);
    }
    const custom = i % 10 === 7;
    const tier = TIER_NAMES[i % TIER_NAMES.length]!;
    const components = [
      '../../../../components/limitranges/default',
      ...[...bindings].map((b) => `../../../../components/${b}`),
      ...(i % 3 === 0 ? ['../../../../components/monitoring-rbac'] : []),
      ...(custom ? [] : [`../../../../components/resourcequotas/${tier}`]),
    ].sort();
    write(`${dir}/kustomization.yaml`, namespaceKustomization(ns, components, custom));
    if (custom) {
      customQuotas++;
      const cpu = String(1 + (i % 7));
      write(
        `${dir}/resourcequota.yaml`,
        `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${ns}-custom\nspec:\n  hard:\n    requests.cpu: '${cpu}'\n    limits.cpu: '${cpu}'\n    requests.memory: ${3 * Number(cpu)}Gi\n    limits.memory: ${3 * Number(cpu)}Gi\n    count/objectbucketclaims.objectbucket.io: '${i % 3}'\n`,
      );
    }
    CLUSTERS.forEach((cluster, c) => {
      if (i % cluster.every !== 0) return;
      onCluster[c]!.push(ns);
      if (custom || i % 50 !== 0) return;
      const target = TIER_NAMES[(TIER_NAMES.indexOf(tier) + 1 + c) % TIER_NAMES.length]!;
      if (target === tier) return;
      const path = `resourcequotas/${ns}.yaml`;
      patches[c]!.push(path);
      write(
        `${CS}/overlays/prod/${cluster.env}/${cluster.name}/${path}`,
        `apiVersion: v1\nkind: ResourceQuota\nmetadata:\n  name: ${tier}\n  namespace: ${ns}\n  annotations:\n    ${TIER_ANNOTATION}: ${target}\nspec:\n  hard:\n${hardLines(TIERS[target]!, '    ')}\n`,
      );
    });
  });

  const nsRef = (depth: number, ns: string) =>
    `  - ${'../'.repeat(depth)}base/core/namespaces/${ns}\n`;
  CLUSTERS.forEach((cluster, c) => {
    const dir = `${CS}/overlays/prod/${cluster.env}/${cluster.name}`;
    const listed = onCluster[c]!;
    // moc/smaug reaches its second half through tenants/ (one level deeper).
    const nested = c === 0 ? listed.slice(Math.ceil(listed.length / 2)) : [];
    const direct = c === 0 ? listed.slice(0, Math.ceil(listed.length / 2)) : listed;
    if (nested.length > 0)
      write(
        `${dir}/tenants/kustomization.yaml`,
        `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n${nested.map((ns) => nsRef(5, ns)).join('')}`,
      );
    write(
      `${dir}/kustomization.yaml`,
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ../../common\n${nested.length > 0 ? '  - tenants\n' : ''}${direct.map((ns) => nsRef(4, ns)).join('')}${patches[c]!.length > 0 ? `patchesStrategicMerge:\n${patches[c]!.map((p) => `  - ${p}\n`).join('')}` : ''}`,
    );
  });
  return {
    namespaces: nsCount,
    groups: groupCount,
    customQuotas,
    clusterQuotas: patches.reduce((n, p) => n + p.length, 0),
    files: out.files,
    cluster: 'moc/smaug',
  };
}
