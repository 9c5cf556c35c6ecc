import { assertRfc1123Label, OpfError } from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import { MONITORING_DIR, ROLES, type Role } from './layout.ts';
import { addToNamespace, ensureRoleBinding } from './plan-steps.ts';
import type { Repository } from './repository.ts';

function requireNamespace(repo: Repository, ns: string) {
  assertRfc1123Label(ns, 'namespace');
  const entry = repo.inventory.namespaces.find((n) => n.name === ns);
  if (!entry)
    throw new OpfError(
      'OPF_ERR_GITOPS_NAMESPACE_UNKNOWN',
      `namespace "${ns}" is not in the repository`,
    );
  return entry;
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Bind a group to admin, edit or view in a namespace (creating the role-binding component). */
export function planGrantAccess(repo: Repository, ns: string, group: string, role: string): Plan {
  requireNamespace(repo, ns);
  assertRfc1123Label(group, 'group');
  if (!isRole(role))
    throw new OpfError(
      'OPF_ERR_GITOPS_ROLE_INVALID',
      `role "${role}" is not one of ${ROLES.join(', ')}`,
    );
  if (!repo.inventory.groups.some((g) => g.name === group))
    throw new OpfError('OPF_ERR_GITOPS_GROUP_UNKNOWN', `group "${group}" is not in the repository`);
  const draft = new Draft(repo.fs);
  addToNamespace(repo, draft, ns, ensureRoleBinding(draft, role, group));
  return {
    summary: `Grant ${role} on namespace ${ns} to group ${group}`,
    changes: draft.changes(),
  };
}

/** Let the cluster's monitoring read the namespace (the monitoring-rbac component). */
export function planEnableMonitoring(repo: Repository, ns: string): Plan {
  requireNamespace(repo, ns);
  const draft = new Draft(repo.fs);
  addToNamespace(repo, draft, ns, MONITORING_DIR);
  return { summary: `Enable monitoring of namespace ${ns}`, changes: draft.changes() };
}

export { requireNamespace };
