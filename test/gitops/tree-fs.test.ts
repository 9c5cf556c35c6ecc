import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { normalizedJoin, resolveRef } from '../../src/gitops/layout.ts';
import { diskFs, walkFiles } from '../../src/gitops/repo-fs.ts';
import { readTreeFs, readTreeFsInParallel } from '../../src/gitops/tree-fs.ts';
import type { FileReader } from '../../src/gitops/tree-read-worker.ts';
import { tempDir } from './helpers.ts';

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('resolveRef', () => {
  it('answers as posix.normalize(posix.join(dir, ref)) did, on 20,000 random paths', () => {
    const next = random(10);
    const parts = ['a', 'b', '..', '.', '', 'c.yaml', '...', 'x-y'];
    const path = () =>
      Array.from({ length: Math.floor(next() * 6) }, () => parts[Math.floor(next() * 8)]).join(
        '/',
      ) + (next() < 0.2 ? '/' : '');
    let compared = 0;
    for (let i = 0; i < 20_000; i++) {
      const dir = (next() < 0.1 ? '/' : '') + path();
      const ref = (next() < 0.2 ? '/' : '') + path();
      expect([dir, ref, resolveRef(dir, ref)]).toEqual([dir, ref, normalizedJoin(dir, ref)]);
      compared++;
    }
    expect(compared).toBe(20_000);
  });

  it('leaves remote references unresolved', () => {
    expect(resolveRef('a', 'https://github.com/x/y')).toBeUndefined();
    expect(resolveRef('a', 'github.com/x/y?ref=v1')).toBeUndefined();
    expect(resolveRef('a/b', '../../../c')).toBe('../c');
  });
});

describe('readTreeFs', () => {
  function tree(): string {
    const root = tempDir();
    const write = (rel: string, text: string) => {
      mkdirSync(join(root, rel, '..'), { recursive: true });
      writeFileSync(join(root, rel), text);
    };
    write('cluster-scope/base/a/kustomization.yaml', 'resources:\n  - ns.yaml\n');
    write('cluster-scope/base/a/ns.yaml', 'kind: Namespace\n');
    write('cluster-scope/empty/.keep', '');
    write('.git/config', '[core]\n');
    write('.opf-txn/journal.json', '{}');
    write('README.md', '# apps\n');
    // Names whose order differs by rule (case, punctuation, a file beside a directory's prefix).
    for (const name of ['B.yaml', 'a-b/x.yaml', 'a.b', 'a/z.yaml', 'a0', 'Z/y.yaml', 'é.yaml'])
      write(`cluster-scope/order/${name}`, 'kind: X\n');
    symlinkSync('base/a', join(root, 'cluster-scope/linked'));
    symlinkSync('ns.yaml', join(root, 'cluster-scope/base/a/alias.yaml'));
    symlinkSync('nowhere', join(root, 'cluster-scope/dangling'));
    return root;
  }

  it('answers every list, kind and read as the disk does', () => {
    const root = tree();
    const live = diskFs(root);
    const loaded = readTreeFs(root);
    const paths = [
      '',
      'README.md',
      '.git',
      '.git/config',
      '.opf-txn/journal.json',
      'cluster-scope',
      'cluster-scope/base/a',
      'cluster-scope/base/a/kustomization.yaml',
      'cluster-scope/base/a/alias.yaml',
      'cluster-scope/base/a/missing.yaml',
      'cluster-scope/base/missing/kustomization.yaml',
      'cluster-scope/linked',
      'cluster-scope/linked/ns.yaml',
      'cluster-scope/dangling',
      'cluster-scope/empty',
      'outside/../README.md',
    ];
    for (const path of paths) {
      expect([path, loaded.kind(path)]).toEqual([path, live.kind(path)]);
      expect([path, loaded.readText(path)]).toEqual([path, live.readText(path)]);
      expect([path, loaded.list(path)]).toEqual([path, live.list(path)]);
    }
    expect(walkFiles(loaded, '')).toEqual(walkFiles(live, ''));
    // The list it holds (allFiles) is the walk's, in the walk's order.
    expect(loaded.allFiles).toBeDefined();
    expect(walkFiles(loaded, '')).toEqual(walkFiles({ ...loaded, allFiles: undefined }, ''));
    expect(walkFiles(loaded, '')).toContain('cluster-scope/order/a-b/x.yaml');
    expect(walkFiles(loaded, '')).toContain('cluster-scope/linked/ns.yaml');
  });

  it('reads each file once, up front: later edits on disk are not seen', () => {
    const root = tree();
    const loaded = readTreeFs(root);
    writeFileSync(join(root, 'README.md'), 'changed\n');
    expect(loaded.readText('README.md')).toBe('# apps\n');
    expect(diskFs(root).readText('README.md')).toBe('changed\n');
  });

  it('read on a worker thread (readTreeFsInParallel): the same answers, each file handed over once, in order', async () => {
    const root = tree();
    // More files than one message of the worker carries (256).
    for (let i = 0; i < 300; i++)
      writeFileSync(join(root, 'cluster-scope/order', `n${i}.yaml`), `kind: N${i}\n`);
    const live = readTreeFs(root);
    const files = walkFiles(live, '');
    // 0: the worker reads every file, however few; the default leaves a tree this small here.
    for (const workerFromFiles of [0, undefined]) {
      const arrived: string[] = [];
      const loaded = await readTreeFsInParallel(
        root,
        (path, text) => {
          expect(text).toBe(live.readText(path));
          arrived.push(path);
        },
        undefined,
        workerFromFiles,
      );
      expect(walkFiles(loaded, '')).toEqual(files);
      expect(arrived).toEqual(files);
      for (const path of [...files, '', 'cluster-scope', 'cluster-scope/linked', 'nowhere', '.git'])
        expect([path, loaded.kind(path), loaded.readText(path), loaded.list(path)]).toEqual([
          path,
          live.kind(path),
          live.readText(path),
          live.list(path),
        ]);
    }
  });

  it('a worker that stops half way: the files it did not send are read here', async () => {
    const root = tree();
    const files = walkFiles(readTreeFs(root), '');
    const arrived: string[] = [];
    const halfWay: FileReader = {
      async read(paths, got) {
        got(paths.slice(0, 3).map((path) => readFileSync(path, 'utf8')));
      },
      cancel() {},
    };
    const loaded = await readTreeFsInParallel(root, (path) => arrived.push(path), halfWay, 0);
    expect(arrived).toEqual(files);
    for (const path of files) expect(loaded.readText(path)).toBe(diskFs(root).readText(path));
  });

  it('what `arrived` throws comes out, and the worker is stopped whatever happens', async () => {
    const root = tree();
    await expect(
      readTreeFsInParallel(
        root,
        () => {
          throw new Error('a parse that failed');
        },
        undefined,
        0,
      ),
    ).rejects.toThrow('a parse that failed');
    // A walk that throws (a link that loops) stops the reader it started.
    symlinkSync('loop', join(root, 'cluster-scope/loop'));
    let cancelled = 0;
    const reader: FileReader = {
      read: async () => {},
      cancel: () => {
        cancelled += 1;
      },
    };
    await expect(readTreeFsInParallel(root, () => {}, reader, 0)).rejects.toThrow(/ELOOP/);
    expect(cancelled).toBe(1);
  });
});
