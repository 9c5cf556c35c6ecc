import { posix } from 'node:path';
import { type ErrorCode, OpfError, quantityProblem, rfc1123LabelProblem } from '../core/index.ts';
import { importFrom } from './import.ts';
import type { Inventory } from './inventory.ts';
import { isOutside, KUSTOMIZATION_NAMES, resolveRef } from './layout.ts';
import { type RepoFs, walkFiles } from './repo-fs.ts';
import { readTreeFs, readTreeFsInParallel } from './tree-fs.ts';
import {
  isYamlFile,
  type Kustomization,
  parseAhead,
  parseKustomization,
  parseYamlText,
  type YamlFile,
  yamlErrorOf,
} from './yaml-read.ts';

/** One problem in the repository, located by the path it concerns. */
export interface Finding {
  code: ErrorCode;
  /** The file or directory at fault (repo-relative). */
  path: string;
  message: string;
  /** The file that refers to `path`, when the problem is a reference. */
  source?: string;
}

export interface ValidateOptions {
  /** env/name: only findings in what that cluster's overlay reaches. */
  cluster?: string;
}

export function validateRepository(dir: string, options: ValidateOptions = {}): Finding[] {
  return validateFs(readTreeFs(dir), options);
}

/** validateRepository for a command: the files read on a worker thread (openRepositoryInParallel). */
export async function validateRepositoryInParallel(
  dir: string,
  options: ValidateOptions = {},
): Promise<Finding[]> {
  return validateFs(await readTreeFsInParallel(dir, parseAhead), options);
}

export function validateFs(fs: RepoFs, options: ValidateOptions = {}): Finding[] {
  const inventory = importFrom(fs);
  const findings: Finding[] = [];
  const kustomizations = new Map<string, Kustomization>();
  for (const path of walkFiles(fs, '')) {
    if (!isYamlFile(path)) continue;
    const isKustomization = KUSTOMIZATION_NAMES.includes(posix.basename(path));
    const text = fs.readText(path) ?? '';
    const file = isKustomization ? parseYamlText(path, text) : { error: yamlErrorOf(path, text) };
    if (file.error) {
      findings.push({
        code: 'OPF_ERR_GITOPS_YAML_INVALID',
        path,
        message: `${path}: ${file.error}`,
      });
      continue;
    }
    if (isKustomization) {
      const k = parseKustomization(file as YamlFile);
      kustomizations.set(k.dir, k);
      findings.push(...referenceFindings(fs, k));
    }
  }
  findings.push(...inventoryFindings(inventory));
  const sorted = findings.sort(
    (a, b) => a.path.localeCompare(b.path) || a.code.localeCompare(b.code),
  );
  if (options.cluster === undefined) return sorted;
  const scope = clusterScope(fs, inventory, kustomizations, options.cluster);
  return sorted.filter((f) => inScope(scope, f.source ?? f.path) || inScope(scope, f.path));
}

function referenceFindings(fs: RepoFs, k: Kustomization): Finding[] {
  const out: Finding[] = [];
  const entries = [
    ...k.resources.map((ref) => ({ field: 'resources', ref })),
    ...k.components.map((ref) => ({ field: 'components', ref })),
    ...k.fileRefs,
  ];
  for (const { field, ref } of entries) {
    const target = resolveRef(k.dir, ref);
    if (target === undefined) continue;
    if (isOutside(target)) {
      out.push({
        code: 'OPF_ERR_GITOPS_PATH_OUTSIDE',
        path: k.path,
        source: k.path,
        message: `${k.path}: ${field} entry "${ref}" points outside the repository`,
      });
    } else if (fs.kind(target) === undefined) {
      const code =
        field === 'components' ? 'OPF_ERR_GITOPS_COMPONENT_MISSING' : 'OPF_ERR_GITOPS_PATH_MISSING';
      out.push({
        code,
        path: target,
        source: k.path,
        message: `${k.path} lists ${field} entry "${ref}", but ${target} does not exist`,
      });
    }
  }
  return out;
}

function inventoryFindings(inventory: Inventory): Finding[] {
  const out: Finding[] = [];
  const name = (kind: string, value: string, path: string) => {
    const problem = rfc1123LabelProblem(value);
    if (problem)
      out.push({
        code: 'OPF_ERR_GITOPS_NAME_INVALID',
        path,
        message: `${kind} "${value}" ${problem} (RFC 1123 label)`,
      });
  };
  for (const ns of inventory.namespaces) name('namespace', ns.name, ns.path);
  for (const group of inventory.groups) name('group', group.name, group.path);
  const quantities = (path: string, hard: Record<string, string>) => {
    for (const [resource, value] of Object.entries(hard)) {
      const problem = quantityProblem(value);
      if (problem)
        out.push({
          code: 'OPF_ERR_GITOPS_QUANTITY_INVALID',
          path,
          message: `${path}: ${resource} "${value}" ${problem}`,
        });
    }
  };
  for (const tier of inventory.tiers) quantities(tier.path, tier.hard);
  for (const ns of inventory.namespaces)
    if (ns.customQuota) quantities(ns.customQuota.path, ns.customQuota.hard);
  const groups = new Set(inventory.groups.map((g) => g.name));
  for (const binding of inventory.roleBindings)
    for (const subject of binding.subjects)
      if (!groups.has(subject))
        out.push({
          code: 'OPF_ERR_GITOPS_GROUP_MISSING',
          path: binding.path,
          message: `${binding.path} binds group "${subject}", which has no directory under base/user.openshift.io/groups`,
        });
  for (const ns of inventory.namespaces)
    if (ns.objectName !== undefined && ns.objectName !== ns.name)
      out.push({
        code: 'OPF_ERR_GITOPS_NAMESPACE_MISNAMED',
        path: ns.path,
        message: `${ns.path} makes namespace "${ns.objectName}": a namespace directory should carry the namespace's own name (overlays, opf and people find namespaces by directory)`,
      });
  for (const cluster of inventory.clusters)
    for (const ns of cluster.duplicates)
      out.push({
        code: 'OPF_ERR_GITOPS_NAMESPACE_TWICE',
        path: cluster.path,
        message: `namespace "${ns}" reaches cluster ${cluster.env}/${cluster.name} more than once`,
      });
  return out;
}

/** Every directory the cluster's overlay reaches through resources, bases and components. */
function clusterScope(
  fs: RepoFs,
  inventory: Inventory,
  kustomizations: Map<string, Kustomization>,
  cluster: string,
): Set<string> {
  const entry = inventory.clusters.find((c) => `${c.env}/${c.name}` === cluster.toLowerCase());
  if (!entry)
    throw new OpfError(
      'OPF_ERR_GITOPS_CLUSTER_UNKNOWN',
      `no cluster overlay for "${cluster}"; known: ${inventory.clusters.map((c) => `${c.env}/${c.name}`).join(', ')}`,
    );
  const scope = new Set<string>();
  const queue = [entry.path];
  while (queue.length > 0) {
    const dir = queue.pop()!;
    if (scope.has(dir)) continue;
    scope.add(dir);
    const k = kustomizations.get(dir);
    if (!k) continue;
    const refs = [...k.resources, ...k.components, ...k.fileRefs.map((r) => r.ref)];
    for (const ref of refs) {
      const target = resolveRef(dir, ref);
      if (target === undefined || isOutside(target)) continue;
      if (fs.kind(target) === 'dir') queue.push(target);
      else scope.add(target);
    }
  }
  return scope;
}

function inScope(scope: Set<string>, path: string): boolean {
  return scope.has(path) || scope.has(posix.dirname(path));
}
