import { assertRfc1123Label, OpfError } from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import { namespaceDir, QUOTA_TIER_ANNOTATION, relativeRef } from './layout.ts';
import { requireNamespace } from './plan-access.ts';
import { clusterOf } from './plan-onboard.ts';
import { kustomizationPath } from './plan-steps.ts';
import { renderQuotaPatch } from './render.ts';
import type { Repository } from './repository.ts';
import { addListItem, removeListItems } from './yaml-edit.ts';

/**
 * Give a namespace another quota tier on one cluster: a strategic-merge patch of its tier
 * quota in that cluster's overlay (the namespace is added to the overlay when missing).
 * Asking for the namespace's own tier removes the patch.
 */
export function planClusterQuota(
  repo: Repository,
  ns: string,
  cluster: string,
  tier: string,
): Plan {
  const entry = requireNamespace(repo, ns);
  const overlay = clusterOf(repo, cluster);
  assertRfc1123Label(tier, 'quota tier');
  const target = repo.inventory.tiers.find((t) => t.name === tier);
  if (!target)
    throw new OpfError('OPF_ERR_GITOPS_TIER_UNKNOWN', `quota tier "${tier}" does not exist`);
  const own = repo.inventory.tiers.find((t) => t.name === entry.tier);
  // A custom quota is patched the same way, its limits replaced whole by the tier's (a
  // merge would keep the custom limits the tier does not name).
  const patched = own
    ? { name: own.quotaName, hard: target.hard }
    : entry.customQuota && {
        name: entry.customQuota.name,
        hard: { $patch: 'replace', ...target.hard },
      };
  if (!patched)
    throw new OpfError(
      'OPF_ERR_GITOPS_EDIT_UNSUPPORTED',
      `namespace "${ns}" has no quota (neither a tier nor a custom quota) for a cluster to patch`,
    );
  const draft = new Draft(repo.fs);
  const file = kustomizationPath(draft, overlay);
  const patch = `${overlay}/resourcequotas/${ns}.yaml`;
  const ref = relativeRef(overlay, patch);
  if (tier === entry.tier) {
    if (draft.exists(patch)) draft.delete(patch);
    draft.edit(file, (t) => removeListItems(file, t, 'patchesStrategicMerge', (v) => v === ref));
  } else {
    draft.write(
      patch,
      renderQuotaPatch(patched.name, ns, { [QUOTA_TIER_ANNOTATION]: tier }, patched.hard),
    );
    draft.edit(file, (t) => addListItem(file, t, 'patchesStrategicMerge', ref));
  }
  draft.edit(file, (t) =>
    addListItem(file, t, 'resources', relativeRef(overlay, namespaceDir(ns))),
  );
  return {
    summary: `Set quota tier ${tier} for namespace ${ns} on cluster ${cluster.toLowerCase()}`,
    changes: draft.changes(),
  };
}
