import { formatPatch, structuredPatch } from 'diff';
import type { FileChange } from './changes.ts';

/**
 * A git-style unified diff of one change (`diff --git` header, `new file mode` / `deleted
 * file mode` for creates and deletes, three lines of context) that `git apply` and
 * `patch -p1` accept. The `diff` package builds the hunks: it marks a last line without a
 * newline (`\ No newline at end of file`), so a change that only adds or removes the final
 * newline has a hunk, and its Myers diff needs memory in the size of the change rather than
 * of the product of both files' lengths (a large cluster overlay stays cheap). An empty file
 * created or deleted has headers only, as git writes it. An update that changes nothing has
 * no diff at all.
 */
export function unifiedDiff(change: FileChange, context = 3): string {
  const before = change.action === 'create' ? '' : (change.before ?? '');
  const after = change.action === 'delete' ? '' : (change.content ?? '');
  const patch = structuredPatch(
    change.action === 'create' ? '/dev/null' : `a/${change.path}`,
    change.action === 'delete' ? '/dev/null' : `b/${change.path}`,
    before,
    after,
    undefined,
    undefined,
    { context },
  );
  if (change.action === 'update' && patch.hunks.length === 0) return '';
  return formatPatch({
    ...patch,
    isGit: true,
    ...(change.action === 'create' && { isCreate: true }),
    ...(change.action === 'delete' && { isDelete: true }),
  });
}

export function unifiedDiffs(changes: readonly FileChange[]): string {
  return changes.map((c) => unifiedDiff(c)).join('');
}
