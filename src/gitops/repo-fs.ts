import { type Dirent, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { FileChange } from './changes.ts';
import { PRIVATE_DIRS } from './layout.ts';

/**
 * Read access to a repository by repo-relative posix paths. The importer and validator read
 * through it so that a planned change can be judged before it is written (see overlayFs).
 */
export interface RepoFs {
  readText(path: string): string | undefined;
  kind(path: string): 'file' | 'dir' | undefined;
  /** Names of the entries of a directory, sorted; empty when it is not a directory. */
  list(dir: string): string[];
  /**
   * Every file of the repository in walkFiles' order, when the implementation holds them
   * all already (readTreeFs): walking again would ask `kind` of every path it builds.
   */
  allFiles?(): string[];
}

export function diskFs(root: string): RepoFs {
  const abs = (path: string) => join(root, ...path.split('/'));
  return {
    readText(path) {
      try {
        return readFileSync(abs(path), 'utf8');
      } catch {
        return undefined;
      }
    },
    kind(path) {
      const stat = statSync(abs(path), { throwIfNoEntry: false });
      if (!stat) return undefined;
      return stat.isDirectory() ? 'dir' : 'file';
    },
    list(dir) {
      try {
        return readdirSync(abs(dir)).sort();
      } catch {
        return [];
      }
    },
  };
}

/**
 * A read-through cache of the repository on disk, for one import, validation or plan: each
 * directory is listed once (its entries' kinds come with the listing) and each file read
 * once. Stats and reads dominated import time on large repositories. Never keep one across
 * writes; diskFs reads live.
 */
export function snapshotFs(root: string): RepoFs {
  const live = diskFs(root);
  const kinds = new Map<string, 'file' | 'dir' | undefined>();
  const lists = new Map<string, string[]>();
  const texts = new Map<string, string | undefined>();
  const kindOf = (entry: Dirent): 'file' | 'dir' | undefined =>
    entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
  return {
    readText(path) {
      if (!texts.has(path)) texts.set(path, live.readText(path));
      return texts.get(path);
    },
    kind(path) {
      if (!kinds.has(path)) kinds.set(path, live.kind(path));
      return kinds.get(path);
    },
    list(dir) {
      const cached = lists.get(dir);
      if (cached) return cached;
      let entries: Dirent[] = [];
      try {
        entries = readdirSync(join(root, ...dir.split('/').filter(Boolean)), {
          withFileTypes: true,
        });
      } catch {
        entries = [];
      }
      const names = entries.map((e) => e.name).sort();
      for (const entry of entries) {
        const path = dir === '' ? entry.name : `${dir}/${entry.name}`;
        // Symbolic links are resolved by a stat like any path the listing cannot classify.
        if (!entry.isSymbolicLink()) kinds.set(path, kindOf(entry));
      }
      lists.set(dir, names);
      return names;
    },
  };
}

/** The repository as it would be after `changes`. */
export function overlayFs(base: RepoFs, changes: readonly FileChange[]): RepoFs {
  const files = new Map<string, string | undefined>();
  for (const change of changes)
    files.set(change.path, change.action === 'delete' ? undefined : change.content);
  const createdDirs = new Set<string>();
  for (const [path, content] of files) {
    if (content === undefined) continue;
    for (let dir = posix.dirname(path); dir !== '.'; dir = posix.dirname(dir)) createdDirs.add(dir);
  }
  return {
    readText(path) {
      return files.has(path) ? files.get(path) : base.readText(path);
    },
    kind(path) {
      if (files.has(path)) return files.get(path) === undefined ? undefined : 'file';
      if (createdDirs.has(path)) return 'dir';
      return base.kind(path);
    },
    list(dir) {
      const names = new Set(base.list(dir));
      const prefix = dir === '' ? '' : `${dir}/`;
      for (const [path, content] of files) {
        if (!path.startsWith(prefix)) continue;
        const name = path.slice(prefix.length).split('/')[0]!;
        if (content === undefined && !path.slice(prefix.length).includes('/')) names.delete(name);
        else if (content !== undefined) names.add(name);
      }
      return [...names].sort();
    },
  };
}

/** Every file under `dir`, repo-relative, skipping git's and opf's private directories. */
export function walkFiles(fs: RepoFs, dir: string): string[] {
  if (dir === '' && fs.allFiles) return fs.allFiles();
  const out: string[] = [];
  const visit = (current: string) => {
    for (const name of fs.list(current)) {
      if (PRIVATE_DIRS.has(name)) continue;
      const path = current === '' ? name : `${current}/${name}`;
      const kind = fs.kind(path);
      if (kind === 'dir') visit(path);
      else if (kind === 'file') out.push(path);
    }
  };
  visit(dir);
  return out;
}
