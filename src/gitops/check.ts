import { cpus } from 'node:os';
import { posix } from 'node:path';
import { OpfError } from '../core/index.ts';
import { applicationsOverlayOf } from './argocd-applications.ts';
import { type ProcessFailure, runBounded } from './bounded-process.ts';
import type { FileChange } from './changes.ts';
import { importFrom } from './import.ts';
import { overlayFs, type RepoFs } from './repo-fs.ts';
import { schemaFindings } from './schema-check.ts';
import { processTimeouts } from './timeouts.ts';
import { readTreeFs } from './tree-fs.ts';
import { type Finding, type ValidateOptions, validateFs } from './validate.ts';
import { findKind, findKustomizationFile, readYaml } from './yaml-read.ts';

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

/**
 * The directories `kubectl kustomize` checks after a change: the base and component
 * directories it creates or edits, and the applications overlay of every cluster whose
 * Applications it touches (what the app-of-apps builds, so a clash or a dangling entry shows).
 */
export function touchedDirs(fs: RepoFs, changes: readonly FileChange[]): string[] {
  const dirs = new Set<string>();
  for (const change of changes) {
    const overlay = applicationsOverlayOf(change.path);
    if (overlay !== undefined && findKustomizationFile(fs, overlay)) dirs.add(overlay);
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
 * Each run has a deadline (OPF_KUSTOMIZE_TIMEOUT_SECONDS): a kubectl that hangs (a remote
 * base it cannot reach, say) is killed, no further directory is started, and the whole
 * check fails with OPF_ERR_GITOPS_KUSTOMIZE_TIMEOUT rather than as a finding about the tree.
 */
export async function kustomizeDirs(
  root: string,
  fs: RepoFs,
  dirs: readonly string[],
): Promise<KustomizeResult[]> {
  const queue = [...dirs];
  const results: KustomizeResult[] = [];
  const { kustomizeMs } = processTimeouts();
  let timedOut: string | undefined;
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
        await runBounded('kubectl', ['kustomize', dir], { cwd: root, timeoutMs: kustomizeMs });
        results.push({ dir, ok: true });
      } catch (error) {
        const failure = error as ProcessFailure;
        if (failure.reason === 'timeout') {
          timedOut ??= dir;
          queue.length = 0;
        } else if (failure.errno === 'ENOENT')
          results.push({ dir, ok: true, skipped: 'kubectl is not on PATH' });
        else results.push({ dir, ok: false, message: (failure.stderr || failure.message).trim() });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(4, cpus().length)) }, worker));
  if (timedOut !== undefined)
    throw new OpfError(
      'OPF_ERR_GITOPS_KUSTOMIZE_TIMEOUT',
      `kubectl kustomize ${timedOut} did not finish within ${kustomizeMs / 1000} s and was stopped`,
    );
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
