import type { BindingComponentEntry, BindingSubject, NamespaceEntry } from './inventory.ts';
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
import {
  findKind,
  isObject,
  type Kustomization,
  readKustomization,
  stringMap,
  type YamlFile,
} from './yaml-read.ts';

const MODELLED_FIELDS = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'components']);

type Read = (path: string) => YamlFile | undefined;
type Consume = (path: string) => void;
type ReadKustomization = (dir: string) => Kustomization | undefined;

/** Binding components found so far, by directory (null: looked at, binds nothing). */
type Bindings = Map<string, BindingComponentEntry | null>;

/**
 * Every directory under base/core/namespaces, including the platform-created ones, and the
 * binding components they list.
 */
export function readNamespaces(
  fs: RepoFs,
  read: Read,
  consume: Consume,
  kustomization: ReadKustomization,
): { namespaces: NamespaceEntry[]; bindingComponents: BindingComponentEntry[] } {
  const out: NamespaceEntry[] = [];
  const bindings: Bindings = new Map();
  const context = { fs, read, consume, kustomization, bindings };
  for (const dirName of fs.list(NAMESPACES_DIR)) {
    const path = `${NAMESPACES_DIR}/${dirName}`;
    if (fs.kind(path) !== 'dir') continue;
    out.push(readNamespace(path, dirName, context, kustomization(path)));
  }
  const found = [...bindings.values()].filter((b): b is BindingComponentEntry => b !== null);
  return { namespaces: out, bindingComponents: found.sort((a, b) => a.path.localeCompare(b.path)) };
}

interface Context {
  fs: RepoFs;
  read: Read;
  consume: Consume;
  kustomization: ReadKustomization;
  bindings: Bindings;
}

function readNamespace(
  path: string,
  dirName: string,
  { fs, read, consume, bindings }: Context,
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
    bindingComponents: [],
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
    else if (bindingComponent(fs, read, consume, bindings, target))
      entry.bindingComponents.push(target);
    else entry.otherEntries.push(ref);
  }
  return entry;
}

/**
 * A directory outside the namespace whose kustomization lists only RoleBindings and the Roles
 * they bind (files or nothing else): read as kustomize builds it, once per directory.
 */
function bindingComponent(
  fs: RepoFs,
  read: Read,
  consume: Consume,
  bindings: Bindings,
  dir: string,
): boolean {
  if (!bindings.has(dir)) bindings.set(dir, readBindingComponent(fs, read, consume, dir));
  return bindings.get(dir) !== null;
}

function readBindingComponent(
  fs: RepoFs,
  read: Read,
  consume: Consume,
  dir: string,
): BindingComponentEntry | null {
  if (fs.kind(dir) !== 'dir') return null;
  // Read without marking it modelled: a directory that turns out to bind nothing stays unmodelled.
  const k = readKustomization(fs, dir);
  if (!k || k.fileRefs.length > 0 || k.components.length > 0 || k.namespace !== undefined)
    return null;
  const files = k.resources.map((ref) => resolveRef(dir, ref));
  if (files.some((f) => f === undefined || !f.startsWith(`${dir}/`) || fs.kind(f) !== 'file'))
    return null;
  const entry: BindingComponentEntry = { path: dir, bindings: [] };
  for (const file of files as string[]) {
    const docs = read(file)?.docs ?? [];
    if (!docs.every((d) => isObject(d) && (d.kind === 'RoleBinding' || d.kind === 'Role')))
      return null;
    for (const doc of docs) {
      if (!isObject(doc) || doc.kind !== 'RoleBinding') continue;
      const meta = isObject(doc.metadata) ? doc.metadata : {};
      const roleRef = isObject(doc.roleRef) ? doc.roleRef : {};
      entry.bindings.push({
        name: String(meta.name ?? ''),
        roleRef: { kind: String(roleRef.kind ?? ''), name: String(roleRef.name ?? '') },
        subjects: (Array.isArray(doc.subjects) ? doc.subjects : []).filter(isObject).map(subject),
      });
    }
  }
  if (entry.bindings.length === 0) return null;
  for (const file of [k.path, ...(files as string[])]) consume(file);
  return entry;
}

function subject(s: Record<string, unknown>): BindingSubject {
  return {
    kind: String(s.kind ?? ''),
    name: String(s.name ?? ''),
    ...(typeof s.namespace === 'string' && { namespace: s.namespace }),
  };
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
