import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { templateDatabaseAt } from '../support/data-dir.ts';

/**
 * What can be checked without building the image (`npm run test:image` builds and runs it,
 * with podman, root and minutes): the build context holds what the Containerfile names, and
 * the CMD, run as the image runs it, writes nowhere but its data directory and temporary
 * directory (the two emptyDirs of deploy/base; the root filesystem is read-only).
 */
const ROOT = join(import.meta.dirname, '..', '..');
const containerfile = readFileSync(join(ROOT, 'Containerfile'), 'utf8');
const runtimeStage = containerfile.slice(containerfile.lastIndexOf('\nFROM '));
const ignored = readFileSync(join(ROOT, '.containerignore'), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#'));

describe('the build context holds what the Containerfile uses', () => {
  it('the entrypoint, the lock file, the build scripts and the sources are in the context', () => {
    const entrypoint = JSON.parse(/^ENTRYPOINT (\[.*\])$/m.exec(runtimeStage)![1]!) as string[];
    expect(entrypoint[1]).toBe('/opt/opf/bin/opf.mjs');
    const scripts = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).scripts;
    for (const [, script] of containerfile.matchAll(/npm run (\S+)/g))
      expect(scripts[script!], script).toBeDefined();
    expect(scripts.prepare).toBeDefined(); // npm ci builds dist/cli through it
    for (const needed of [
      'bin/opf.mjs',
      'package.json',
      'package-lock.json',
      'src',
      'web',
      'scripts',
    ])
      expect(
        existsSync(join(ROOT, needed)) &&
          !ignored.some((pattern) => needed === pattern || needed.startsWith(`${pattern}/`)),
        needed,
      ).toBe(true);
    // What the build stage removes after building exists (a renamed directory would stay in the image).
    const removed = /rm -rf ([^\n\\]+)/.exec(containerfile)![1]!.trim().split(/\s+/);
    for (const dir of removed) expect(existsSync(join(ROOT, dir)), dir).toBe(true);
  });
});

describe('the CMD as the image runs it', () => {
  const scratchDir = mkdtempSync(join(tmpdir(), 'opf-image-layout-'));
  afterAll(() => rmSync(scratchDir, { recursive: true, force: true }));

  /** Untracked and ignored paths of the checkout (a new directory as one line): what a process wrote into the code. */
  const writtenIntoCode = () =>
    execFileSync('git', ['status', '--porcelain', '--ignored'], {
      cwd: ROOT,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\n')
      .filter((line) => line && !line.startsWith(' M') && !line.startsWith('M'))
      .sort();

  it('starts with the image’s environment, answers its probes, and writes only to OPF_DATA_DIR and /tmp', async () => {
    const imageEnv = Object.fromEntries(
      [...runtimeStage.matchAll(/\b([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]),
    );
    expect(imageEnv).toMatchObject({
      NODE_ENV: 'production',
      OPF_DATA_DIR: '/var/lib/opf',
      HOME: '/tmp',
    });
    const dataDir = join(scratchDir, 'var-lib-opf');
    const tmp = join(scratchDir, 'tmp');
    execFileSync('mkdir', ['-p', dataDir, tmp]);
    // The image's database is a server (DATABASE_URL); here the embedded one stands in,
    // copied from the run's migrated template, which is much faster than initdb.
    templateDatabaseAt(join(dataDir, 'pglite'));
    const before = writtenIntoCode();
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(runtimeStage)![1]!) as string[];
    const child = spawn(process.execPath, [join(ROOT, 'bin/opf.mjs'), ...cmd], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        ...imageEnv,
        // The two writable places of the pod, here; loopback instead of every interface.
        OPF_DATA_DIR: dataDir,
        HOME: tmp,
        TMPDIR: tmp,
        HOST: '127.0.0.1',
        PORT: '0',
        OPF_ADMIN_TOKEN: 'image-layout-admin-token-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const address = await new Promise<string>((resolve, reject) => {
        let said = '';
        child.stderr.on('data', (chunk: Buffer) => {
          said += chunk.toString('utf8');
          const match = /opf listening on (\S+)/.exec(said);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited ${code}: ${said}`)));
      });
      expect((await fetch(`${address}/healthz`)).status).toBe(200);
      expect((await fetch(`${address}/readyz`)).status).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    expect(writtenIntoCode()).toEqual(before);
    // What it did write is there: its GitOps repository and workspace.
    expect(existsSync(join(dataDir, 'gitops', 'apps.git', 'HEAD'))).toBe(true);
  }, 120_000);
});
