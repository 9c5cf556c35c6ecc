import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Metafile {
  outputs: Record<
    string,
    {
      entryPoint?: string;
      inputs: Record<string, unknown>;
      imports: { path: string; kind: string; external?: boolean }[];
    }
  >;
}

/**
 * What every `opf` run loads before a command's action: the compiled entry and the chunks it
 * imports statically (an import() is loaded only by the action that calls it). From the
 * metafile the build writes (the global setup ran scripts/build.mjs).
 */
function loadedByEveryRun(): { packages: Set<string>; sources: Set<string> } {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist/cli/meta.json'), 'utf8')) as Metafile;
  const entry = Object.keys(meta.outputs).find(
    (path) => meta.outputs[path]!.entryPoint === 'src/cli/main.ts',
  );
  expect(entry, 'the build has the CLI entry').toBeDefined();
  const packages = new Set<string>();
  const sources = new Set<string>();
  const pending = [entry!];
  const seen = new Set<string>();
  while (pending.length > 0) {
    const output = pending.pop()!;
    if (seen.has(output)) continue;
    seen.add(output);
    for (const input of Object.keys(meta.outputs[output]!.inputs)) sources.add(input);
    for (const imported of meta.outputs[output]!.imports) {
      // A require() in bundled CommonJS (commander's) runs when its module loads, as a static
      // import does; only import() waits for the action that calls it.
      if (imported.kind !== 'import-statement' && imported.kind !== 'require-call') continue;
      if (imported.external) packages.add(imported.path);
      else pending.push(imported.path);
    }
  }
  return { packages, sources };
}

/** What `opf --help` and `opf request list` must not wait for. */
const HEAVY_PACKAGES = [
  '@electric-sql/pglite',
  'pg',
  'kysely',
  'fastify',
  '@fastify/static',
  'vite',
  'react',
  'simple-git',
  'nodemailer',
  'openid-client',
  '@octokit/rest',
  'zod',
  'yaml',
];

describe('the compiled CLI loads a command’s modules only when that command runs', () => {
  it('no database, HTTP server, GitOps engine, schemas or YAML parser behind every run', () => {
    const { packages, sources } = loadedByEveryRun();
    for (const name of HEAVY_PACKAGES) expect([...packages]).not.toContain(name);
    expect([...packages].filter((name) => name.startsWith('@fastify/'))).toEqual([]);
    const outsideCli = [...sources].filter(
      (path) =>
        !path.startsWith('src/cli/') &&
        !/^src\/core\/errors[\w-]*\.ts$/.test(path) &&
        !/^node_modules\/(commander|@commander-js\/extra-typings)\//.test(path),
    );
    // Only the CLI itself, core's error registry (every command's exit code needs it) and
    // commander, which the build bundles (scripts/build.mjs).
    expect(outsideCli).toEqual([]);
    expect([...sources]).toContain('src/cli/commands/request.ts');
  });

  it('no HTTP client behind every run: the commands that send a request load it', () => {
    const { packages } = loadedByEveryRun();
    for (const name of ['node:http', 'node:https']) expect([...packages]).not.toContain(name);
    // commander is in the bundle, not read from node_modules.
    expect([...packages].filter((name) => name.includes('commander'))).toEqual([]);
  });

  it('the commands that need them still reach them, through import()', () => {
    const meta = JSON.parse(readFileSync(join(ROOT, 'dist/cli/meta.json'), 'utf8')) as Metafile;
    const everything = new Set(Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs)));
    for (const source of [
      'src/cli/runtime.ts',
      'src/gitops/index.ts',
      'src/server/openapi.ts',
      'src/community/index.ts',
      'src/core/request.ts',
    ])
      expect(everything).toContain(source);
  });

  // The build lets esbuild drop modules whose exports a chunk does not use (scripts/build.mjs);
  // a bare `import './x.ts'`, kept only for what it does on load, would silently vanish.
  it('src/ has no import kept only for its side effects', () => {
    const bare: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts') && /^import\s+['"]/m.test(readFileSync(path, 'utf8')))
          bare.push(relative(ROOT, path));
      }
    };
    walk(join(ROOT, 'src'));
    expect(bare).toEqual([]);
  });
});
