import { execFile } from 'node:child_process';
import { cpus } from 'node:os';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { OpfError } from '../core/index.ts';
import type { FileChange } from './changes.ts';
import { importFrom } from './import.ts';
import { overlayFs, type RepoFs } from './repo-fs.ts';
import { schemaFindings } from './schema-check.ts';
import { readTreeFs } from './tree-fs.ts';
import { type Finding, type ValidateOptions, validateFs } from './validate.ts';
import { findKind, findKustomizationFile, readYaml } from './yaml-read.ts';

const run = promisify(execFile);

function key(f: Finding): string {
  return `${f.code}\u0000${f.path}\u0000${f.message}`;
}

export interface Judgement {
  /** Findings the change would add: any of these refuses it. */
  added: Finding[];
  /** Findings the repository already has and keeps after the change: reported, not blocking. */
  preExisting: Finding[];
}

/** Compare the findings of the repository before and after the change. */
export function judgeChange(fs: RepoFs, changes: readonly FileChange[]): Judgement {
  const before = new Set(validateFs(fs).map(key));
  const after = validateFs(overlayFs(fs, changes));
  return {
    added: [...after.filter((f) => !before.has(key(f))), ...schemaFindings(changes)],
    preExisting: after.filter((f) => before.has(key(f))),
  };
}

/** Findings the change would add; findings already in the repository do not count. */
export function newFindings(fs: RepoFs, changes: readonly FileChange[]): Finding[] {
  return judgeChange(fs, changes).added;
}

/**
 * Refuse a change that adds a finding (OPF_ERR_GITOPS_VALIDATION_FAILED, one detail each);
 * otherwise return the findings the repository already had.
 */
export function assertNoNewFindings(fs: RepoFs, changes: readonly FileChange[]): Finding[] {
  const { added, preExisting } = judgeChange(fs, changes);
  if (added.length === 0) return preExisting;
  throw new OpfError(
    'OPF_ERR_GITOPS_VALIDATION_FAILED',
    `the change would add ${added.length} finding(s), first: ${added[0]!.message}`,
    added.map((f) => ({ path: f.path, message: f.message, code: f.code })),
  );
}

/** The base and component directories a change creates or edits, for `kubectl kustomize`. */
export function touchedDirs(fs: RepoFs, changes: readonly FileChange[]): string[] {
  const dirs = new Set<string>();
  for (const change of changes) {
    // Overlays need plugins (ksops) and take seconds; bases and components build alone.
    if (change.action === 'delete' || !/^cluster-scope\/(base|components)\//.test(change.path))
      continue;
    const dir = posix.dirname(change.path);
    const file = findKustomizationFile(fs, dir);
    // A Component builds only inside a kustomization; the namespace using it exercises it.
    if (file && findKind(readYaml(fs, file), 'Component') === undefined) dirs.add(dir);
  }
  return [...dirs].sort();
}

export interface KustomizeResult {
  dir: string;
  ok: boolean;
  skipped?: string;
  message?: string;
}

/**
 * `kubectl kustomize` on each directory, a few at a time. Directories using generators
 * (ksops and other plugins) are skipped with the reason: they need plugins and secrets.
 */
export async function kustomizeDirs(
  root: string,
  fs: RepoFs,
  dirs: readonly string[],
): Promise<KustomizeResult[]> {
  const queue = [...dirs];
  const results: KustomizeResult[] = [];
  const worker = async () => {
    for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
      const file = findKustomizationFile(fs, dir);
      const data = readYaml(fs, file ?? '')?.docs[0] as Record<string, unknown> | undefined;
      if (data?.generators !== undefined || data?.transformers !== undefined) {
        results.push({
          dir,
          ok: true,
          skipped: 'uses generators or transformers (plugins such as ksops)',
        });
        continue;
      }
      try {
        await run('kubectl', ['kustomize', dir], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
        results.push({ dir, ok: true });
      } catch (error) {
        const err = error as NodeJS.ErrnoException & { stderr?: string };
        if (err.code === 'ENOENT')
          results.push({ dir, ok: true, skipped: 'kubectl is not on PATH' });
        else results.push({ dir, ok: false, message: (err.stderr ?? err.message).trim() });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(4, cpus().length)) }, worker));
  return results.sort((a, b) => a.dir.localeCompare(b.dir));
}

export function kustomizeFindings(results: readonly KustomizeResult[]): Finding[] {
  return results
    .filter((r) => !r.ok)
    .map((r) => ({
      code: 'OPF_ERR_GITOPS_KUSTOMIZE_FAILED' as const,
      path: r.dir,
      message: `kubectl kustomize ${r.dir} failed: ${r.message ?? 'unknown error'}`,
    }));
}

/**
 * Validation plus `kubectl kustomize` on every namespace directory in scope (all, or those
 * landing on `options.cluster`), a few at a time.
 */
export async function validateWithKustomize(
  dir: string,
  options: ValidateOptions = {},
): Promise<Finding[]> {
  const fs = readTreeFs(dir);
  const findings = validateFs(fs, options);
  const cluster = options.cluster?.toLowerCase();
  const namespaces = importFrom(fs).namespaces.filter(
    (ns) => cluster === undefined || ns.clusters.includes(cluster),
  );
  const results = await kustomizeDirs(
    dir,
    fs,
    namespaces.map((ns) => ns.path),
  );
  return [...findings, ...kustomizeFindings(results)];
}
