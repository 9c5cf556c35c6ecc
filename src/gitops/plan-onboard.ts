import {
  assertRfc1123Label,
  type NamespaceSpec,
  normaliseClusterRef,
  type OnboardSpec,
  OpfError,
} from '../core/index.ts';
import type { Plan } from './changes.ts';
import { Draft } from './draft.ts';
import { clusterDir, namespaceDir } from './layout.ts';
import { planArgocd } from './plan-argocd.ts';
import { assertTier, listInOverlay, writeNamespace } from './plan-namespace.ts';
import { ensureGroup, ensureRoleBinding } from './plan-steps.ts';
import type { Repository } from './repository.ts';

export interface OnboardOptions {
  /** Where the request lives in opf (op1st/onboarding-issue). */
  requestUrl?: string;
  /** The ops team's group, project admin of every team's AppProject (default operate-first). */
  opsGroup?: string;
}

/** The files an onboarding request adds or changes; nothing is written. */
export function planOnboarding(
  repo: Repository,
  request: OnboardSpec,
  options: OnboardOptions = {},
): Plan {
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
    if (ns.tier !== undefined) assertTier(repo, ns.tier);
  }

  const draft = new Draft(repo.fs);
  const owner = request.team.owner;
  // No users at all (an opfcli file without `users`): the group is written empty, as opfcli did.
  ensureGroup(draft, team, [...request.team.members, ...(owner !== undefined ? [owner] : [])]);
  const binding = ensureRoleBinding(draft, 'admin', team);
  for (const ns of request.namespaces) {
    writeNamespace(repo, draft, {
      name: ns.name,
      annotations: annotations(request, ns, options),
      binding,
      ...(ns.tier !== undefined && { tier: ns.tier }),
      ...(ns.customQuota !== undefined && { customQuota: ns.customQuota }),
      limitRange: ns.limitRange,
      monitoring: ns.monitoring,
    });
    listInOverlay(draft, clusterOf(repo, ns.cluster), namespaceDir(ns.name));
  }
  planArgocd(draft, request, options.opsGroup ?? 'operate-first');
  const names = request.namespaces.map((n) => `${n.name} (${normaliseClusterRef(n.cluster)})`);
  return {
    summary: `Onboard team ${team}: namespace ${names.join(', ')}`,
    changes: draft.changes(),
  };
}

/**
 * openshift.io/requester names the team (its group), as opfcli wrote it and as nearly every
 * namespace of the real repository has it; the person answering for it is op1st/project-owner.
 */
function annotations(
  request: OnboardSpec,
  ns: NamespaceSpec,
  options: OnboardOptions,
): Record<string, string> {
  const docs = request.project.docsUrl;
  return {
    'openshift.io/requester': request.team.name,
    'openshift.io/display-name': ns.displayName ?? request.project.displayName ?? ns.name,
    'openshift.io/description': ns.description ?? request.project.description,
    ...(request.team.owner !== undefined && { 'op1st/project-owner': request.team.owner }),
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
