import { OpfError } from '../core/index.ts';
import { listClusterOverlays, reachFrom } from './clusters.ts';
import { readNamespaces } from './import-namespaces.ts';
import type {
  AppProjectEntry,
  ClusterQuota,
  GroupEntry,
  Inventory,
  RoleBindingEntry,
  TierEntry,
} from './inventory.ts';
import {
  APPPROJECTS_DIR,
  COMMON_OVERLAY_DIR,
  GROUPS_DIR,
  OVERLAYS_DIR,
  QUOTA_TIER_ANNOTATION,
  ROLES,
  ROOT,
  resolveRef,
  roleBindingDir,
  roleBindingsDir,
  TIERS_DIR,
} from './layout.ts';
import { type RepoFs, walkFiles } from './repo-fs.ts';
import { readTreeFs } from './tree-fs.ts';
import {
  findKind,
  isObject,
  type Kustomization,
  readKustomization,
  readYaml,
  stringList,
  stringMap,
} from './yaml-read.ts';

/** Read an apps repository on disk into an inventory. */
export function importRepository(dir: string): Inventory {
  return importFrom(readTreeFs(dir));
}

export function importFrom(fs: RepoFs): Inventory {
  if (fs.kind(ROOT) !== 'dir')
    throw new OpfError(
      'OPF_ERR_GITOPS_REPO_INVALID',
      `no ${ROOT}/ directory: not an apps repository in the Operate First layout`,
    );
  const consumed = new Set<string>();
  const read = (path: string) => {
    const file = readYaml(fs, path);
    if (file) consumed.add(path);
    return file;
  };
  const kustomization = (d: string) => {
    const k = readKustomization(fs, d);
    if (k) consumed.add(k.path);
    return k;
  };

  const tiers: TierEntry[] = [];
  for (const name of fs.list(TIERS_DIR)) {
    const path = `${TIERS_DIR}/${name}`;
    const k = kustomization(path);
    if (!k) continue;
    const quota = k.resources
      .map((ref) => findKind(read(resolveRef(path, ref) ?? ''), 'ResourceQuota'))
      .find(Boolean);
    const meta = isObject(quota?.metadata) ? quota.metadata : {};
    tiers.push({
      name,
      path,
      quotaName: typeof meta.name === 'string' ? meta.name : name,
      hard: stringMap(isObject(quota?.spec) ? quota.spec.hard : {}),
    });
  }

  const roleBindings: RoleBindingEntry[] = [];
  for (const role of ROLES) {
    for (const group of fs.list(roleBindingsDir(role))) {
      const path = roleBindingDir(role, group);
      const k = kustomization(path);
      if (!k) continue;
      const subjects = k.resources.flatMap((ref) => {
        const binding = findKind(read(resolveRef(path, ref) ?? ''), 'RoleBinding');
        return Array.isArray(binding?.subjects)
          ? binding.subjects
              .filter(isObject)
              .filter((s) => s.kind === 'Group')
              .map((s) => String(s.name))
          : [];
      });
      roleBindings.push({ role, group, path, subjects });
    }
  }

  const commonRefs = new Set(
    (kustomization(COMMON_OVERLAY_DIR)?.resources ?? []).map((r) =>
      resolveRef(COMMON_OVERLAY_DIR, r),
    ),
  );
  const groups: GroupEntry[] = [];
  for (const name of fs.list(GROUPS_DIR)) {
    const path = `${GROUPS_DIR}/${name}`;
    if (fs.kind(path) !== 'dir') continue;
    kustomization(path);
    const group = findKind(read(`${path}/group.yaml`), 'Group');
    groups.push({
      name,
      path,
      users: stringList(group?.users),
      hasGroupFile: group !== undefined,
      inCommon: commonRefs.has(path),
    });
  }

  const { namespaces, bindingComponents } = readNamespaces(
    fs,
    (path) => readYaml(fs, path),
    (path) => consumed.add(path),
    kustomization,
  );
  const byName = new Map(namespaces.map((ns) => [ns.name, ns]));
  const cache = new Map<string, Kustomization | null>();
  const clusters = listClusterOverlays(fs).map((ref) => {
    const overlay = kustomization(ref.path);
    const reach = reachFrom(fs, ref.path, cache);
    const counts = new Map<string, number>();
    for (const ns of reach.namespaceHits) counts.set(ns, (counts.get(ns) ?? 0) + 1);
    const direct = (overlay?.resources ?? [])
      .map((r) => resolveRef(ref.path, r))
      .filter((p): p is string => p !== undefined && byName.get(p.split('/').pop()!)?.path === p)
      .map((p) => p.split('/').pop()!);
    for (const ns of counts.keys()) byName.get(ns)?.clusters.push(`${ref.env}/${ref.name}`);
    return {
      ...ref,
      namespaces: [...counts.keys()].sort(),
      directNamespaces: direct,
      duplicates: [...counts].filter(([, n]) => n > 1).map(([ns]) => ns),
      quotas: clusterQuotas(fs, overlay, (path) => consumed.add(path)),
    };
  });
  for (const env of fs.list(OVERLAYS_DIR)) kustomization(`${OVERLAYS_DIR}/${env}/common`);

  const appProjects: AppProjectEntry[] = [];
  kustomization(APPPROJECTS_DIR);
  for (const name of fs.list(APPPROJECTS_DIR)) {
    const path = `${APPPROJECTS_DIR}/${name}`;
    if (!/\.ya?ml$/.test(name) || fs.kind(path) !== 'file') continue;
    const project = findKind(readYaml(fs, path), 'AppProject');
    if (!project) continue;
    consumed.add(path);
    const spec = isObject(project.spec) ? project.spec : {};
    const meta = isObject(project.metadata) ? project.metadata : {};
    appProjects.push({
      name: String(meta.name ?? name.replace(/\.ya?ml$/, '')),
      path,
      destinations: (Array.isArray(spec.destinations) ? spec.destinations : [])
        .filter(isObject)
        .map((d) => ({
          namespace: String(d.namespace ?? ''),
          ...(d.name !== undefined && { name: String(d.name) }),
          ...(d.server !== undefined && { server: String(d.server) }),
        })),
      groups: (Array.isArray(spec.roles) ? spec.roles : [])
        .filter(isObject)
        .flatMap((r) => stringList(r.groups)),
    });
  }

  const unmodelled = walkFiles(fs, '')
    .filter((path) => !consumed.has(path))
    .map((path) => ({ path, kinds: kindsOf(fs.readText(path) ?? '') }));
  return {
    clusters,
    namespaces,
    groups,
    tiers,
    roleBindings,
    bindingComponents,
    appProjects,
    unmodelled,
  };
}

/** The overlay's strategic-merge patches that set a namespace's quota tier. */
function clusterQuotas(
  fs: RepoFs,
  overlay: Kustomization | undefined,
  consume: (path: string) => void,
): ClusterQuota[] {
  const out: ClusterQuota[] = [];
  for (const { field, ref } of overlay?.fileRefs ?? []) {
    if (field !== 'patchesStrategicMerge') continue;
    const path = resolveRef(overlay!.dir, ref);
    const file = path === undefined ? undefined : readYaml(fs, path);
    const quota = findKind(file, 'ResourceQuota');
    const meta = isObject(quota?.metadata) ? quota.metadata : {};
    const tier = stringMap(meta.annotations)[QUOTA_TIER_ANNOTATION];
    if (!path || tier === undefined || typeof meta.namespace !== 'string') continue;
    consume(path);
    out.push({ namespace: meta.namespace, tier, path });
  }
  return out;
}

function kindsOf(text: string): string[] {
  const kinds = new Set<string>();
  for (const match of text.matchAll(/^kind:\s*["']?([A-Za-z0-9]+)/gm)) kinds.add(match[1]!);
  return [...kinds];
}
