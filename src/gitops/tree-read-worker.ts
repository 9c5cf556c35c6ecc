import { Worker } from 'node:worker_threads';

/**
 * The worker's whole program, plain JavaScript: it runs the same from the sources (tsx,
 * vitest) as from dist/, with no module to find. It reads the files it is given, in order,
 * and sends their texts in batches (null for a file it could not read), then null alone.
 */
const PROGRAM = `
const { parentPort } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
parentPort.once('message', ({ paths, batch }) => {
  let texts = [];
  for (const path of paths) {
    let text = null;
    try {
      text = readFileSync(path, 'utf8');
    } catch {}
    texts.push(text);
    if (texts.length === batch) {
      parentPort.postMessage(texts);
      texts = [];
    }
  }
  if (texts.length > 0) parentPort.postMessage(texts);
  parentPort.postMessage(null);
});
`;

/**
 * Files per message: a few hundred keep the reading thread ahead of the parsing one while a
 * message costs little next to the reads it carries.
 */
const BATCH = 256;

export interface FileReader {
  /**
   * Reads `paths` (absolute), giving each batch of texts to `got` in order (null for a file
   * that cannot be read). Resolves when all came, or when the reader failed: the caller reads
   * whatever did not come. Rejects with what `got` threw, the reader stopped.
   */
  read(paths: string[], got: (texts: (string | null)[]) => void): Promise<void>;
  /** Not needed after all: stop it. */
  cancel(): void;
}

/**
 * A worker thread that reads files, started at once so that it boots while the caller lists
 * the directories. If it cannot start, `read` gives nothing and the caller reads every file.
 */
export function readFilesInWorker(): FileReader {
  let worker: Worker | undefined;
  try {
    // No preload of the parent's (tsx under development): the program is plain JavaScript.
    worker = new Worker(PROGRAM, { eval: true, execArgv: [] });
    // A worker that fails as it boots, before `read` listens, is a reader that gives nothing,
    // not an uncaught error; and an idle one does not keep the process alive.
    worker.on('error', () => {});
    worker.unref();
  } catch {
    worker = undefined;
  }
  return {
    read(paths, got) {
      const running = worker;
      if (!running) return Promise.resolve();
      running.ref();
      return new Promise((resolve, reject) => {
        const finish = (error?: unknown) => {
          running.removeAllListeners();
          running.on('error', () => {});
          void running.terminate();
          if (error === undefined) resolve();
          else reject(error);
        };
        running.on('message', (texts: (string | null)[] | null) => {
          if (texts === null) return finish();
          try {
            got(texts);
          } catch (error) {
            finish(error);
          }
        });
        running.on('error', () => finish());
        running.on('exit', () => finish());
        running.postMessage({ paths, batch: BATCH });
      });
    },
    cancel() {
      void worker?.terminate();
    },
  };
}
