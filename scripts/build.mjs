#!/usr/bin/env node
// Compiles src/ into dist/cli with esbuild (docs/adr/0008-build.md): `npm ci` runs it through
// the `prepare` script, bin/opf.mjs runs its output, and the tests' global setup runs it
// first so they always exercise the current sources. Plain JavaScript, so it needs no tsx.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI_OUT_DIR = join(ROOT, 'dist', 'cli');
/** esbuild's account of the build: which output imports what, statically or on demand. */
export const METAFILE = join(CLI_OUT_DIR, 'meta.json');

/**
 * opf's modules do their work when called, not when imported (src/ has no bare `import './x'`;
 * test/build/lazy-commands.test.ts checks), so esbuild may leave out what a chunk does not use:
 * without this, `opf --help` would load zod and yaml through core's index for schemas it never
 * touches.
 */
const sourcesWithoutSideEffects = {
  name: 'opf-sources-without-side-effects',
  setup(build) {
    // A result without a path would be ignored, so resolve the relative import here.
    build.onResolve({ filter: /^\.\.?\/.*\.ts$/ }, (args) => ({
      path: join(args.resolveDir, args.path),
      sideEffects: false,
    }));
  },
};

/**
 * commander goes into the bundle; every other dependency stays in node_modules. Every command,
 * even `opf --help`, loads it first: read from node_modules it cost about 20 ms of a 110 ms
 * `opf --help` (resolving two packages, the CommonJS export scan of each, five files), bundled
 * it costs a few ms of parsing. It is small, has no dependencies, and its version is still
 * the one package-lock.json pins.
 */
const bundledPackages = {
  name: 'opf-bundled-packages',
  setup(build) {
    // Resolved from the importing file, as Node would: a package with its own nested copy of
    // commander gets that copy.
    build.onResolve({ filter: /^(commander|@commander-js\/extra-typings)$/ }, (args) => ({
      path: createRequire(join(args.resolveDir, 'importer.js')).resolve(args.path),
    }));
  },
};

/** Builds the CLI (and through it the server, jobs and GitOps engine) into dist/cli. */
export async function buildCli() {
  // Only dist/cli: dist/web is the portal's build, made by web/build.ts.
  rmSync(CLI_OUT_DIR, { recursive: true, force: true });
  mkdirSync(CLI_OUT_DIR, { recursive: true });
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { opf: 'src/cli/main.ts' },
    outdir: CLI_OUT_DIR,
    bundle: true,
    // Every dynamic import() becomes its own chunk, loaded only when a command needs it.
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    // Dependencies stay in node_modules: the output is opf's own code only.
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    plugins: [sourcesWithoutSideEffects, bundledPackages],
    // The bundled CommonJS (commander) calls require() for Node's own modules, and an ES module
    // has no require. esbuild's shim looks for one in its own file, and which chunk holds the
    // shim is esbuild's choice, so every file gets one. A module of src/ can therefore not
    // declare a top-level `require` of its own (a duplicate declaration).
    banner: {
      js: "import { createRequire as __opfCreateRequire } from 'node:module'; const require = __opfCreateRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
  writeFileSync(METAFILE, JSON.stringify(result.metafile));
  return result.metafile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const started = performance.now();
  await buildCli();
  console.error(`opf: built dist/cli in ${Math.round(performance.now() - started)} ms`);
}
