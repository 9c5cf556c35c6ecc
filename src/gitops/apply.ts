import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { isOpfError, OpfError } from '../core/index.ts';
import type { FileChange } from './changes.ts';

/**
 * All-or-nothing writes (docs/adr/0004-gitops-atomic-writes.md). Every new file and a copy of
 * every file to be replaced are staged first; a journal then marks that the repository may
 * be touched; files are renamed into place; removing the journal is the commit point. A
 * journal found later (a kill midway) is rolled back, so the repository is as it was.
 */

export interface ApplyOptions {
  /** Runs with every file in place, before the commit point; throwing rolls everything back. */
  beforeCommit?: () => Promise<void> | void;
  /** Called before each file is put in place (fault injection in tests). */
  onStep?: (index: number, change: FileChange) => Promise<void> | void;
  /** Kept in the journal for recovery to consult (the git HEAD before the change). */
  meta?: Record<string, string>;
}

export interface RecoverOptions {
  /** True when the change recorded by `meta` is already final (e.g. committed to git). */
  isFinal?: (meta: Record<string, string>) => boolean;
}

interface Journal {
  changes: { path: string; action: FileChange['action']; hadOld: boolean }[];
  createdDirs: string[];
  meta: Record<string, string>;
}

export function txnDir(dir: string): string {
  const git = join(dir, '.git');
  return existsSync(git) && statSync(git).isDirectory()
    ? join(git, 'opf-txn')
    : join(dir, '.opf-txn');
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Finish or undo a change interrupted by a crash. Returns what was done. */
export function recoverPending(
  dir: string,
  options: RecoverOptions = {},
): 'none' | 'rolled-back' | 'finalised' {
  const txn = txnDir(dir);
  if (!existsSync(txn)) return 'none';
  const pid = Number(safeRead(join(txn, 'lock')) ?? 'NaN');
  if (Number.isInteger(pid) && pid !== process.pid && alive(pid))
    throw new OpfError(
      'OPF_ERR_GITOPS_BUSY',
      `process ${pid} is changing ${dir}; try again when it is done`,
    );
  const text = safeRead(join(txn, 'journal.json'));
  let outcome: 'none' | 'rolled-back' | 'finalised' = 'none';
  if (text !== undefined) {
    const journal = JSON.parse(text) as Journal;
    if (options.isFinal?.(journal.meta)) outcome = 'finalised';
    else {
      rollBack(dir, txn, journal);
      outcome = 'rolled-back';
    }
  }
  rmSync(txn, { recursive: true, force: true });
  return outcome;
}

export async function applyChanges(
  dir: string,
  changes: readonly FileChange[],
  options: ApplyOptions = {},
): Promise<void> {
  recoverPending(dir);
  if (changes.length === 0) return;
  const txn = txnDir(dir);
  try {
    mkdirSync(txn);
  } catch {
    throw new OpfError('OPF_ERR_GITOPS_BUSY', `another opf process is changing ${dir}`);
  }
  writeFileSync(join(txn, 'lock'), String(process.pid));
  let journal: Journal | undefined;
  try {
    checkFresh(dir, changes);
    journal = stage(dir, txn, changes, options.meta ?? {});
    for (const [index, change] of changes.entries()) {
      await options.onStep?.(index, change);
      const target = join(dir, change.path);
      if (change.action === 'delete') rmSync(target, { force: true });
      else {
        mkdirSync(dirname(target), { recursive: true });
        renameSync(join(txn, `new-${index}`), target);
      }
    }
    await options.beforeCommit?.();
    unlinkSync(join(txn, 'journal.json'));
  } catch (error) {
    if (journal) rollBack(dir, txn, journal);
    rmSync(txn, { recursive: true, force: true });
    if (isOpfError(error)) throw error;
    throw new OpfError(
      'OPF_ERR_GITOPS_WRITE_FAILED',
      `writing the change failed and was undone: ${(error as Error).message}`,
    );
  }
  for (const change of changes)
    if (change.action === 'delete') pruneEmpty(dir, dirname(change.path));
  rmSync(txn, { recursive: true, force: true });
}

function checkFresh(dir: string, changes: readonly FileChange[]): void {
  for (const change of changes) {
    const current = safeRead(join(dir, change.path));
    const expected = change.action === 'create' ? undefined : change.before;
    if (current !== expected)
      throw new OpfError(
        'OPF_ERR_GITOPS_STALE_PLAN',
        `${change.path} changed after the change was planned; plan it again`,
      );
  }
}

function stage(
  dir: string,
  txn: string,
  changes: readonly FileChange[],
  meta: Record<string, string>,
): Journal {
  const createdDirs = new Set<string>();
  const entries = changes.map((change, index) => {
    const target = join(dir, change.path);
    const hadOld = existsSync(target);
    if (hadOld) copyFileSync(target, join(txn, `old-${index}`));
    if (change.content !== undefined) writeFileSync(join(txn, `new-${index}`), change.content);
    for (let d = dirname(change.path); d !== '.' && !existsSync(join(dir, d)); d = dirname(d))
      createdDirs.add(d);
    return { path: change.path, action: change.action, hadOld };
  });
  const journal: Journal = {
    changes: entries,
    createdDirs: [...createdDirs].sort((a, b) => b.length - a.length),
    meta,
  };
  writeFileSync(join(txn, 'journal.tmp'), JSON.stringify(journal));
  renameSync(join(txn, 'journal.tmp'), join(txn, 'journal.json'));
  return journal;
}

function rollBack(dir: string, txn: string, journal: Journal): void {
  for (const [index, entry] of [...journal.changes.entries()].reverse()) {
    const target = join(dir, entry.path);
    const old = join(txn, `old-${index}`);
    if (entry.hadOld) {
      if (existsSync(old)) {
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(old, target);
      }
    } else rmSync(target, { force: true });
  }
  for (const d of journal.createdDirs) pruneEmpty(dir, d, true);
}

/** Remove a directory left empty, and its parents up to the repository root. */
function pruneEmpty(root: string, relative: string, only = false): void {
  for (let d = relative; d !== '.' && d !== ''; d = dirname(d)) {
    const abs = join(root, d);
    if (!existsSync(abs) || readdirSync(abs).length > 0) return;
    rmdirSync(abs);
    if (only) return;
  }
}

function safeRead(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
