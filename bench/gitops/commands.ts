import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importRepository } from '../../src/gitops/index.ts';
import { FIXTURE_DIR } from '../../test/support/fixture-path.ts';
import { compareViews, viewFromInventory, viewFromKustomize } from './compare.ts';
import { kubectlVersion, kustomizableFixture, runKustomize } from './fixture.ts';
import { generateRepository, SHAPES, type Shape } from './generate.ts';

/**
 * GitOps commands as a user types them (issue 10): `opf gitops validate --repo DIR --cluster C`,
 * `opf gitops inventory --repo DIR --json` and `opf gitops onboard --repo DIR -f REQUEST` (a
 * real onboarding, committed), each a whole process from start to exit, spawned as
 * `node bin/opf.mjs ...`. Anchors in the same run: `node -e 0` (the floor of any Node
 * program) and `kubectl kustomize` of the same cluster overlay. Data sets: the
 * operate-first/apps fixture and synthetic repositories of each --shapes (generate.ts) and
 * --sizes, each a git repository (onboard commits).
 *
 *   node --import tsx bench/gitops/commands.ts [--runs 5] [--sizes 1000,10000]
 *     [--shapes simple,rich] [--kustomize-max 1000] [--kustomize-timeout 300]
 *     [--no-bundle] [--fixture DIR | --no-fixture]
 *
 * "bundle": the same commands through a one-file esbuild bundle of src/cli (built into the
 * temporary directory at the start, nothing committed), to show what a compiled CLI gives
 * before bin/opf.mjs runs compiled JavaScript itself; skipped when esbuild is not installed.
 * Targets (issue 10), on bin/opf.mjs: validate ≥ 100× faster than kustomize at 1,000
 * namespaces and < 2 s at 10,000; exit code 1 when one fails.
 */
const { values: args } = parseArgs({
  options: {
    runs: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1000,10000' },
    shapes: { type: 'string', default: SHAPES.join(',') },
    'kustomize-max': { type: 'string', default: '1000' },
    'kustomize-timeout': { type: 'string', default: '300' },
    'no-bundle': { type: 'boolean', default: false },
    'no-fixture': { type: 'boolean', default: false },
    fixture: { type: 'string' },
  },
});
const RUNS = Math.max(1, Number(args.runs));
const SIZES = args.sizes.split(',').filter(Boolean).map(Number);
const SHAPE_LIST = args.shapes.split(',').filter(Boolean) as Shape[];
const KUSTOMIZE_MAX = Number(args['kustomize-max']);
const KUSTOMIZE_TIMEOUT_S = Number(args['kustomize-timeout']);
const CLUSTER = 'moc/smaug';
const OVERLAY = 'cluster-scope/overlays/prod/moc/smaug';
const RATIO_TARGET = 100;
const VALIDATE_10K_TARGET_MS = 2000;
const REPO_ROOT = join(import.meta.dirname, '../..');
const OPF = join(REPO_ROOT, 'bin/opf.mjs');

for (const shape of SHAPE_LIST)
  if (!SHAPES.includes(shape)) throw new Error(`unknown shape ${shape}; known: ${SHAPES}`);

