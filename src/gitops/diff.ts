import type { FileChange } from './changes.ts';

type Op = { kind: ' ' | '-' | '+'; line: string };

function lines(text: string | undefined): string[] {
  if (text === undefined || text === '') return [];
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}

/** Line edit script through a longest-common-subsequence table (files here are small). */
function editScript(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      table[i]![j] =
        a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i++]! });
      j++;
    } else if (j < m && (i === n || table[i]![j + 1]! >= table[i + 1]![j]!))
      ops.push({ kind: '+', line: b[j++]! });
    else ops.push({ kind: '-', line: a[i++]! });
  }
  return ops;
}

/** A unified diff (git's a/ b/ style) of one change, with three lines of context. */
export function unifiedDiff(change: FileChange, context = 3): string {
  const ops = editScript(lines(change.before), lines(change.content));
  const from = change.action === 'create' ? '/dev/null' : `a/${change.path}`;
  const to = change.action === 'delete' ? '/dev/null' : `b/${change.path}`;
  const out = [`--- ${from}`, `+++ ${to}`];
  let index = 0;
  while (index < ops.length) {
    if (ops[index]!.kind === ' ') {
      index++;
      continue;
    }
    let start = Math.max(0, index - context);
    let end = index;
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') {
        end++;
        continue;
      }
      let run = end;
      while (run < ops.length && ops[run]!.kind === ' ') run++;
      if (run === ops.length || run - end > 2 * context) break;
      end = run;
    }
    const stop = Math.min(ops.length, end + context);
    const before = ops.slice(0, start).filter((o) => o.kind !== '+').length;
    const after = ops.slice(0, start).filter((o) => o.kind !== '-').length;
    const hunk = ops.slice(start, stop);
    const oldCount = hunk.filter((o) => o.kind !== '+').length;
    const newCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(
      `@@ -${oldCount === 0 ? before : before + 1},${oldCount} +${newCount === 0 ? after : after + 1},${newCount} @@`,
    );
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
    index = stop;
    start = stop;
  }
  return `${out.join('\n')}\n`;
}

export function unifiedDiffs(changes: readonly FileChange[]): string {
  return changes.map((c) => unifiedDiff(c)).join('');
}
