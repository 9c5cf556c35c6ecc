import { posix } from 'node:path';

/** Where things live in an apps repository in the Operate First layout (repo-relative). */
export const ROOT = 'cluster-scope';
export const NAMESPACES_DIR = `${ROOT}/base/core/namespaces`;
export const GROUPS_DIR = `${ROOT}/base/user.openshift.io/groups`;
export const COMPONENTS_DIR = `${ROOT}/components`;
export const TIERS_DIR = `${COMPONENTS_DIR}/resourcequotas`;
export const LIMIT_RANGE_DIR = `${COMPONENTS_DIR}/limitranges/default`;
export const MONITORING_DIR = `${COMPONENTS_DIR}/monitoring-rbac`;
export const OVERLAYS_DIR = `${ROOT}/overlays/prod`;
export const COMMON_OVERLAY_DIR = `${OVERLAYS_DIR}/common`;
export const APPPROJECTS_DIR = 'argocd/overlays/moc-infra/projects';
/** OLM objects, where opfcli's install-operator put them. */
export const OPERATOR_GROUPS_DIR = `${ROOT}/base/operators.coreos.com/operatorgroups`;
export const SUBSCRIPTIONS_DIR = `${ROOT}/base/operators.coreos.com/subscriptions`;

/** Marks a per-cluster quota patch with the tier it sets. */
export const QUOTA_TIER_ANNOTATION = 'op1st/quota-tier';

export const ROLES = ['admin', 'edit', 'view'] as const;
export type Role = (typeof ROLES)[number];

export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Directories opf keeps its own transaction state in; never part of the repository's content. */
export const PRIVATE_DIRS = new Set(['.git', '.opf-txn']);

export function namespaceDir(ns: string): string {
  return `${NAMESPACES_DIR}/${ns}`;
}
export function groupDir(group: string): string {
  return `${GROUPS_DIR}/${group}`;
}
export function roleBindingsDir(role: Role): string {
  return `${COMPONENTS_DIR}/project-${role}-rolebindings`;
}
export function roleBindingDir(role: Role, group: string): string {
  return `${roleBindingsDir(role)}/${group}`;
}
export function tierDir(tier: string): string {
  return `${TIERS_DIR}/${tier}`;
}
export function clusterDir(env: string, name: string): string {
  return `${OVERLAYS_DIR}/${env}/${name}`;
}

/** The reference from `fromDir` to `target`, as kustomizations write it. */
export function relativeRef(fromDir: string, target: string): string {
  return posix.relative(fromDir, target);
}

/**
 * Resolve a kustomization entry against its directory. Remote references (URLs, github.com/...)
 * resolve to undefined; the result may start with `..` when it leaves the repository.
 */
export function resolveRef(dir: string, ref: string): string | undefined {
  if (/^[a-z]+:\/\//i.test(ref) || ref.startsWith('github.com/') || ref.startsWith('git@'))
    return undefined;
  // posix.join keeps a leading slash only when `dir` is empty: leave that case to it.
  if (dir === '' || dir.startsWith('/')) return normalizedJoin(dir, ref);
  return joinSegments(dir, ref);
}

/** A path with an empty, `.` or `..` segment, or a trailing slash. */
const UNCLEAN = /(?:^|\/)\.{0,2}(?:\/|$)/;

/** What resolveRef answered before its fast path; the fast path is held to it by a test. */
export function normalizedJoin(dir: string, ref: string): string {
  const joined = posix.normalize(posix.join(dir, ref));
  return joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/**
 * posix.normalize(posix.join(dir, ref)) without the trailing slash, for a relative `dir`, in
 * one pass over the segments: resolving every kustomization entry through node:path was a
 * tenth of a whole validation's time on large repositories.
 */
function joinSegments(dir: string, ref: string): string {
  // The usual entry: `../`s, then a clean path, from a clean directory. Drop one directory
  // segment per `../`; anything else takes the general way below.
  if (!UNCLEAN.test(dir)) {
    let base = dir;
    let rest = ref;
    while (rest.startsWith('../') && base !== '') {
      const slash = base.lastIndexOf('/');
      base = slash < 0 ? '' : base.slice(0, slash);
      rest = rest.slice(3);
    }
    if (rest !== '' && !rest.startsWith('../') && !UNCLEAN.test(rest))
      return base === '' ? rest : `${base}/${rest}`;
  }
  const out: string[] = [];
  for (const part of `${dir}/${ref}`.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && out.length > 0 && out[out.length - 1] !== '..') out.pop();
    else out.push(part);
  }
  return out.length === 0 ? '.' : out.join('/');
}

export function isOutside(path: string): boolean {
  return path === '..' || path.startsWith('../') || posix.isAbsolute(path);
}

/** The role-binding component a path names, if it is one. */
export function parseRoleBindingPath(path: string): { role: Role; group: string } | undefined {
  const match = /^cluster-scope\/components\/project-(admin|edit|view)-rolebindings\/([^/]+)$/.exec(
    path,
  );
  return match ? { role: match[1] as Role, group: match[2]! } : undefined;
}
