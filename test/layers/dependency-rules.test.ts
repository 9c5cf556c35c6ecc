import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = join(ROOT, '.dependency-cruiser.mjs');
const DEPCRUISE = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
// A plain JS config (what depcruise reads), loaded by path so TypeScript does not resolve it.
const { LAYERS: layers } = (await import(CONFIG)) as { LAYERS: Record<string, string[]> };

/** The "may import" column of docs/adr/0003-layout.md, folder by folder. */
function adrTable(): Record<string, string[]> {
  const adr = readFileSync(join(ROOT, 'docs/adr/0003-layout.md'), 'utf8');
  const rows = [...adr.matchAll(/^\| `src\/([a-z-]+)` \|[^|]*\| ([^|]*) \|$/gm)];
  return Object.fromEntries(
    rows.map(([, folder, may]) => [
      folder!,
      may!.trim() === 'nothing' ? [] : may!.split(',').map((name) => name.trim()),
    ]),
  );
}

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** Run the repository's check, as `npm run lint:deps` does, on a tree of files. */
async function cruise(files: Record<string, string>): Promise<Violation[]> {
  const dir = mkdtempSync(join(tmpdir(), 'opf-layers-'));
  temporary.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const roots = ['src', 'web'].filter((root) => Object.keys(files).some((f) => f.startsWith(root)));
  const args = [DEPCRUISE, ...roots, '--config', CONFIG, '--output-type', 'json'];
  const run = await promisify(execFile)(process.execPath, args, { cwd: dir }).catch(
    (failed: { stdout: string; code: number }) => {
      // depcruise exits with the number of errors: the JSON is still on stdout.
      expect(failed.code).toBeGreaterThan(0);
      return failed;
    },
  );
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}
const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

/** A stand-in for every src folder, each importing what it may through the index. */
function lawfulTree(): Record<string, string> {
  const files: Record<string, string> = {};
  for (const [folder, may] of Object.entries(layers)) {
    const imports = may.map((other) => `import '../${other}/index.ts';\n`).join('');
    files[`src/${folder}/index.ts`] = `${imports}export const ${folder} = 1;\n`;
    files[`src/${folder}/inner.ts`] = `export const inner = 1;\n`;
  }
  files['web/src/page.ts'] = "import '../../src/core/index.ts';\n";
  return files;
}

const brokenBy = (violations: Violation[]) =>
  violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`).sort();

describe('the layers of docs/adr/0003-layout.md', () => {
  it('the check holds the ADR table, and every src folder is in it', () => {
    expect(layers).toEqual(adrTable());
    const folders = readdirSync(join(ROOT, 'src'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name);
    expect(Object.keys(layers).sort()).toEqual(folders.sort());
  });

  it('the arrows form no cycle: each folder imports only folders listed before it', () => {
    const order = Object.keys(layers);
    for (const [folder, may] of Object.entries(layers))
      for (const other of may)
        expect(order.indexOf(other), `${folder} -> ${other}`).toBeLessThan(order.indexOf(folder));
    expect(layers.core).toEqual([]);
  });

  it('passes a tree that keeps every rule', async () => {
    expect(brokenBy(await cruise(lawfulTree()))).toEqual([]);
  });

  it('fails on each kind of import against the layers', async () => {
    const files = lawfulTree();
    // Past the index (the old onboarding -> community seed import, also against the arrows).
    files['src/onboarding/seed.ts'] = "import '../community/inner.ts';\n";
    // Past the index, though the arrow is allowed.
    files['src/cli/openapi.ts'] = "import '../server/inner.ts';\n";
    // core imports nothing.
    files['src/core/inner.ts'] = "import '../store/index.ts';\n";
    // A cycle between two folders, each through the other's index.
    files['src/jobs/inner.ts'] = "import '../provisioning/index.ts';\n";
    // A type-only import counts as much as any other.
    files['src/gitops/inner.ts'] =
      "import type { store } from '../store/index.ts';\nexport type S = typeof store;\n";
    // A folder the ADR does not name.
    files['src/unlisted/index.ts'] = "import '../core/index.ts';\n";
    // The portal reaching past core.
    files['web/src/page.ts'] = "import '../../src/store/index.ts';\n";
    const found = brokenBy(await cruise(files));
    expect(found).toEqual(
      expect.arrayContaining([
        'through-index-only: src/onboarding/seed.ts -> src/community/inner.ts',
        'layers-onboarding: src/onboarding/seed.ts -> src/community/inner.ts',
        'through-index-only: src/cli/openapi.ts -> src/server/inner.ts',
        'layers-core: src/core/inner.ts -> src/store/index.ts',
        'layers-jobs: src/jobs/inner.ts -> src/provisioning/index.ts',
        'layers-gitops: src/gitops/inner.ts -> src/store/index.ts',
        'folder-in-the-adr: src/unlisted/index.ts -> src/core/index.ts',
        'portal-uses-core-only: web/src/page.ts -> src/store/index.ts',
      ]),
    );
    expect(found.some((line) => line.startsWith('no-folder-cycles:'))).toBe(true);
  });
});
