import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** What the bundle is made of: the portal and the domain code it imports (schemas). */
const SOURCES = [
  join(ROOT, 'web', 'src'),
  join(ROOT, 'web', 'index.html'),
  join(ROOT, 'src', 'core'),
];
const BUILT = join(ROOT, 'dist', 'web', 'index.html');

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function webBuildIsStale(): boolean {
  return !existsSync(BUILT) || statSync(BUILT).mtimeMs < Math.max(...SOURCES.map(newest));
}

/** `vite build` into dist/web, when a source is newer than the last build. */
export function buildWebIfStale(): boolean {
  if (!webBuildIsStale()) return false;
  execFileSync(
    process.execPath,
    [
      join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'web/vite.config.ts',
      '--logLevel',
      'warn',
    ],
    { cwd: ROOT, stdio: 'inherit' },
  );
  return true;
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
