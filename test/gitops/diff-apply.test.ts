import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { FileChange } from '../../src/gitops/index.ts';
import { unifiedDiffs } from '../../src/gitops/index.ts';
import { git, tempDir } from './helpers.ts';

/**
 * The oracle is git itself: each diff opf prints is applied with `git apply --check`, then
 * `git apply`, to a directory holding the files as they were, and the result must be the
 * planned content byte for byte. Generated cases only: no fixture needed.
 */
function applyWithGit(changes: FileChange[]): Map<string, string | undefined> {
  const dir = tempDir('opf-diff-');
  git(dir, 'init', '-q');
  for (const change of changes)
    if (change.action !== 'create') {
      mkdirSync(dirname(join(dir, change.path)), { recursive: true });
      writeFileSync(join(dir, change.path), change.before ?? '');
    }
  const patch = join(tempDir('opf-patch-'), 'change.patch');
  writeFileSync(patch, unifiedDiffs(changes));
  git(dir, 'apply', '--check', patch);
  git(dir, 'apply', patch);
  return new Map(
    changes.map((c) => {
      const file = join(dir, c.path);
      return [c.path, existsSync(file) ? readFileSync(file, 'utf8') : undefined];
    }),
  );
}

function expectApplied(changes: FileChange[]): void {
  const result = applyWithGit(changes);
  for (const change of changes)
    expect(result.get(change.path), `${change.action} ${change.path}`).toBe(
      change.action === 'delete' ? undefined : change.content,
    );
}

const update = (path: string, before: string, content: string): FileChange => ({
  path,
  action: 'update',
  before,
  content,
});

describe('unified diffs git applies', () => {
  it('a file without a final newline, changed in its last line', () => {
    const change = update('a.yaml', 'one\ntwo\nthree', 'one\ntwo\nfour');
    expect(unifiedDiffs([change])).toContain('\\ No newline at end of file');
    expectApplied([change]);
  });

  it('a change that only adds, or only removes, the final newline has a hunk', () => {
    const adds = update('adds.yaml', 'key: value', 'key: value\n');
    const removes = update('removes.yaml', 'a\nb\n', 'a\nb');
    expect(unifiedDiffs([adds])).toMatch(/@@ -1,?1? \+1,?1? @@/);
    expect(unifiedDiffs([removes])).toContain('@@');
    expectApplied([adds, removes]);
  });

  it('new, deleted and emptied files, empty or not, with and without a final newline', () => {
    expectApplied([
      { path: 'new/with-newline.yaml', action: 'create', content: 'a: 1\nb: 2\n' },
      { path: 'new/without-newline.yaml', action: 'create', content: 'a: 1' },
      { path: 'new/empty.yaml', action: 'create', content: '' },
      { path: 'gone/full.yaml', action: 'delete', before: 'x: 1\n' },
      { path: 'gone/no-newline.yaml', action: 'delete', before: 'x: 1' },
      { path: 'gone/empty.yaml', action: 'delete', before: '' },
      update('emptied.yaml', 'x: 1\n', ''),
      update('filled.yaml', '', 'x: 1'),
    ]);
  });

  it('an update that changes nothing prints nothing', () => {
    expect(unifiedDiffs([update('same.yaml', 'a\n', 'a\n')])).toBe('');
  });

  it('random edits of random files, with or without final newlines', () => {
    const line = fc.constantFrom('a', 'b', 'c', '  - x', 'key: v', '', ' ', '#');
    const text = fc
      .tuple(fc.array(line, { maxLength: 12 }), fc.boolean())
      .map(([lines, newline]) => lines.join('\n') + (newline && lines.length > 0 ? '\n' : ''));
    fc.assert(
      fc.property(fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 4 }), (pairs) => {
        const changes = pairs
          .map(([before, content], i) => update(`f${i}.txt`, before, content))
          .filter((c) => c.before !== c.content);
        if (changes.length > 0) expectApplied(changes);
      }),
      { numRuns: 40 },
    );
  });
});
