import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/**
 * What the bundle is made of: the portal, the domain code it imports (schemas), its build
 * configuration and the locked versions of its dependencies.
 */
const SOURCES = [
  'web/src',
  'web/index.html',
  'web/build.ts',
  'web/vite.config.ts',
  'web/precompress.ts',
  'web/preload-fonts.ts',
  'web/trim-base-css.ts',
  'web/paint-first.ts',
  'web/first-paint-rules.ts',
  'src/core',
  'package-lock.json',
];
/** The browser's portal, and the module that renders its pages on the server (docs/adr/0035). */
const BUILT = ['dist/web/index.html', 'dist/web-server/entry-server.js'];
/** The hash of SOURCES the last build was made from (a dotfile: @fastify/static never serves it). */
const STAMP = 'dist/web/.sources.sha256';
/**
 * Held while a build runs (a directory: mkdir is atomic). Two test workers, or two `npm start`,
 * that both find the build stale would otherwise write dist/web at once and fail with ENOENT.
 */
const LOCK = 'dist/.web-build.lock';
/** A lock older than this was left by a killed build (a cold build takes well under a minute). */
const STALE_LOCK_MS = 10 * 60_000;

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .sort()
    .flatMap((name) => filesUnder(join(path, name)));
}

/**
 * One hash of the sources' names and contents. Contents, not modification times: a checkout,
 * a copy or an editor's save without a change leaves the portal as it is.
 */
export function webSourcesHash(root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of SOURCES.flatMap((source) => filesUnder(join(root, source)))) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function viteBuild(root: string): void {
  // The browser's bundle, then the server's (web/vite.config.ts, --ssr).
  for (const ssr of [[], ['--ssr', 'src/entry-server.tsx']])
    execFileSync(
      process.execPath,
      [
        join(root, 'node_modules', 'vite', 'bin', 'vite.js'),
        'build',
        '--config',
        'web/vite.config.ts',
        ...ssr,
        '--logLevel',
        'warn',
      ],
      // NODE_ENV from the caller would leak into the bundle: vitest sets it to "test", and Vite
      // then builds React's development runtime (a third larger, and not what opf serves).
      { cwd: root, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } },
    );
}

/**
 * `vite build` into dist/web, unless the last build was made from the same sources. Returns
 * whether it built. `build` is replaceable for the tests.
 */
export function buildWebIfStale(
  options: { root?: string; build?: (root: string) => void } = {},
): boolean {
  const root = options.root ?? ROOT;
  const stamp = join(root, STAMP);
  const hash = webSourcesHash(root);
  const isFresh = () =>
    BUILT.every((file) => existsSync(join(root, file))) &&
    existsSync(stamp) &&
    readFileSync(stamp, 'utf8') === hash;
  if (isFresh()) return false;
  return withBuildLock(root, () => {
    // Another process may have built these sources while this one waited for the lock.
    if (isFresh()) return false;
    (options.build ?? viteBuild)(root);
    // The hash from before the build: a source edited during the build makes the next start build.
    writeFileSync(stamp, hash);
    return true;
  });
}

function withBuildLock<T>(root: string, work: () => T): T {
  const lock = join(root, LOCK);
  mkdirSync(join(root, 'dist'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS)
        rmSync(lock, { force: true, recursive: true });
      else sleepSync(250);
    }
  }
  try {
    return work();
  } finally {
    rmSync(lock, { force: true, recursive: true });
  }
}

/** The build itself is synchronous (execFileSync), so waiting for another one is too. */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

// `npm start` runs this first: a fresh clone builds once, later starts only when sources changed.
// A failed build does not stop opf; it serves the API and says how to build the portal.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    if (buildWebIfStale()) console.error('opf: built the web portal into dist/web');
  } catch (error) {
    console.error(
      `opf: could not build the web portal (${(error as Error).message}); run npm run build:web`,
    );
  }
}
