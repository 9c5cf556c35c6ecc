import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program, plain JavaScript: it runs the same from the sources (tsx,
 * vitest) as from dist/, with no module to find. It walks the tree as walkTree
 * (src/gitops/tree-fs.ts) does — names in order, the private directories left out, a symbolic
 * link counted as what it points to — reading each file as it finds it, and sends what it
 * found in parts: directories' listings, directories, files with their texts (null when a
 * file cannot be read). Then null alone. test/gitops/tree-fs.test.ts holds the two walks to
 * the same answers.
 */
const PROGRAM = `
const { parentPort } = require('node:worker_threads');
const { readdirSync, readFileSync, statSync } = require('node:fs');
parentPort.once('message', ({ root, skip, batch }) => {
  const prefix = root.endsWith('/') ? root : root + '/';
  const privateDirs = new Set(skip);
  let part = { lists: [], dirs: [], files: [], texts: [] };
  const send = () => {
    parentPort.postMessage(part);
    part = { lists: [], dirs: [], files: [], texts: [] };
  };
  const linkKind = (abs) => {
    const stat = statSync(abs, { throwIfNoEntry: false });
    return stat === undefined ? undefined : stat.isDirectory() ? 'dir' : 'file';
  };
  const load = (dir) => {
    let entries;
    try {
      entries = readdirSync(dir === '' ? root : prefix + dir, { withFileTypes: true });
    } catch {
      entries = [];
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const names = [];
    for (const entry of entries) {
      const name = entry.name;
      names.push(name);
      if (privateDirs.has(name)) continue;
      const path = dir === '' ? name : dir + '/' + name;
      const kind = entry.isSymbolicLink()
        ? linkKind(prefix + path)
        : entry.isDirectory() ? 'dir' : entry.isFile() ? 'file' : undefined;
      if (kind === 'dir') {
        part.dirs.push(path);
        load(path);
      } else if (kind === 'file') {
        let text = null;
        try {
          text = readFileSync(prefix + path, 'utf8');
        } catch {}
        part.files.push(path);
        part.texts.push(text);
        if (part.files.length >= batch) send();
      }
    }
    part.lists.push([dir, names]);
  };
  load('');
  send();
  parentPort.postMessage(null);
});
`;

/**
 * Files per message: a few hundred keep the walking thread ahead of the parsing one while a
 * message costs little next to the reads it carries.
 */
const BATCH = 256;

/** What one message of the worker holds: the tree's next part, files in walk order. */
export interface TreePart {
  lists: [string, string[]][];
  dirs: string[];
  files: string[];
  texts: (string | null)[];
}

export interface TreeWalker {
  /**
   * Walks `root` on the worker, giving each part to `got` in order. True when the whole tree
   * came; false when the worker could not start or failed (the caller then reads it itself).
   */
  walk(root: string, skip: readonly string[], got: (part: TreePart) => void): Promise<boolean>;
}

/** A worker thread that walks and reads a tree, started when walk is called. */
export function walkInWorker(): TreeWalker {
  return {
    walk(root, skip, got) {
      let worker: Worker;
      try {
        worker = new Worker(PROGRAM, { eval: true });
      } catch {
        return Promise.resolve(false);
      }
      return new Promise((resolve) => {
        const finish = (whole: boolean) => {
          worker.removeAllListeners();
          void worker.terminate();
          resolve(whole);
        };
        worker.on('message', (part: TreePart | null) => {
          if (part === null) finish(true);
          else got(part);
        });
        worker.on('error', () => finish(false));
        worker.on('exit', () => finish(false));
        worker.postMessage({ root, skip: [...skip], batch: BATCH });
      });
    },
  };
}
