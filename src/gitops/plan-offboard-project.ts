import type { FileChange, Plan } from './changes.ts';
import { planOffboarding } from './plan-offboard.ts';
import { overlayFs } from './repo-fs.ts';
import { type Repository, repositoryFrom } from './repository.ts';

/**
 * Remove every namespace of a project in one change: each namespace is planned on the
 * repository as the previous ones left it (a group two of them shared goes with the last),
 * and the steps fold into one list of file changes against the original files. Namespaces
 * already gone are skipped, so a re-run plans nothing.
 */
export function planProjectOffboarding(
  repo: Repository,
  project: string,
  namespaces: readonly string[],
): Plan {
  let current = repo;
  const folded = new Map<string, FileChange>();
  const removed: string[] = [];
  for (const ns of namespaces) {
    if (!current.inventory.namespaces.some((n) => n.name === ns)) continue;
    const step = planOffboarding(current, ns);
    for (const change of step.changes) fold(folded, change);
    removed.push(ns);
    current = repositoryFrom(overlayFs(repo.fs, [...folded.values()]));
  }
  return {
    summary: removed.length
      ? `Offboard project ${project}: remove namespace${removed.length > 1 ? 's' : ''} ${removed.join(', ')}`
      : `Offboard project ${project}: nothing left to remove`,
    changes: [...folded.values()].filter((c) => !(c.action === 'delete' && c.before === undefined)),
  };
}

/** A later change of the same file replaces the earlier one, keeping the original `before`. */
function fold(folded: Map<string, FileChange>, change: FileChange): void {
  const earlier = folded.get(change.path);
  if (!earlier) {
    folded.set(change.path, change);
    return;
  }
  const before = earlier.before;
  const action =
    before === undefined ? (change.action === 'delete' ? 'delete' : 'create') : change.action;
  folded.set(change.path, {
    path: change.path,
    action,
    ...(change.content !== undefined && { content: change.content }),
    ...(before !== undefined && { before }),
  });
}
