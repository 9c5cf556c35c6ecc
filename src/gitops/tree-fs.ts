import { type Dirent, readdirSync, readFileSync } from 'node:fs';
import { PRIVATE_DIRS } from './layout.ts';
import { diskFs, type RepoFs } from './repo-fs.ts';
import { type FileReader, readFilesInWorker } from './tree-read-worker.ts';

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
  const tree = walkTree(root);
  for (const path of tree.files) tree.texts.set(path, readText(tree.prefix + path));
  return treeFs(tree);
}

/**
 * Below this many files the main thread reads them: handing reads over costs tens of
 * milliseconds of messages and of waiting for the worker to be ready, and a read took about
 * 15 µs here (docs/adr/0041-repository-read-on-a-worker-thread.md). The worker is started
 * anyway, before the walk tells the size, and stopped unused.
 */
const WORKER_FROM_FILES = 5_000;

/**
 * readTreeFs with the files read by a worker thread while this thread works on those that
 * came: `arrived` sees each file as it lands (the CLI parses it there, so that parsing overlaps
 * reading). The same answers as readTreeFs. A small tree is read here, as readTreeFs reads it;
 * so are the files a failed worker did not send. What `arrived` throws is thrown here.
 */
export async function readTreeFsInParallel(
  root: string,
  arrived: (path: string, text: string) => void,
  reader: FileReader = readFilesInWorker(),
  workerFromFiles = WORKER_FROM_FILES,
): Promise<RepoFs> {
  try {
    const tree = walkTree(root);
    let at = 0;
    const take = (text: string | undefined) => {
      const path = tree.files[at++]!;
      tree.texts.set(path, text);
      if (text !== undefined) arrived(path, text);
    };
    if (tree.files.length >= workerFromFiles)
      await reader.read(
        tree.files.map((path) => tree.prefix + path),
        (texts) => {
          for (const text of texts) take(text ?? undefined);
        },
      );
    while (at < tree.files.length) take(readText(tree.prefix + tree.files[at]!));
    return treeFs(tree);
  } finally {
    // Whatever happened (a small tree, a walk that threw on a looping link), no worker is
    // left behind.
    reader.cancel();
  }
}

interface Tree {
  root: string;
  prefix: string;
  /** Every file, in walkFiles' order. */
  files: string[];
  /** Each file's text once read (undefined when it cannot be read). */
  texts: Map<string, string | undefined>;
  lists: Map<string, string[]>;
  dirs: Set<string>;
}

/** Every directory listed, and every file found, before any file is read. */
function walkTree(root: string): Tree {
  const live = diskFs(root);
  const prefix = root.endsWith('/') ? root : `${root}/`;
  const tree: Tree = {
    root,
    prefix,
    files: [],
    texts: new Map(),
    lists: new Map(),
    dirs: new Set(['']),
  };
  const load = (dir: string) => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir === '' ? root : prefix + dir, { withFileTypes: true });
    } catch {
      entries = [];
    }
    // In name order, so that the files are found in walkFiles' order (allFiles).
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names: string[] = [];
    for (const entry of entries) {
      const name = entry.name;
      names.push(name);
      if (PRIVATE_DIRS.has(name)) continue;
      const path = dir === '' ? name : `${dir}/${name}`;
      // A symbolic link counts as what it points to, as a stat would say.
      const kind = entry.isSymbolicLink() ? live.kind(path) : kindOf(entry);
      if (kind === 'dir') {
        tree.dirs.add(path);
        load(path);
      } else if (kind === 'file') tree.files.push(path);
    }
    tree.lists.set(dir, names);
  };
  load('');
  return tree;
}

function treeFs({ root, files, texts, lists, dirs }: Tree): RepoFs {
  const live = diskFs(root);
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
    allFiles() {
      return [...files];
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
