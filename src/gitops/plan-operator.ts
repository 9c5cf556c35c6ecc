import { assertRfc1123Label, OpfError } from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import { namespaceDir, OPERATOR_GROUPS_DIR, SUBSCRIPTIONS_DIR } from './layout.ts';
import { listInOverlay, namespaceExists, writeNamespace } from './plan-namespace.ts';
import { clusterOf } from './plan-onboard.ts';
import { ensureGroup, ensureRoleBinding } from './plan-steps.ts';
import { renderNamespaceKustomization, renderOperatorGroup, renderSubscription } from './render.ts';
import { walkFiles } from './repo-fs.ts';
import type { Repository } from './repository.ts';
import { findKind, isObject, readKustomization, readYaml } from './yaml-read.ts';

export interface InstallOperatorOptions {
  /** Where the operator runs (opfcli's default: openshift-operators). */
  namespace?: string;
  /** The group owning the namespace when it has to be created (opfcli's default: operate-first). */
  owner?: string;
  channel?: string;
  /** installPlanApproval Manual instead of Automatic. */
  manual?: boolean;
  /** The OperatorGroup targets its own namespace only (SingleNamespace install mode). */
  singleNamespace?: boolean;
  /** opf's addition: list what is installed in this cluster's overlay (env/name). */
  cluster?: string;
}

export const DEFAULT_OPERATOR_NAMESPACE = 'openshift-operators';
export const DEFAULT_OPERATOR_OWNER = 'operate-first';

/**
 * opfcli's install-operator: the namespace when missing (no limit range, the owner group as
 * admin), an OperatorGroup for it unless one is there already, and the Subscription, under
 * cluster-scope/base/operators.coreos.com/. A subscription of that name with other settings
 * is refused rather than overwritten.
 */
export function planInstallOperator(
  repo: Repository,
  name: string,
  catalog: string,
  options: InstallOperatorOptions = {},
): Plan {
  const ns = options.namespace ?? DEFAULT_OPERATOR_NAMESPACE;
  const owner = options.owner ?? DEFAULT_OPERATOR_OWNER;
  assertRfc1123Label(name, 'operator');
  assertRfc1123Label(catalog, 'catalog source');
  assertRfc1123Label(ns, 'namespace');
  assertRfc1123Label(owner, 'group');
  if (options.channel !== undefined && !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(options.channel))
    throw new OpfError(
      'OPF_ERR_VALIDATION',
      `channel "${options.channel}" is not a channel name (letters, digits, '.', '_', '-')`,
    );
  const overlay = options.cluster !== undefined ? clusterOf(repo, options.cluster) : undefined;
  const draft = new Draft(repo.fs);
  const listed: string[] = [];

  if (!namespaceExists(repo, ns)) {
    ensureGroup(draft, owner, []);
    writeNamespace(repo, draft, {
      name: ns,
      annotations: { 'openshift.io/requester': owner },
      binding: ensureRoleBinding(draft, 'admin', owner),
      limitRange: false,
      monitoring: false,
    });
    listed.push(namespaceDir(ns));
  }

  const groupDir = operatorGroupOf(repo, ns) ?? `${OPERATOR_GROUPS_DIR}/${ns}`;
  if (!draft.exists(groupDir)) {
    draft.write(
      `${groupDir}/operatorgroup.yaml`,
      renderOperatorGroup(ns, options.singleNamespace ? [ns] : []),
    );
    draft.write(
      `${groupDir}/kustomization.yaml`,
      renderNamespaceKustomization(ns, ['operatorgroup.yaml'], []),
    );
  }
  listed.push(groupDir);

  const subDir = `${SUBSCRIPTIONS_DIR}/${name}`;
  const files = {
    [`${subDir}/subscription.yaml`]: renderSubscription(
      name,
      catalog,
      options.channel,
      options.manual ? 'Manual' : 'Automatic',
    ),
    [`${subDir}/kustomization.yaml`]: renderNamespaceKustomization(ns, ['subscription.yaml'], []),
  };
  if (repo.fs.kind(subDir) === undefined)
    for (const [path, text] of Object.entries(files)) draft.write(path, text);
  else if (walkFiles(repo.fs, subDir).some((path) => repo.fs.readText(path) !== files[path]))
    throw new OpfError(
      'OPF_ERR_GITOPS_SUBSCRIPTION_EXISTS',
      `a subscription "${name}" exists already (${subDir}) with other settings; change it by hand`,
    );
  listed.push(subDir);

  if (overlay) for (const dir of listed) listInOverlay(draft, overlay, dir);
  return {
    summary: `Install operator ${name} from ${catalog} in namespace ${ns}${overlay ? ` on ${options.cluster}` : ''}`,
    changes: draft.changes(),
  };
}

/**
 * The directory of the OperatorGroup already serving a namespace, if any: a namespace has at
 * most one, and the real repository names them freely (openshift-operators' is global-operators).
 */
function operatorGroupOf(repo: Repository, ns: string): string | undefined {
  return repo.fs
    .list(OPERATOR_GROUPS_DIR)
    .map((name) => `${OPERATOR_GROUPS_DIR}/${name}`)
    .find((dir) => {
      const kustomization = readKustomization(repo.fs, dir);
      if (kustomization?.namespace !== undefined) return kustomization.namespace === ns;
      // No namespace: from the kustomization: the objects may say it themselves.
      return walkFiles(repo.fs, dir).some((path) => {
        const group = findKind(readYaml(repo.fs, path), 'OperatorGroup');
        return isObject(group?.metadata) && group.metadata.namespace === ns;
      });
    });
}
