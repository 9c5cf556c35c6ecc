import {
  type Cluster,
  clusterId,
  type ErrorDetail,
  mergeUsers,
  missingTerms,
  normaliseClusterRef,
  OpfError,
  type RequestSpec,
  type TermsVersion,
} from '../core/index.ts';
import {
  findCurrentTerms,
  findNamespaceClaims,
  findProject,
  findProjectsOfTeam,
  listClusters,
  listQuotaTiers,
  type TxContext,
} from '../store/index.ts';
import { sameLogin } from './context.ts';

/**
 * Check a request against what the cloud has (clusters, tiers, the current terms, names
 * already taken) and return it normalised: cluster references as `env/name`, tiers lowercase.
 * `requestId` is the request being edited, whose own claims do not count against it.
 */
export async function checkRequestAgainstCloud(
  ctx: TxContext,
  spec: RequestSpec,
  options: {
    requestId?: number;
    requireTerms: boolean;
  },
): Promise<RequestSpec> {
  const [clusters, tiers] = await Promise.all([listClusters(ctx), listQuotaTiers(ctx)]);
  const namespaces = spec.namespaces.map((ns, index) => {
    if (ns.tier !== undefined && ns.customQuota !== undefined)
      throw problem(
        'OPF_ERR_QUOTA_AMBIGUOUS',
        index,
        `namespace "${ns.name}" gives both a tier and a custom quota; give one`,
      );
    const cluster = findCluster(clusters, ns.cluster);
    if (!cluster)
      throw problem(
        'OPF_ERR_CLUSTER_UNKNOWN',
        index,
        `namespace "${ns.name}": unknown cluster "${ns.cluster}"; known: ${clusters.map(clusterId).join(', ')}`,
        'cluster',
      );
    const tier = ns.tier?.toLowerCase() ?? (ns.customQuota ? undefined : 'x-small');
    if (tier !== undefined && !tiers.some((t) => t.name === tier))
      throw problem(
        'OPF_ERR_QUOTA_TIER_UNKNOWN',
        index,
        `namespace "${ns.name}": unknown quota tier "${ns.tier}"; known: ${tiers.map((t) => t.name).join(', ')}, or a customQuota`,
        'tier',
      );
    return { ...ns, cluster: clusterId(cluster), ...(tier !== undefined && { tier }) };
  });

  const seen = new Set<string>();
  namespaces.forEach((ns, index) => {
    if (seen.has(ns.name))
      throw problem('OPF_ERR_NAMESPACE_DUPLICATE', index, `namespace "${ns.name}" is listed twice`);
    seen.add(ns.name);
  });

  const claims = await findNamespaceClaims(ctx, [...seen]);
  const taken = claims.filter(
    (claim) => claim.requestId === null || claim.requestId !== options.requestId,
  );
  if (taken.length > 0) {
    const first = taken[0]!;
    const by =
      first.requestId === null
        ? `already present on ${first.clusterId}`
        : `already requested by request ${first.requestId}`;
    throw new OpfError(
      'OPF_ERR_NAMESPACE_TAKEN',
      `namespace "${first.name}" is ${by} (project ${first.projectName})`,
      taken.map((claim) => ({
        path: 'namespaces',
        message: `"${claim.name}" is taken`,
        code: 'OPF_ERR_NAMESPACE_TAKEN',
      })),
    );
  }

  await checkProjectFree(ctx, spec.project.name, options.requestId);
  await checkTeamFree(ctx, spec.project.name, spec.team);
  if (options.requireTerms) await checkTermsAccepted(ctx, spec);
  // Users are one person whatever the casing: keep the first spelling of each.
  const team = { ...spec.team, members: mergeUsers(spec.team.members) };
  return { ...spec, team, namespaces };
}

function findCluster(clusters: readonly Cluster[], ref: string): Cluster | undefined {
  const wanted = normaliseClusterRef(ref);
  return clusters.find((cluster) => clusterId(cluster) === wanted);
}

/**
 * A team is a group in the repository: whoever is in it administers every namespace bound
 * to it. Another project's team may be named only with its owner (a second project of one
 * team). Whether its owner must consent is settled apart (team-consent.ts): anyone else
 * naming it with its real owner, and adding themselves, waits for that owner's yes.
 */
async function checkTeamFree(
  ctx: TxContext,
  project: string,
  team: { name: string; owner: string },
): Promise<void> {
  const others = (await findProjectsOfTeam(ctx, team.name)).filter((p) => p.name !== project);
  const foreign = others.find((p) => !sameLogin(p.owner, team.owner));
  if (foreign)
    throw new OpfError(
      'OPF_ERR_TEAM_TAKEN',
      `team "${team.name}" belongs to project ${foreign.name} (owner ${foreign.owner}); ask its owner to add you, or name another team`,
      [
        {
          path: 'team.name',
          message: 'team belongs to another project',
          code: 'OPF_ERR_TEAM_TAKEN',
        },
      ],
    );
}

async function checkProjectFree(
  ctx: TxContext,
  name: string,
  requestId: number | undefined,
): Promise<void> {
  const project = await findProject(ctx, name);
  if (!project) return;
  if (project.status === 'closed' || project.status === 'offboarded') return;
  if (requestId !== undefined && project.latestRequestId === requestId) return;
  throw new OpfError(
    'OPF_ERR_PROJECT_EXISTS',
    `project "${name}" already exists (${project.status}${project.latestRequestId ? `, request ${project.latestRequestId}` : ''})`,
    [{ path: 'project.name', message: 'project exists', code: 'OPF_ERR_PROJECT_EXISTS' }],
  );
}

export async function checkTermsAccepted(ctx: TxContext, spec: RequestSpec): Promise<TermsVersion> {
  const current = await findCurrentTerms(ctx);
  if (!current)
    throw new OpfError(
      'OPF_ERR_INTERNAL',
      'no terms are published; an admin must publish terms first',
    );
  if (spec.terms.version !== current.version)
    throw new OpfError(
      'OPF_ERR_TERMS_VERSION_STALE',
      `the request accepts terms version "${spec.terms.version}" but the current version is "${current.version}"`,
      [
        {
          path: 'terms.version',
          message: `current version is ${current.version}`,
          code: 'OPF_ERR_TERMS_VERSION_STALE',
        },
      ],
    );
  const missing = missingTerms(current, spec.terms.accepted);
  if (missing.length > 0)
    throw new OpfError(
      'OPF_ERR_TERMS_NOT_ACCEPTED',
      `every term must be accepted; not accepted: ${missing.map((term) => `${term.id} (${term.title})`).join(', ')}`,
      missing.map((term) => ({
        path: 'terms.accepted',
        message: `${term.id} not accepted`,
        code: 'OPF_ERR_TERMS_NOT_ACCEPTED',
      })),
    );
  return current;
}

function problem(
  code: ErrorDetail['code'] & string,
  index: number,
  message: string,
  field = 'name',
): OpfError {
  return new OpfError(code, message, [{ path: `namespaces[${index}].${field}`, message, code }]);
}
