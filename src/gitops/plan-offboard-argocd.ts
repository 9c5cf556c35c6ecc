import { posix } from 'node:path';
import { APPLICATIONS_DIR, isTeamDirectory } from './argocd-applications.ts';
import type { Draft } from './draft.ts';
import { resolveRef } from './layout.ts';
import { kustomizationPath } from './plan-steps.ts';
import { walkFiles } from './repo-fs.ts';
import type { Repository } from './repository.ts';
import { removeListItems, removeNestedItems } from './yaml-edit.ts';
import { findKind, isObject, readYaml } from './yaml-read.ts';

/**
 * Take a namespace out of ArgoCD: its destination in every AppProject (a project left with
 * none is deleted), and every Application deploying into it. Returns the deleted projects.
 */
export function offboardArgocd(repo: Repository, draft: Draft, ns: string): Set<string> {
  const deleted = new Set<string>();
  for (const project of repo.inventory.appProjects) {
    if (!project.destinations.some((d) => d.namespace === ns)) continue;
    if (project.destinations.every((d) => d.namespace === ns)) {
      deleted.add(project.name);
      unlist(repo, draft, project.path);
    } else
      draft.edit(project.path, (t) =>
        removeNestedItems(
          project.path,
          t,
          ['spec', 'destinations'],
          (d) => isObject(d) && d.namespace === ns,
        ),
      );
  }
  for (const path of walkFiles(repo.fs, 'argocd')) {
    if (!/\.ya?ml$/.test(path)) continue;
    const app = findKind(readYaml(repo.fs, path), 'Application');
    const spec = isObject(app?.spec) ? app.spec : {};
    const destination = isObject(spec.destination) ? spec.destination : {};
    if (destination.namespace === ns) unlist(repo, draft, path);
  }
  return deleted;
}

/**
 * Delete a file and its entry in the kustomization beside it; a team's application directory
 * left with nothing else goes too.
 */
function unlist(repo: Repository, draft: Draft, path: string): void {
  const dir = posix.dirname(path);
  draft.delete(path);
  const file = kustomizationPath(draft, dir);
  draft.edit(file, (t) =>
    removeListItems(file, t, 'resources', (ref) => resolveRef(dir, ref) === path),
  );
  const left = walkFiles(repo.fs, dir).filter((f) => f !== file && draft.exists(f));
  if (!dir.startsWith(`${APPLICATIONS_DIR}/`) || left.length > 0 || !draft.exists(file)) return;
  draft.delete(file);
  // The team's entry in its cluster's applications overlay goes with its directory.
  if (!isTeamDirectory(dir)) return;
  const parent = posix.dirname(dir);
  const overlay = kustomizationPath(draft, parent);
  draft.edit(overlay, (t) =>
    removeListItems(overlay, t, 'resources', (ref) => resolveRef(parent, ref) === dir),
  );
}
