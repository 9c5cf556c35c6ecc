import {
  assertRfc1123Label,
  type NamespaceSpec,
  normaliseClusterRef,
  OpfError,
  type RequestSpec,
} from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import {
  clusterDir,
  LIMIT_RANGE_DIR,
  MONITORING_DIR,
  namespaceDir,
  relativeRef,
  tierDir,
} from './layout.ts';
import { planArgocd } from './plan-argocd.ts';
import {
  ensureGroup,
  ensureRoleBinding,
  isPlainKustomization,
  kustomizationPath,
} from './plan-steps.ts';
import { renderCustomQuota, renderNamespace, renderNamespaceKustomization } from './render.ts';
import { walkFiles } from './repo-fs.ts';
import type { Repository } from './repository.ts';
import { addListItem } from './yaml-edit.ts';

export interface OnboardOptions {
  /** Where the request lives in opf (op1st/onboarding-issue). */
  requestUrl?: string;
  /** Who asked (openshift.io/requester); the team's owner when not given. */
  requester?: string;
  /** The ops team's group, project admin of every team's AppProject (default operate-first). */
  opsGroup?: string;
}

/** The files an onboarding request adds or changes; nothing is written. */
export function planOnboarding(
  repo: Repository,
  request: RequestSpec,
  options: OnboardOptions = {},
): Plan {
  const { inventory } = repo;
  const team = request.team.name;
  assertRfc1123Label(team, 'team');
  const seen = new Set<string>();
  for (const ns of request.namespaces) {
    assertRfc1123Label(ns.name, 'namespace');
    if (seen.has(ns.name))
      throw new OpfError('OPF_ERR_NAMESPACE_DUPLICATE', `namespace "${ns.name}" is listed twice`);
    seen.add(ns.name);
    clusterOf(repo, ns.cluster);
    if (ns.tier !== undefined && ns.customQuota !== undefined)
      throw new OpfError(
        'OPF_ERR_QUOTA_AMBIGUOUS',
        `namespace "${ns.name}" gives both a tier and a custom quota`,
      );
    if (ns.tier !== undefined) {
      assertRfc1123Label(ns.tier, 'quota tier');
      if (!inventory.tiers.some((t) => t.name === ns.tier))
        throw new OpfError(
          'OPF_ERR_GITOPS_TIER_UNKNOWN',
          `quota tier "${ns.tier}" does not exist; known: ${inventory.tiers.map((t) => t.name).join(', ')}`,
        );
    }
  }

  const draft = new Draft(repo.fs);
  ensureGroup(draft, team, [...request.team.members, request.team.owner]);
  const binding = ensureRoleBinding(draft, 'admin', team);
  for (const ns of request.namespaces) {
    const dir = namespaceDir(ns.name);
    draft.write(
      `${dir}/namespace.yaml`,
      renderNamespace(ns.name, annotations(request, ns, options)),
    );
    const resources = ['namespace.yaml'];
    if (ns.customQuota) {
      resources.push('resourcequota.yaml');
      draft.write(
        `${dir}/resourcequota.yaml`,
        renderCustomQuota(`${ns.name}-custom`, ns.customQuota),
      );
    }
    const components: string[] = [];
    if (isPlainKustomization(repo, draft, binding)) resources.push(relativeRef(dir, binding));
    else components.push(binding);
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
    const overlay = clusterOf(repo, ns.cluster);
    const file = kustomizationPath(draft, overlay);
    draft.edit(file, (t) => addListItem(file, t, 'resources', relativeRef(overlay, dir)));
  }
  planArgocd(draft, request, options.opsGroup ?? 'operate-first');
  const names = request.namespaces.map((n) => `${n.name} (${normaliseClusterRef(n.cluster)})`);
  return {
    summary: `Onboard team ${team}: namespace ${names.join(', ')}`,
    changes: draft.changes(),
  };
}

/**
 * A namespace that exists already is refused, unless it is exactly what this request makes
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

function annotations(
  request: RequestSpec,
  ns: NamespaceSpec,
  options: OnboardOptions,
): Record<string, string> {
  const docs = request.project.docsUrl;
  return {
    'openshift.io/requester': options.requester ?? request.team.owner,
    'openshift.io/display-name': ns.displayName ?? request.project.displayName ?? ns.name,
    'openshift.io/description': ns.description ?? request.project.description,
    'op1st/project-owner': request.team.owner,
    ...(options.requestUrl !== undefined && { 'op1st/onboarding-issue': options.requestUrl }),
    ...(docs !== undefined && { 'op1st/docs': docs }),
  };
}

/** The overlay directory of env/name, which must exist. */
export function clusterOf(repo: Repository, ref: string): string {
  const [env = '', name = '', ...rest] = normaliseClusterRef(ref).split('/');
  const known = repo.inventory.clusters.map((c) => `${c.env}/${c.name}`);
  const unknown = () =>
    new OpfError(
      'OPF_ERR_GITOPS_CLUSTER_UNKNOWN',
      `cluster "${ref}" has no overlay in the repository; known: ${known.join(', ')}`,
    );
  if (rest.length > 0 || env === '' || name === '') throw unknown();
  assertRfc1123Label(env, 'cluster environment');
  assertRfc1123Label(name, 'cluster');
  if (!known.includes(`${env}/${name}`)) throw unknown();
  return clusterDir(env, name);
}
