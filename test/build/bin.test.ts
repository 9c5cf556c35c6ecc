import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin', 'opf.mjs');
const temp = mkdtempSync(join(tmpdir(), 'opf-bin-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(bin: string, args: string[], env: NodeJS.ProcessEnv = {}) {
  return new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: { PATH: process.env.PATH, ...env } },
      (error, out, err) => resolve({ code: error ? Number(error.code) : 0, out, err }),
    );
  });
}

/** A checkout with the sources and the dependencies but no dist/: nothing built yet. */
function unbuiltCheckout(): string {
  mkdirSync(join(temp, 'bin'));
  copyFileSync(BIN, join(temp, 'bin', 'opf.mjs'));
  symlinkSync(join(ROOT, 'src'), join(temp, 'src'));
  symlinkSync(join(ROOT, 'node_modules'), join(temp, 'node_modules'));
  return join(temp, 'bin', 'opf.mjs');
}

describe('bin/opf.mjs', () => {
  const bin = unbuiltCheckout();

  it('without a build, says how to make one and exits 70', async () => {
    const result = await run(bin, ['--help']);
    expect(result.code).toBe(70);
    expect(result.err).toContain('run `npm run build`');
  });

  it('OPF_DEV=1 runs the TypeScript sources through tsx, with no build', async () => {
    const result = await run(bin, ['--help'], { OPF_DEV: '1' });
    expect(result.code, result.err).toBe(0);
    expect(result.out).toContain('Usage: opf');
  });
});
