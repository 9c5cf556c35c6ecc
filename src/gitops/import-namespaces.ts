import type { NamespaceEntry } from './inventory.ts';
import {
  LIMIT_RANGE_DIR,
  MONITORING_DIR,
  NAMESPACES_DIR,
  parseRoleBindingPath,
  type Role,
  resolveRef,
  TIERS_DIR,
} from './layout.ts';
import type { RepoFs } from './repo-fs.ts';
import { findKind, isObject, type Kustomization, stringMap, type YamlFile } from './yaml-read.ts';

const MODELLED_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'components']);

type Read = (path: string) => YamlFile | undefined;
type Consume = (path: string) => void;
type ReadKustomization = (dir: string) => Kustomization | undefined;

/** Every directory under base/core/namespaces, including the platform-created ones. */
export function readNamespaces(
  fs: RepoFs,
  read: Read,
  consume: Consume,
  kustomization: ReadKustomization,
): NamespaceEntry[] {
  const out: NamespaceEntry[] = [];
  for (const dirName of fs.list(NAMESPACES_DIR)) {
    const path = `${NAMESPACES_DIR}/${dirName}`;
    if (fs.kind(path) !== 'dir') continue;
    out.push(readNamespace(path, dirName, read, consume, kustomization(path)));
  }
  return out;
}

function readNamespace(
  path: string,
  dirName: string,
  read: Read,
  consume: Consume,
  k: Kustomization | undefined,
): NamespaceEntry {
  const entry: NamespaceEntry = {
    // The directory name is the namespace's identity in the layout: overlays list directories.
    name: dirName,
    path,
    hasNamespaceFile: false,
    annotations: {},
    limitRange: false,
    monitoring: false,
    roleBindings: { admin: [], edit: [], view: [] },
    otherEntries: [],
    otherFields: Object.keys(k?.data ?? {}).filter((key) => !MODELLED_FIELDS.has(key)),
    clusters: [],
    ...(k?.namespace !== undefined && { objectName: k.namespace }),
  };
  for (const ref of [...(k?.resources ?? []), ...(k?.components ?? [])]) {
    const target = resolveRef(path, ref);
    if (target === undefined) {
      entry.otherEntries.push(ref);
      continue;
    }
    if (target === LIMIT_RANGE_DIR) entry.limitRange = true;
    else if (target === MONITORING_DIR) entry.monitoring = true;
    else if (target.startsWith(`${TIERS_DIR}/`)) entry.tier = target.slice(TIERS_DIR.length + 1);
    else if (parseRoleBindingPath(target)) {
      const { role, group } = parseRoleBindingPath(target)!;
      entry.roleBindings[role as Role].push(group);
    } else if (target.startsWith(`${path}/`) && interpretLocalFile(entry, target, read(target)))
      consume(target);
    else entry.otherEntries.push(ref);
  }
  return entry;
}

/** Namespace and ResourceQuota files inside the namespace directory; false if neither. */
function interpretLocalFile(
  entry: NamespaceEntry,
  path: string,
  file: YamlFile | undefined,
): boolean {
  const namespace = findKind(file, 'Namespace');
  if (namespace) {
    const meta = isObject(namespace.metadata) ? namespace.metadata : {};
    entry.hasNamespaceFile = true;
    if (typeof meta.name === 'string') entry.objectName = meta.name;
    entry.annotations = stringMap(meta.annotations);
    const display = entry.annotations['openshift.io/display-name'];
    const requester = entry.annotations['openshift.io/requester'];
    if (display !== undefined) entry.displayName = display;
    if (requester !== undefined) entry.requester = requester;
    return true;
  }
  const quota = findKind(file, 'ResourceQuota');
  if (quota) {
    const meta = isObject(quota.metadata) ? quota.metadata : {};
    entry.customQuota = {
      path,
      name: String(meta.name ?? ''),
      hard: stringMap(isObject(quota.spec) ? quota.spec.hard : {}),
    };
    return true;
  }
  return false;
}
