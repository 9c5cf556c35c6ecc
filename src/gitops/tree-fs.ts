import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { PRIVATE_DIRS } from './layout.ts';
import { diskFs, type RepoFs } from './repo-fs.ts';

/**
 * The whole repository read into memory in one pass: every directory listed once (with its
 * entries' kinds) and every file read once, before import or validation asks for anything.
 * Both read every file anyway (validation checks each YAML file, import describes every file
 * it does not model), and answering `kind` from the parent's listing replaces a `stat` per
 * path with nothing. Synchronous reads: on this workload (tens of thousands of small files)
 * they beat asynchronous ones several times over (docs/performance.md, whole-command speed).
 *
 * Paths outside the loaded tree (git's and opf's private directories) are read live.
 * Never keep one across writes.
 */
export function readTreeFs(root: string): RepoFs {
  const live = diskFs(root);
  /** Every file, with its text (undefined when it cannot be read). */
  const texts = new Map<string, string | undefined>();
  const lists = new Map<string, string[]>();
  const dirs = new Set<string>(['']);
  const prefix = root.endsWith('/') ? root : `${root}/`;

  const load = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir === '' ? root : prefix + dir, { withFileTypes: true });
    } catch {
      entries = [];
    }
    const names: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      names.push(name);
      if (PRIVATE_DIRS.has(name)) continue;
      const path = dir === '' ? name : `${dir}/${name}`;
      // A symbolic link counts as what it points to, as a stat would say.
      const kind = entry.isSymbolicLink() ? live.kind(path) : kindOf(entry);
      if (kind === 'dir') {
        dirs.add(path);
        load(path);
      } else if (kind === 'file') {
        texts.set(path, readText(prefix + path));
      }
    }
    lists.set(dir, names.sort());
  };
  load('');

  /** Answered from memory when the path's directory was loaded; else from disk. */
  const loaded = (path: string) => {
    const slash = path.lastIndexOf('/');
    const parent = slash < 0 ? '' : path.slice(0, slash);
    return lists.has(parent) && !PRIVATE_DIRS.has(path.slice(slash + 1));
  };
  return {
    readText(path) {
      return texts.has(path) || loaded(path) ? texts.get(path) : live.readText(path);
    },
    kind(path) {
      if (texts.has(path)) return 'file';
      if (dirs.has(path)) return 'dir';
      return loaded(path) ? undefined : live.kind(path);
    },
    list(dir) {
      return lists.get(dir) ?? live.list(dir);
    },
  };
}

function kindOf(entry: Dirent): 'file' | 'dir' | undefined {
  return entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
}

function readText(abs: string): string | undefined {
  try {
    return readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}
