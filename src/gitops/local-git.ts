import { existsSync } from 'node:fs';
import { OpfError } from '../core/index.ts';
import { applyChanges, recoverPending, txnDir } from './apply.ts';
import type { Plan } from './changes.ts';
import { assertNoNewFindings, kustomizeDirs, kustomizeFindings, touchedDirs } from './check.ts';
import { git } from './git.ts';
import { diskFs, type RepoFs } from './repo-fs.ts';
import { readTreeFs } from './tree-fs.ts';
import type { Finding } from './validate.ts';

export interface CommitOptions {
  /** Skip validation before writing (default: validate, and refuse new findings). */
  validate?: boolean;
  /** Run `kubectl kustomize` on the touched directories before committing (default true). */
  kustomize?: boolean;
  /**
   * The tree the plan was made from (openRepository's `fs`), read after the last write to
   * `dir`: validation judges the change against it instead of reading the whole tree again,
   * which was a third of an onboarding's time on large repositories.
   */
  tree?: RepoFs;
  /**
   * HEAD's commit when the caller knows it ('' for none), and `clean` when the working
   * tree is known to hold no edits (just checked out and cleaned): each saves a git process.
   */
  head?: string;
  clean?: boolean;
  /** Fault injection for tests, forwarded to applyChanges. */
  onStep?: (index: number) => Promise<void> | void;
}

export interface CommitResult {
  commit?: string;
  files: string[];
  /** Findings the repository had before the change and still has (they do not block). */
  preExisting: Finding[];
}

/** Undo or finish a change a crash interrupted: finished when its commit landed. */
export async function recoverWorkingTree(dir: string): Promise<string> {
  // Nothing was interrupted (the usual case): no git process just to learn HEAD.
  if (!existsSync(txnDir(dir))) return 'none';
  const head = await currentHead(dir);
  return recoverPending(dir, { isFinal: (meta) => meta.head !== undefined && meta.head !== head });
}

/** HEAD's commit, or '' in a repository with no commit yet. */
async function currentHead(dir: string): Promise<string> {
  return git(dir, ['rev-parse', '--verify', '-q', 'HEAD']).catch((error: unknown) => {
    // A hung git is not "no commit yet": only a failed rev-parse is.
    if ((error as { code?: string }).code === 'OPF_ERR_GITOPS_GIT_TIMEOUT') throw error;
    return '';
  });
}

/**
 * Write a plan into the working tree of `dir` and commit exactly its files, all or nothing:
 * if validation, kustomize or the commit fails, the files are restored as they were.
 */
export async function commitPlan(
  dir: string,
  plan: Plan,
  options: CommitOptions = {},
): Promise<CommitResult> {
  await recoverWorkingTree(dir);
  const files = plan.changes.map((c) => c.path);
  if (files.length === 0) return { files, preExisting: [] };
  const dirty = options.clean
    ? ''
    : (await git(dir, ['status', '--porcelain', '--', ...files])).trim();
  if (dirty !== '')
    throw new OpfError(
      'OPF_ERR_GITOPS_WORKTREE_DIRTY',
      `files the change touches have uncommitted changes:\n${dirty}`,
    );
  // Validation reads the tree before the change (cached); kustomize reads it after (live).
  const preExisting =
    options.validate === false
      ? []
      : assertNoNewFindings(options.tree ?? readTreeFs(dir), plan.changes);
  const fs = diskFs(dir);
  const head = options.head ?? (await currentHead(dir));
  let commit: string | undefined;
  await applyChanges(dir, plan.changes, {
    meta: { head },
    ...(options.onStep && { onStep: (index) => options.onStep?.(index) }),
    beforeCommit: async () => {
      if (options.kustomize !== false) {
        const failures = kustomizeFindings(
          await kustomizeDirs(dir, fs, touchedDirs(fs, plan.changes)),
        );
        if (failures.length > 0)
          throw new OpfError(
            'OPF_ERR_GITOPS_KUSTOMIZE_FAILED',
            failures[0]!.message,
            failures.map((f) => ({ path: f.path, message: f.message })),
          );
      }
      try {
        await git(dir, ['add', '-A', '--', ...files]);
        // A failed commit (a hook that refuses, even silently) exits non-zero and throws.
        await git(dir, ['commit', '-q', '-m', plan.summary, '--', ...files]);
      } catch (error) {
        // The files are about to be restored; the index must forget them too.
        if (head !== '') await git(dir, ['reset', '-q', '--', ...files]).catch(() => undefined);
        throw error;
      }
      commit = await currentHead(dir);
    },
  });
  return { ...(commit !== undefined && { commit }), files, preExisting };
}
