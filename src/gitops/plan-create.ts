import { assertRfc1123Label, OpfError } from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import { groupDir, namespaceDir } from './layout.ts';
import { assertTier, listInOverlay, writeNamespace } from './plan-namespace.ts';
import { clusterOf } from './plan-onboard.ts';
import { ensureGroup, ensureRoleBinding } from './plan-steps.ts';
import type { Repository } from './repository.ts';

/** opfcli's create-group and create-project, on opf's engine. */

export interface CreateGroupOptions {
  /** Reuse a group that exists (merging the users given) instead of refusing it. */
  existsOk?: boolean;
}

/**
 * A group with these users (none: `users: []`, to be filled later), listed in the all-clusters
 * overlay so it reaches every cluster. An existing group is refused unless existsOk.
 */
export function planCreateGroup(
  repo: Repository,
  group: string,
  users: readonly string[],
  options: CreateGroupOptions = {},
): Plan {
  assertRfc1123Label(group, 'group');
  if (!options.existsOk && groupExists(repo, group))
    throw new OpfError(
      'OPF_ERR_GITOPS_GROUP_EXISTS',
      `group "${group}" already exists (${groupDir(group)}); --exists-ok reuses it`,
    );
  const draft = new Draft(repo.fs);
  ensureGroup(draft, group, users);
  return { summary: `Create group ${group}`, changes: draft.changes() };
}

export interface CreateProjectOptions {
  displayName?: string;
  /** A quota tier (components/resourcequotas/<tier>). */
  quota?: string;
  /** opfcli's -n/--no-limitrange turns this off. */
  limitRange?: boolean;
  /** opf's addition: also list the namespace in this cluster's overlay (env/name). */
  cluster?: string;
}

/**
 * A namespace owned by a group, as opfcli's create-project makes it: the group (created
 * empty when missing, reused when present), its admin role binding, and the namespace with
 * openshift.io/requester naming the group.
 */
export function planCreateProject(
  repo: Repository,
  name: string,
  owner: string,
  options: CreateProjectOptions = {},
): Plan {
  assertRfc1123Label(name, 'namespace');
  assertRfc1123Label(owner, 'group');
  if (options.quota !== undefined) assertTier(repo, options.quota.toLowerCase());
  const overlay = options.cluster !== undefined ? clusterOf(repo, options.cluster) : undefined;
  const draft = new Draft(repo.fs);
  ensureGroup(draft, owner, []);
  writeNamespace(repo, draft, {
    name,
    annotations: {
      'openshift.io/requester': owner,
      ...(options.displayName !== undefined && {
        'openshift.io/display-name': options.displayName,
      }),
    },
    binding: ensureRoleBinding(draft, 'admin', owner),
    ...(options.quota !== undefined && { tier: options.quota.toLowerCase() }),
    limitRange: options.limitRange !== false,
    monitoring: false,
  });
  if (overlay) listInOverlay(draft, overlay, namespaceDir(name));
  return {
    summary: `Create project ${name} owned by group ${owner}${overlay ? ` on ${options.cluster}` : ''}`,
    changes: draft.changes(),
  };
}

function groupExists(repo: Repository, group: string): boolean {
  return (
    repo.inventory.groups.some((g) => g.name === group) ||
    repo.fs.kind(groupDir(group)) !== undefined
  );
}
