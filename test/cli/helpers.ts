import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirHasDatabase, type Running, startOpf } from '../../src/cli/runtime.ts';
import { loadServeConfig } from '../../src/config/index.ts';
import { emptyDataDir } from '../support/data-dir.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/** A temp directory, removed by the returned function. */
export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * opf on the embedded default, on a free port, with its data in `dataDir`. A directory with no
 * database gets the empty migrated template first (test/support/data-dir.ts), unless `fresh`
 * asks for a first start that runs initdb and every migration itself.
 */
export async function startTestOpf(
  dataDir: string,
  options: { fresh?: boolean } = {},
): Promise<Running> {
  if (!options.fresh && !dataDirHasDatabase(dataDir)) emptyDataDir(dataDir);
  const config = loadServeConfig(
    { OPF_DATA_DIR: dataDir, PORT: '0', OPF_ADMIN_TOKEN: ADMIN_TOKEN },
    {},
  );
  return startOpf(config);
}

/** The command a user types: it runs the compiled CLI in dist/ (the global setup builds it). */
export const OPF_BIN = fileURLToPath(new URL('../../bin/opf.mjs', import.meta.url));

/**
 * Run `opf <args>` as its own process through bin/opf.mjs, capturing what it prints. The
 * process sees `env` (plus PATH) and nothing else of the test's environment.
 */
export function runCli(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<CliRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [OPF_BIN, ...args],
      { cwd, env: { PATH: process.env.PATH, ...env }, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, out: stdout.replace(/\n$/, ''), err: stderr.replace(/\n$/, '') });
      },
    );
  });
}

export function writeFile(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A loopback port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  return address.port;
}
