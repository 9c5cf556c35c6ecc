import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { processCpuMs } from '../support/process-cpu.ts';
import { Cleanups, endRunWithin, markdownTable } from '../support/run-steps.ts';

/**
 * CLI start-up benchmark (issue 10): the commands a user types, timed as whole processes from
 * spawn to exit, the way a shell runs them: `opf --help`, and `opf request list --json`
 * against a running local opf (`opf serve` on a free loopback port, the embedded database in
 * a temporary directory, with its demo data). Anchor, in the same rounds: `node -e 0`, the
 * floor of any Node program. The commands run in turn within each round, so a burst of load
 * on the machine falls on all of them. Prints median and maximum per command, the ratio of
 * the medians to the anchor's, and whether the targets hold (medians under 150 ms and 300 ms);
 * exits 1 when one does not.
 *
 *   npm run bench:cli -- [--runs 20] [--warmup 2]
 *
 * It runs bin/opf.mjs, so the compiled CLI in dist/: `npm run build` after editing src/.
 */
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
  },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const BIN = fileURLToPath(new URL('../../bin/opf.mjs', import.meta.url));

interface Measured {
  name: string;
  argv: string[];
  targetMs?: number;
  times: number[];
}

/** One process from spawn to exit, in milliseconds; fails on a non-zero exit. */
function timeProcess(argv: string[]): Promise<{ ms: number; stdout: string }> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('error', reject);
    child.once('close', (code) => {
      const ms = performance.now() - started;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`node ${argv.join(' ')} exited ${code}: ${stderr}`));
    });
  });
}

/** `opf serve` on a free loopback port; resolves with its address once it listens. */
function startServer(
  dataDir: string,
  cleanups: Cleanups,
): Promise<{ address: string; pid: number | undefined }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data-dir', dataDir], {
    env: { ...process.env, OPF_LOG_LEVEL: 'warn', OPF_GITOPS_KUSTOMIZE: 'off' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  cleanups.push(() => stopServer(child));
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const address = /opf listening on (http:\/\/\S+)/.exec(stderr)?.[1];
      if (address) resolve({ address, pid: child.pid });
    });
    child.once('exit', (code) => reject(new Error(`opf serve exited early (${code}): ${stderr}`)));
  });
}

/**
 * Wait until the server has finished what it does after it starts listening (on a new data
 * directory it keeps working for a few seconds), so that its work does not fall on the timed
 * commands: quiet means under 5% of a core over a second. Reads /proc (Linux); gives up after
 * 60 s. Returns the seconds waited and whether it went quiet, or undefined without /proc.
 */
async function settle(
  pid: number | undefined,
): Promise<{ seconds: number; quiet: boolean } | undefined> {
  const cpuMs = () => (pid === undefined ? undefined : processCpuMs(pid));
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  let before = cpuMs();
  if (pid === undefined || before === undefined) return undefined;
  while (seconds() < 60) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = cpuMs();
    if (now === undefined) return undefined;
    if (now - before < 50) return { seconds: seconds(), quiet: true };
    before = now;
  }
  return { seconds: seconds(), quiet: false };
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');

async function main(): Promise<number> {
  const cleanups = new Cleanups();
  endRunWithin(cleanups, 10 * 60_000);
  try {
    const dataDir = mkdtempSync(join(tmpdir(), 'opf-bench-cli-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    const { address: server, pid } = await startServer(dataDir, cleanups);
    const waited = await settle(pid);
    const commands: Measured[] = [
      { name: '`node -e 0` (anchor)', argv: ['-e', '0'], times: [] },
      { name: '`opf --help`', argv: [BIN, '--help'], targetMs: 150, times: [] },
      {
        name: '`opf request list --json`',
        argv: [BIN, 'request', 'list', '--json', '--server', server],
        targetMs: 300,
        times: [],
      },
    ];
    // The listing must be the real thing: the demo data's requests.
    const listing = JSON.parse((await timeProcess(commands[2]!.argv)).stdout) as { total: number };
    if (!(listing.total > 0)) throw new Error('opf request list --json listed no request');
    console.log(`opf serve at ${server}; ${RUNS} runs of each after ${WARMUP} warm-up rounds`);
    console.log(
      waited === undefined
        ? 'could not tell when opf serve went quiet (no /proc): timed at once'
        : waited.quiet
          ? `opf serve went quiet (under 5% of a core) ${waited.seconds.toFixed(1)} s after it listened`
          : `opf serve was still busy ${waited.seconds.toFixed(0)} s after it listened: timed anyway`,
    );
    // Node reads and parses the file's certificates as each process starts, before any of its
    // code runs: the anchor pays it too, so the ratios still compare; the absolute times do not.
    if (process.env.NODE_EXTRA_CA_CERTS)
      console.log(
        `NODE_EXTRA_CA_CERTS is set (${process.env.NODE_EXTRA_CA_CERTS}): every Node process here, the anchor too, parses it at start`,
      );
    console.log(`load average before: ${load()}`);
    for (let round = 0; round < WARMUP + RUNS; round++)
      for (const command of commands) {
        const { ms } = await timeProcess(command.argv);
        if (round >= WARMUP) command.times.push(ms);
      }
    console.log(`load average after: ${load()}\n`);
    const anchor = median(commands[0]!.times);
    let ok = true;
    const lines = commands.map((command) => {
      const med = median(command.times);
      const holds = command.targetMs === undefined ? undefined : med < command.targetMs;
      if (holds === false) ok = false;
      return [
        command.name,
        med.toFixed(0),
        Math.max(...command.times).toFixed(0),
        `${(med / anchor).toFixed(2)}×`,
        command.targetMs === undefined ? '' : `< ${command.targetMs}`,
        holds === undefined ? '' : holds ? 'yes' : 'NO',
      ];
    });
    console.log(
      markdownTable(
        ['command', 'median ms', 'max ms', 'median / anchor', 'target ms', 'holds'],
        lines,
        new Set([0]),
      ),
    );
    return ok ? 0 : 1;
  } finally {
    await cleanups.run();
  }
}

process.exitCode = await main();
