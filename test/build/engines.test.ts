import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/check-engines.mjs', import.meta.url));
const run = promisify(execFile);
const roots: string[] = [];

/** A made-up checkout: opf's own engines, and installed packages with the given engines.node. */
function checkout(packages: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'opf-engines-'));
  roots.push(root);
  writeFileSync(join(root, 'package.json'), JSON.stringify({ engines: { node: '>=20.19' } }));
  for (const [path, node] of Object.entries(packages)) {
    const dir = join(root, 'node_modules', path);
    mkdirSync(dir, { recursive: true });
    const name = path.split('/node_modules/').at(-1);
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name, version: '1.0.0', engines: { node } }),
    );
  }
  return root;
}

async function check(root: string): Promise<{ code: number; out: string; err: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT, root]);
    return { code: 0, out: stdout, err: stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, out: failed.stdout, err: failed.stderr };
  }
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

describe('scripts/check-engines.mjs (run by .ci/run)', () => {
  it('passes when every package accepts Node 20.19', async () => {
    const result = await check(checkout({ a: '>=18', '@scope/b': '^20.19 || >=22', c: '*' }));
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('every installed package accepts node 20.19.0');
  });

  it('fails on a nested or scoped package that needs Node 22, naming it', async () => {
    const result = await check(
      checkout({ a: '>=18', 'a/node_modules/cookie': '>=22', '@scope/b': '>=20.20' }),
    );
    expect(result.code).toBe(1);
    expect(result.err).toContain('cookie@1.0.0');
    expect(result.err).toContain('needs node >=22, not 20.19.0');
    // 20.20 is newer than the 20.19 the README promises: refused for the oldest version.
    expect(result.err).toContain('@scope/b@1.0.0');
    expect(result.err).toContain('2 installed package(s)');
  });

  it('this checkout passes: no dependency refuses Node 20 (cookie and content-type pinned)', async () => {
    const result = await check(fileURLToPath(new URL('../..', import.meta.url)));
    expect(result.code, result.err).toBe(0);
  });
});
