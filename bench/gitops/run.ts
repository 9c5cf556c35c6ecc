import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { importRepository, validateRepository } from '../../src/gitops/index.ts';
import { FIXTURE_DIR } from '../../test/support/fixture-path.ts';
import { compareViews, type Difference, viewFromInventory, viewFromKustomize } from './compare.ts';
import { kubectlVersion, kustomizableFixture, runKustomize } from './fixture.ts';
import { generateRepository } from './generate.ts';

/**
 * GitOps engine benchmark (issue 3): opf's import and validation of an apps repository beside
 * `kubectl kustomize` of the same cluster overlay (the anchor), in the same run, on the
 * operate-first/apps fixture (cluster moc/smaug) and on synthetic repositories in the same
 * layout with 1,000 and 10,000 namespaces. Prints a table with the ratio kustomize / opf and
 * the targets (validate 10,000 namespaces < 2 s; ≥ 50× kustomize at 1,000), and checks that
 * kustomize's output and opf's inventory hold the same namespaces, quotas and role bindings.
 *
 *   node --import tsx bench/gitops/run.ts [--iterations 5] [--sizes 1000,10000]
 *     [--kustomize-max 1000] [--kustomize-timeout 240] [--fixture DIR]
 *
 * The fixture is found as the tests find it (shared/fixtures beside the checkout, or
 * OPF_SHARED_DIR); without it the run measures the synthetic repositories only.
 *
 * opf "cold": one call in a fresh Node process (nothing parsed yet; the files are in the OS
 * cache, as after any earlier read); opf "warm": median of --iterations calls in this process
 * (the bounded parse cache keyed by file content then answers). validate includes import (it
 * imports the tree, then checks every file and reference). The ratio and the targets use the
 * cold validate. kustomize runs once per data set, only up to --kustomize-max namespaces
 * (it grows faster than linearly: 1–4 min at 1,000 on two cores) and is stopped after
 * --kustomize-timeout seconds. Only local files; temporary directories are removed.
 */
const { values: args } = parseArgs({
  options: {
    iterations: { type: 'string', default: '5' },
    sizes: { type: 'string', default: '1000,10000' },
    'kustomize-max': { type: 'string', default: '1000' },
    'kustomize-timeout': { type: 'string', default: '240' },
    fixture: { type: 'string' },
  },
});
const ITERATIONS = Math.max(1, Number(args.iterations));
const SIZES = args.sizes.split(',').filter(Boolean).map(Number);
const KUSTOMIZE_MAX = Number(args['kustomize-max']);
const KUSTOMIZE_TIMEOUT_S = Number(args['kustomize-timeout']);
const VALIDATE_10K_TARGET_MS = 2000;
const RATIO_TARGET = 50;
const CLUSTER = 'moc/smaug';
const OVERLAY = 'cluster-scope/overlays/prod/moc/smaug';

const temp = mkdtempSync(join(tmpdir(), 'opf-bench-gitops-'));
const cleanup = () => rmSync(temp, { recursive: true, force: true });
process.once('exit', cleanup);
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    cleanup();
    process.exit(130);
  });
// A bench run must end by itself.
const hardLimitS = 300 + KUSTOMIZE_TIMEOUT_S * (SIZES.length + 1);
setTimeout(() => {
  console.error(`bench: still running after ${hardLimitS} s; stopping`);
  process.exit(2);
}, hardLimitS * 1000).unref();

interface DataSet {
  name: string;
  dir: string;
  /** Where kustomize runs, when not `dir` (the fixture without its SOPS generator). */
  kustomizeDir?: string;
  namespaces: number;
  synthetic: boolean;
}

