import { posix } from 'node:path';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import {
  COMMON_OVERLAY_DIR,
  isOutside,
  KUSTOMIZATION_NAMES,
  type Role,
  resolveRef,
  roleBindingDir,
} from './layout.ts';
import { requireNamespace } from './plan-access.ts';
import { offboardArgocd } from './plan-offboard-argocd.ts';
import { walkFiles } from './repo-fs.ts';
import type { Repository } from './repository.ts';
import { removeListItems } from './yaml-edit.ts';
import {
  findKind,
  isObject,
  type Kustomization,
  parseKustomization,
  parseYamlText,
  readYaml,
} from './yaml-read.ts';

/**
 * Remove a namespace: from every kustomization that lists it, its own directory, and the
 * role-binding components and groups that nothing else uses any more.
 */
export function planOffboarding(repo: Repository, ns: string): Plan {
  const entry = requireNamespace(repo, ns);
  const draft = new Draft(repo.fs);
  const kustomizations = walkFiles(repo.fs, '')
    .filter((p) => KUSTOMIZATION_NAMES.includes(posix.basename(p)))
    .map((p) => parseKustomization(parseYamlText(p, repo.fs.readText(p) ?? '')));
  const refersTo = (dir: string, target: string) => (ref: string) => {
    const resolved = resolveRef(dir, ref);
    return resolved !== undefined && !isOutside(resolved) && resolved === target;
  };
  const inside = (path: string) => path.startsWith(`${entry.path}/`);
  for (const k of kustomizations) {
    if (inside(k.path)) continue;
    const listed = refersTo(k.dir, entry.path);
    if (k.resources.some(listed))
      draft.edit(k.path, (t) => removeListItems(k.path, t, 'resources', listed));
  }
  for (const file of walkFiles(repo.fs, entry.path)) draft.delete(file);
  for (const cluster of repo.inventory.clusters)
    for (const quota of cluster.quotas.filter((q) => q.namespace === ns)) {
      const k = kustomizations.find((x) => x.dir === cluster.path)!;
      const patch = refersTo(k.dir, quota.path);
      draft.edit(k.path, (t) => removeListItems(k.path, t, 'patchesStrategicMerge', patch));
      draft.delete(quota.path);
    }

  const deletedProjects = offboardArgocd(repo, draft, ns);
  const others = kustomizations.filter((k) => !inside(k.path));
  const usedElsewhere = (dir: string) =>
    others.some((k) => [...k.resources, ...k.components].some(refersTo(k.dir, dir)));
  const removedGroups = new Set<string>();
  for (const [role, groups] of Object.entries(entry.roleBindings))
    for (const group of groups) {
      const dir = roleBindingDir(role as Role, group);
      if (usedElsewhere(dir)) continue;
      for (const file of walkFiles(repo.fs, dir)) draft.delete(file);
      removedGroups.add(group);
    }
  for (const group of removedGroups) {
    const stillBound = repo.inventory.roleBindings.some(
      (b) =>
        b.group === group &&
        draft.exists(b.path) &&
        walkFiles(repo.fs, b.path).some((f) => draft.exists(f)),
    );
    const inProject = repo.inventory.appProjects.some(
      (p) => !deletedProjects.has(p.name) && p.groups.includes(group),
    );
    const groupEntry = repo.inventory.groups.find((g) => g.name === group);
    if (stillBound || inProject || !groupEntry) continue;
    const referrers = others.filter(
      (k) => k.dir !== COMMON_OVERLAY_DIR && k.resources.some(refersTo(k.dir, groupEntry.path)),
    );
    if (referrers.length > 0 || patchedElsewhere(repo, others, group)) continue;
    const common = others.find((k) => k.dir === COMMON_OVERLAY_DIR);
    if (common)
      draft.edit(common.path, (t) =>
        removeListItems(common.path, t, 'resources', refersTo(common.dir, groupEntry.path)),
      );
    for (const file of walkFiles(repo.fs, groupEntry.path)) draft.delete(file);
  }
  return { summary: `Offboard namespace ${ns}`, changes: draft.changes() };
}

/** Cluster overlays patch some groups (extra members on one cluster); those groups must stay. */
function patchedElsewhere(
  repo: Repository,
  kustomizations: Kustomization[],
  group: string,
): boolean {
  return kustomizations.some((k) =>
    k.fileRefs.some(({ field, ref }) => {
      if (field !== 'patchesStrategicMerge' && field !== 'patches') return false;
      const target = resolveRef(k.dir, ref);
      const patch = findKind(target ? readYaml(repo.fs, target) : undefined, 'Group');
      return isObject(patch?.metadata) && patch.metadata.name === group;
    }),
  );
}
