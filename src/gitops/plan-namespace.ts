import { assertRfc1123Label, OpfError, type QuotaSpec } from '../core/index.ts';
import type { Draft } from './draft.ts';
import { LIMIT_RANGE_DIR, MONITORING_DIR, namespaceDir, relativeRef, tierDir } from './layout.ts';
import { isPlainKustomization, kustomizationPath } from './plan-steps.ts';
import { renderCustomQuota, renderNamespace, renderNamespaceKustomization } from './render.ts';
import { walkFiles } from './repo-fs.ts';
import type { Repository } from './repository.ts';
import { addListItem } from './yaml-edit.ts';

/** What a new namespace directory holds; shared by onboard, create-project and install-operator. */
export interface NewNamespace {
  name: string;
  annotations: Record<string, string>;
  /** The role-binding component of the team's group (project-admin-rolebindings/<group>). */
  binding: string;
  tier?: string;
  customQuota?: QuotaSpec;
  limitRange: boolean;
  monitoring: boolean;
}

/** A quota tier must have its component; the message lists the ones there are. */
export function assertTier(repo: Repository, tier: string): void {
  assertRfc1123Label(tier, 'quota tier');
  if (!repo.inventory.tiers.some((t) => t.name === tier))
    throw new OpfError(
      'OPF_ERR_GITOPS_TIER_UNKNOWN',
      `quota tier "${tier}" does not exist; known: ${repo.inventory.tiers.map((t) => t.name).join(', ')}`,
    );
}

/** Write namespace.yaml, kustomization.yaml (and a custom quota); refuse an existing namespace. */
export function writeNamespace(repo: Repository, draft: Draft, ns: NewNamespace): void {
  const dir = namespaceDir(ns.name);
  draft.write(`${dir}/namespace.yaml`, renderNamespace(ns.name, ns.annotations));
  const resources = ['namespace.yaml'];
  if (ns.customQuota) {
    resources.push('resourcequota.yaml');
    draft.write(
      `${dir}/resourcequota.yaml`,
      renderCustomQuota(`${ns.name}-custom`, ns.customQuota),
    );
  }
  const components: string[] = [];
  if (isPlainKustomization(repo, draft, ns.binding)) resources.push(relativeRef(dir, ns.binding));
  else components.push(ns.binding);
  if (ns.limitRange) components.push(LIMIT_RANGE_DIR);
  if (ns.tier !== undefined) components.push(tierDir(ns.tier));
  if (ns.monitoring) components.push(MONITORING_DIR);
  draft.write(
    `${dir}/kustomization.yaml`,
    renderNamespaceKustomization(
      ns.name,
      resources,
      components.map((c) => relativeRef(dir, c)),
    ),
  );
  refuseExisting(repo, draft, ns.name);
}

/** List a directory in a cluster overlay's resources (kept sorted when it is). */
export function listInOverlay(draft: Draft, overlay: string, dir: string): void {
  const file = kustomizationPath(draft, overlay);
  draft.edit(file, (t) => addListItem(file, t, 'resources', relativeRef(overlay, dir)));
}

/** Whether the repository makes this namespace already (its own directory, or one of another name). */
export function namespaceExists(repo: Repository, ns: string): boolean {
  return repo.inventory.namespaces.some((entry) => entry.objectName === ns || entry.name === ns);
}

/**
 * A namespace that exists already is refused, unless it is exactly what this change makes
 * (a re-run after success, which is then a no-op).
 */
function refuseExisting(repo: Repository, draft: Draft, ns: string): void {
  const dir = namespaceDir(ns);
  // A directory under another name that makes this namespace (the fixture's curator-operator
  // makes curator-operator-system): a second Namespace object of that name would clash.
  const namesake = repo.inventory.namespaces.find(
    (entry) => entry.objectName === ns && entry.name !== ns,
  );
  if (namesake)
    throw new OpfError(
      'OPF_ERR_GITOPS_NAMESPACE_EXISTS',
      `namespace "${ns}" already exists (${namesake.path} makes it)`,
    );
  if (repo.fs.kind(dir) === undefined) return;
  const existing = walkFiles(repo.fs, dir);
  const same =
    existing.length > 0 &&
    existing.every((file) => draft.read(file) === repo.fs.readText(file)) &&
    draft.changes().every((c) => !c.path.startsWith(`${dir}/`));
  if (!same)
    throw new OpfError(
      'OPF_ERR_GITOPS_NAMESPACE_EXISTS',
      `namespace "${ns}" already exists (${dir})`,
    );
}