const temp = mkdtempSync(join(tmpdir(), 'opf-bench-gitops-cli-'));
process.once('exit', () => rmSync(temp, { recursive: true, force: true }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
// A bench run must end by itself: a budget per process that a loaded box still meets, plus
// kustomize's timeout per data set it runs on.
const processBudgetS = (size: number) => 10 + size / 250;
const hardLimitS =
  300 +
  KUSTOMIZE_TIMEOUT_S * (SHAPE_LIST.length * SIZES.filter((s) => s <= KUSTOMIZE_MAX).length + 1) +
  RUNS *
    6 *
    (processBudgetS(200) + SHAPE_LIST.length * SIZES.reduce((n, s) => n + processBudgetS(s), 0));
setTimeout(() => {
  console.error(`bench: still running after ${hardLimitS} s; stopping`);
  process.exit(2);
}, hardLimitS * 1000).unref();

type Cli = 'bin' | 'bundle';
type CommandName = 'validate' | 'inventory' | 'onboard';
interface Timing {
  median: number;
  max: number;
  /** Median CPU time (user + system), when GNU time is installed. */
  cpu?: number;
}
interface Row {
  name: string;
  namespaces: number;
  files: number;
  times: Partial<Record<`${CommandName} ${Cli}`, Timing>>;
  kustomize?: { ms: number; stopped: boolean };
  same?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * GNU time, when installed, reports each process's CPU time (user + system): on a shared box
 * wall time grows with the load, CPU time much less.
 */
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

/** One whole process, timed from spawn to exit; fails on an unexpected exit code. */
function timeProcess(argv: string[], okCodes = [0]): { ms: number; cpu?: number } {
  const [command, commandArgs] = GNU_TIME
    ? [GNU_TIME, ['-f', 'bench-cpu %U %S', process.execPath, ...argv]]
    : [process.execPath, argv];
  const t0 = performance.now();
  const run = spawnSync(command, commandArgs, {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t0;
  const cpuLine = /bench-cpu ([\d.]+) ([\d.]+)\s*$/.exec(run.stderr);
  // GNU time exits with the command's code.
  if (!okCodes.includes(run.status ?? -1))
    throw new Error(`node ${argv.join(' ')} exited ${run.status}: ${run.stderr}`);
  return cpuLine ? { ms, cpu: (Number(cpuLine[1]) + Number(cpuLine[2])) * 1000 } : { ms };
}

function timeRuns(argvOf: (run: number) => string[], okCodes?: number[]): Timing {
  const runs = Array.from({ length: RUNS }, (_, i) => timeProcess(argvOf(i), okCodes));
  const cpu = runs.flatMap((r) => (r.cpu === undefined ? [] : [r.cpu]));
  return {
    median: median(runs.map((r) => r.ms)),
    max: Math.max(...runs.map((r) => r.ms)),
    ...(cpu.length > 0 && { cpu: median(cpu) }),
  };
}

/** A one-file bundle of the CLI, as bin/opf.mjs runs it, in the temporary directory. */
function buildBundle(): string | undefined {
  if (args['no-bundle']) return undefined;
  let esbuild: string;
  try {
    esbuild = createRequire(join(REPO_ROOT, 'package.json')).resolve('esbuild/bin/esbuild');
  } catch {
    console.log('bundle: esbuild is not installed; measuring bin/opf.mjs only');
    return undefined;
  }
  const dir = join(temp, 'bundle');
  const entry = join(temp, 'bundle-entry.mjs');
  writeFileSync(
    entry,
    `import { main } from ${JSON.stringify(join(REPO_ROOT, 'src/cli/main.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`,
  );
  execFileSync(esbuild, [
    entry,
    '--bundle',
    '--splitting',
    '--platform=node',
    '--format=esm',
    '--packages=external',
    `--outdir=${dir}`,
    '--log-level=warning',
  ]);
  // Packages stay outside the bundle, found through node_modules as bin/opf.mjs finds them.
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return join(dir, 'bundle-entry.js');
}

function gitInit(dir: string): void {
  const git = (...a: string[]) => execFileSync('git', a, { cwd: dir, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.org', 'add', '-A');
  git('-c', 'user.name=bench', '-c', 'user.email=bench@example.org', 'commit', '-qm', 'data set');
  git('config', 'user.name', 'bench');
  git('config', 'user.email', 'bench@example.org');
}

let onboarded = 0;
function onboardRequest(): string {
  const name = `bench-${String(onboarded++).padStart(3, '0')}`;
  const file = join(temp, `${name}.yaml`);
  writeFileSync(
    file,
    `env: moc\ntarget_cluster: smaug\nteam_name: ${name}\nproject_description: A bench team\nusers: [${name}-lead]\nnamespaces:\n  - name: ${name}\n    quota: small\n`,
  );
  return file;
}

/** Each data set's figures as soon as they are measured, so a stopped run keeps them. */
async function measure(
  set: { name: string; dir: string; kustomizeDir?: string; files: number },
  clis: [Cli, string][],
): Promise<Row> {
  const row = await measureSet(set, clis);
  console.log(`measured: ${JSON.stringify(row)}`);
  return row;
}

async function measureSet(
  set: { name: string; dir: string; kustomizeDir?: string; files: number },
  clis: [Cli, string][],
): Promise<Row> {
  const namespaces = importRepository(set.dir).clusters.find(
    (c) => `${c.env}/${c.name}` === CLUSTER,
  )!.namespaces.length;
  const row: Row = { name: set.name, namespaces, files: set.files, times: {} };
  for (const [cli, script] of clis) {
    // validate exits 8 (findings) on the fixture, which has two.
    row.times[`validate ${cli}`] = timeRuns(
      () => [script, 'gitops', 'validate', '--repo', set.dir, '--cluster', CLUSTER],
      [0, 8],
    );
    row.times[`inventory ${cli}`] = timeRuns(() => [
      script,
      'gitops',
      'inventory',
      '--repo',
      set.dir,
      '--json',
    ]);
    row.times[`onboard ${cli}`] = timeRuns(() => [
      script,
      'gitops',
      'onboard',
      '--repo',
      set.dir,
      '-f',
      onboardRequest(),
    ]);
  }
  if (namespaces <= KUSTOMIZE_MAX) {
    const out = join(temp, 'kustomize.yaml');
    row.kustomize = await runKustomize(
      set.kustomizeDir ?? set.dir,
      OVERLAY,
      out,
      KUSTOMIZE_TIMEOUT_S,
    );
    if (!row.kustomize.stopped) {
      // Onboarding added namespaces since: compare with what the overlay listed for kustomize.
      const view = viewFromInventory(importRepository(set.kustomizeDir ?? set.dir), CLUSTER);
      const differences = compareViews(viewFromKustomize(readFileSync(out, 'utf8')), view);
      row.same = differences.length === 0 ? 'same' : `${differences.length} differences`;
    }
    rmSync(out, { force: true });
  }
  return row;
}

function table(rows: Row[], clis: Cli[], floor: Timing): string {
  const header = ['data set', 'namespaces', 'files'];
  for (const command of ['validate', 'inventory', 'onboard'] as const)
    for (const cli of clis) header.push(`${command} ${cli} ms (max) [cpu]`);
  header.push('kustomize ms', 'kustomize / validate', 'same as kustomize', 'targets (bin)');
  const lines = rows.map((r) => {
    const cells = [r.name, String(r.namespaces), String(r.files)];
    for (const command of ['validate', 'inventory', 'onboard'] as const)
      for (const cli of clis) {
        const t = r.times[`${command} ${cli}`];
        cells.push(
          t
            ? `${t.median.toFixed(0)} (${t.max.toFixed(0)})${t.cpu === undefined ? '' : ` [${t.cpu.toFixed(0)}]`}`
            : '-',
        );
      }
    const k = r.kustomize;
    const ratios = clis.map((cli) => {
      const v = r.times[`validate ${cli}`];
      return k && v ? `${k.stopped ? '> ' : ''}${(k.ms / v.median).toFixed(0)}× ${cli}` : '';
    });
    cells.push(
      k ? `${k.stopped ? '> ' : ''}${k.ms.toFixed(0)}` : 'not run',
      ratios.filter(Boolean).join(', ') || '-',
      r.same ?? '-',
      targets(r).join(', ') || '-',
    );
    return cells;
  });
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((l) => l[c]!.length)));
  const fmt = (l: string[]) => `| ${l.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ')} |`;
  const rule = `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`;
  return [
    fmt(header),
    rule,
    ...lines.map(fmt),
    '',
    `node -e 0 (the floor of any Node process): ${floor.median.toFixed(0)} ms median${floor.cpu === undefined ? '' : `, ${floor.cpu.toFixed(0)} ms CPU`}; [cpu] = median CPU ms (user + system)`,
  ].join('\n');
}

function targets(r: Row): string[] {
  const v = r.times['validate bin'];
  if (!v || r.name.startsWith('operate-first')) return [];
  const out: string[] = [];
  if (r.namespaces >= 10_000)
    out.push(`< 2 s ${v.median < VALIDATE_10K_TARGET_MS ? 'ok' : 'FAIL'}`);
  if (r.namespaces === 1000 && r.kustomize)
    out.push(`≥ ${RATIO_TARGET}× ${r.kustomize.ms / v.median >= RATIO_TARGET ? 'ok' : 'FAIL'}`);
  return out;
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `gitops commands bench: ${cpus().length} cores, Node ${process.version}, kubectl ${kubectlVersion()}, ` +
      `${RUNS} runs per command, load average ${loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} at start`,
  );
  const bundle = buildBundle();
  const clis: [Cli, string][] = [
    ['bin', OPF],
    ...(bundle ? [['bundle', bundle] as [Cli, string]] : []),
  ];
  const floor = timeRuns(() => ['-e', '0']);
  const rows: Row[] = [];
  const fixture = args['no-fixture'] ? undefined : (args.fixture ?? FIXTURE_DIR);
  if (fixture) {
    const dir = join(temp, 'fixture');
    cpSync(fixture, dir, { recursive: true });
    gitInit(dir);
    const kustomizeDir = join(temp, 'fixture-for-kustomize');
    cpSync(fixture, kustomizeDir, { recursive: true });
    kustomizableFixture(kustomizeDir, OVERLAY);
    const files = execFileSync('git', ['ls-files'], { cwd: dir, encoding: 'utf8' }).split('\n');
    rows.push(
      await measure(
        { name: 'operate-first/apps fixture', dir, kustomizeDir, files: files.length - 1 },
        clis,
      ),
    );
    console.log(`done: fixture (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    rmSync(dir, { recursive: true, force: true });
    rmSync(kustomizeDir, { recursive: true, force: true });
  } else console.log('fixture: not on this machine (OPF_SHARED_DIR or --fixture); synthetic only');
  for (const size of SIZES)
    for (const shape of SHAPE_LIST) {
      const dir = join(temp, `${shape}-${size}`);
      const summary = generateRepository(dir, { namespaces: size, shape });
      gitInit(dir);
      // kustomize reads a copy: onboarding adds namespaces to the measured repository.
      const kustomizeDir = size <= KUSTOMIZE_MAX ? join(temp, `${shape}-${size}-k`) : undefined;
      if (kustomizeDir) cpSync(dir, kustomizeDir, { recursive: true });
      rows.push(
        await measure(
          {
            name: `${shape} ${size}`,
            dir,
            files: summary.files,
            ...(kustomizeDir && { kustomizeDir }),
          },
          clis,
        ),
      );
      console.log(
        `done: ${shape} ${size} (${((performance.now() - started) / 1000).toFixed(0)} s)`,
      );
      rmSync(dir, { recursive: true, force: true });
      if (kustomizeDir) rmSync(kustomizeDir, { recursive: true, force: true });
    }
  console.log(
    `\n${table(
      rows,
      clis.map(([c]) => c),
      floor,
    )}`,
  );
  console.log(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} at the end; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exitCode = rows.some((r) => targets(r).some((t) => t.endsWith('FAIL'))) ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