interface Row {
  set: DataSet;
  importCold: number;
  importWarm: number;
  validateCold: number;
  validateWarm: number;
  findings: number;
  /** stoppedAfter: kustomize was stopped at the timeout (its time is a lower bound). */
  kustomize: { ms: number } | { skipped: string; stoppedAfter?: number };
  differences?: Difference[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

function cold(what: 'import' | 'validate', dir: string): { ms: number; findings?: number } {
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(new URL('./once.ts', import.meta.url)), what, dir, CLUSTER],
    { encoding: 'utf8', maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split('\n').pop()!);
}

async function measure(set: DataSet): Promise<Row> {
  const importCold = cold('import', set.dir).ms;
  const validateOnce = cold('validate', set.dir);
  const importTimes: number[] = [];
  const validateTimes: number[] = [];
  let inventory = importRepository(set.dir);
  for (let i = 0; i < ITERATIONS; i++) {
    let t0 = performance.now();
    inventory = importRepository(set.dir);
    importTimes.push(performance.now() - t0);
    t0 = performance.now();
    validateRepository(set.dir, { cluster: CLUSTER });
    validateTimes.push(performance.now() - t0);
  }
  const row: Row = {
    set,
    importCold,
    importWarm: median(importTimes),
    validateCold: validateOnce.ms,
    validateWarm: median(validateTimes),
    findings: validateOnce.findings ?? 0,
    kustomize: { skipped: '' },
  };
  if (set.namespaces > KUSTOMIZE_MAX) {
    row.kustomize = {
      skipped: `not run: ${set.namespaces} namespaces > --kustomize-max ${KUSTOMIZE_MAX} (kustomize grows faster than linearly: 1–4 min at 1,000 on two cores, many minutes here)`,
    };
    return row;
  }
  const outFile = join(temp, `${set.name.replace(/\W+/g, '-')}.yaml`);
  const k = await runKustomize(set.kustomizeDir ?? set.dir, OVERLAY, outFile, KUSTOMIZE_TIMEOUT_S);
  if (k.stopped) {
    row.kustomize = { skipped: `> ${KUSTOMIZE_TIMEOUT_S} s (stopped)`, stoppedAfter: k.ms };
    return row;
  }
  row.kustomize = { ms: k.ms };
  row.differences = compareViews(
    viewFromKustomize(readFileSync(outFile, 'utf8')),
    viewFromInventory(inventory, CLUSTER),
  );
  rmSync(outFile, { force: true });
  return row;
}

/** kustomize / opf cold validate; a lower bound when kustomize was stopped at the timeout. */
function kustomizeRatio(r: Row): number | undefined {
  const ms = 'ms' in r.kustomize ? r.kustomize.ms : r.kustomize.stoppedAfter;
  return ms === undefined ? undefined : ms / r.validateCold;
}

function table(rows: Row[]): string {
  const header = [
    'data set',
    'namespaces',
    'opf import ms cold',
    'warm',
    'opf validate ms cold',
    'warm',
    'findings',
    'kustomize ms',
    'kustomize / opf validate',
    'same as kustomize',
    'targets',
  ];
  const lines = rows.map((r) => {
    const kms = 'ms' in r.kustomize ? r.kustomize.ms : undefined;
    const ratio = kustomizeRatio(r);
    const atLeast = !('ms' in r.kustomize) && ratio !== undefined ? '> ' : '';
    const targets: string[] = [];
    if (r.set.namespaces >= 10_000)
      targets.push(`validate < 2 s ${r.validateCold < VALIDATE_10K_TARGET_MS ? 'ok' : 'FAIL'}`);
    if (r.set.synthetic && r.set.namespaces === 1000)
      targets.push(
        `≥ ${RATIO_TARGET}× ${ratio !== undefined && ratio >= RATIO_TARGET ? 'ok' : 'FAIL'}`,
      );
    return [
      r.set.name,
      String(r.set.namespaces),
      r.importCold.toFixed(0),
      r.importWarm.toFixed(0),
      r.validateCold.toFixed(0),
      r.validateWarm.toFixed(0),
      String(r.findings),
      kms !== undefined
        ? kms.toFixed(0)
        : 'skipped' in r.kustomize && r.kustomize.skipped.startsWith('>')
          ? r.kustomize.skipped.replace(' (stopped)', '')
          : 'not run',
      ratio !== undefined ? `${atLeast}${ratio.toFixed(1)}×` : '-',
      r.differences === undefined
        ? '-'
        : r.differences.length === 0
          ? 'same'
          : `${r.differences.length} differences`,
      targets.join(', ') || '-',
    ];
  });
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((l) => l[c]!.length)));
  const left = new Set([0, 9, 10]);
  const fmt = (l: string[]) =>
    `| ${l.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, c) => (left.has(c) ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`;
  return [fmt(header), rule, ...lines.map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const started = performance.now();
  console.log(
    `gitops bench: ${cpus().length} cores, Node ${process.version}, kubectl ${kubectlVersion()}, ` +
      `${ITERATIONS} warm iterations, load average (1 min) ${loadavg()[0]!.toFixed(2)} at start`,
  );
  const sets: DataSet[] = [];
  const fixture = args.fixture ?? FIXTURE_DIR;
  if (fixture === undefined)
    console.log(
      'fixture: not on this machine (set OPF_SHARED_DIR or --fixture); synthetic sets only',
    );
  else {
    const fixtureDir = join(temp, 'fixture');
    cpSync(fixture, fixtureDir, { recursive: true });
    const fixtureCount = importRepository(fixtureDir).clusters.find(
      (c) => `${c.env}/${c.name}` === CLUSTER,
    )!.namespaces.length;
    const kustomizeDir = join(temp, 'fixture-for-kustomize');
    cpSync(fixture, kustomizeDir, { recursive: true });
    for (const removed of kustomizableFixture(kustomizeDir, OVERLAY))
      console.log(`fixture, for kustomize only: removed ${removed}`);
    sets.push({
      name: 'operate-first/apps fixture',
      dir: fixtureDir,
      kustomizeDir,
      namespaces: fixtureCount,
      synthetic: false,
    });
  }
  for (const size of SIZES) {
    const dir = join(temp, `synthetic-${size}`);
    const t0 = performance.now();
    const s = generateRepository(dir, { namespaces: size });
    console.log(
      `generated ${size} namespaces: ${s.files} files, ${s.groups} groups, ${s.customQuotas} custom quotas, ` +
        `${s.clusterQuotas} per-cluster quota patches (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
    );
    sets.push({ name: `synthetic ${size}`, dir, namespaces: size, synthetic: true });
  }

  const rows: Row[] = [];
  for (const set of sets) {
    const row = await measure(set);
    rows.push(row);
    const k =
      'ms' in row.kustomize
        ? `kustomize ${row.kustomize.ms.toFixed(0)} ms`
        : `kustomize ${row.kustomize.skipped}`;
    console.log(`${set.name}: validate ${row.validateCold.toFixed(0)} ms cold; ${k}`);
    rmSync(set.dir, { recursive: true, force: true });
    if (set.kustomizeDir) rmSync(set.kustomizeDir, { recursive: true, force: true });
  }

  console.log(`\n${table(rows)}\n`);
  let failed = false;
  for (const r of rows) {
    if (r.set.namespaces >= 10_000 && r.validateCold >= VALIDATE_10K_TARGET_MS) failed = true;
    if (r.set.synthetic && r.set.namespaces === 1000) {
      if ((kustomizeRatio(r) ?? 0) < RATIO_TARGET) failed = true;
    }
    if (!('ms' in r.kustomize)) console.log(`${r.set.name}: kustomize ${r.kustomize.skipped}`);
    if (r.differences === undefined) continue;
    if (r.differences.length === 0) {
      console.log(`${r.set.name}: same namespaces, quotas and role bindings as kustomize's output`);
      continue;
    }
    if (r.set.synthetic) failed = true;
    console.log(
      `${r.set.name}: ${r.differences.length} differences from kustomize's output${r.set.synthetic ? '' : ' (see docs/performance.md for the known ones)'}:`,
    );
    for (const d of r.differences)
      console.log(
        `  ${d.what} ${d.key}: kustomize ${d.kustomize ?? '(none)'}, opf ${d.opf ?? '(none)'}`,
      );
  }
  console.log(
    `load average (1 min) ${loadavg()[0]!.toFixed(2)} at the end; total ${((performance.now() - started) / 1000).toFixed(0)} s`,
  );
  process.exitCode = failed ? 1 : 0;
}

main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
