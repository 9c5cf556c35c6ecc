import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { copyTree, git, listFiles, TESTDATA } from './helpers.ts';

/** Set UPDATE_GOLDEN=1 to rewrite testdata/gitops/opfcli/<case>/ from the current output. */
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const OPFCLI = join(TESTDATA, 'opfcli');

interface Run {
  status: number;
  out: string;
  err: string;
}

/** `opf <argv>` in-process, as the command line runs it, in `cwd`. */
async function opf(cwd: string, ...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io = {
    out: (t: string) => out.push(t),
    err: (t: string) => err.push(t),
    env: process.env,
    cwd,
  };
  const status = await main(argv, io);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** The test base (testdata/gitops/base plus a `testquota` tier, as opfcli's tests had) in git. */
function checkout(...extras: string[]): string {
  const dir = copyTree(join(TESTDATA, 'base'));
  for (const extra of ['base-extra', ...extras])
    cpSync(join(OPFCLI, extra), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** The files the last commit created or changed must be exactly testdata/gitops/opfcli/<name>/. */
function expectGolden(dir: string, name: string): void {
  const changed = git(dir, 'diff', '--name-status', 'HEAD~1', 'HEAD')
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
  expect(changed.filter(([status]) => status === 'D')).toEqual([]);
  const paths = changed.map(([, path]) => path!).sort();
  const expected = join(OPFCLI, 'golden', name);
  if (UPDATE) {
    rmSync(expected, { recursive: true, force: true });
    for (const path of paths) {
      mkdirSync(dirname(join(expected, path)), { recursive: true });
      writeFileSync(join(expected, path), readFileSync(join(dir, path)));
    }
  }
  expect(paths).toEqual(listFiles(expected));
  for (const path of paths)
    expect(readFileSync(join(dir, path), 'utf8'), path).toBe(
      readFileSync(join(expected, path), 'utf8'),
    );
}

/** `opf ARGV… --repo .` in the checkout `dir`. */
function opfInRepo(dir: string, ...argv: string[]): Promise<Run> {
  return opf(dir, ...argv, '--repo', '.');
}

function head(dir: string): string {
  return git(dir, 'rev-parse', 'HEAD').trim();
}

/** A refused command: its code on stderr, a non-zero status, and the checkout as it was. */
async function expectRefused(dir: string, code: string, ...argv: string[]): Promise<void> {
  const before = head(dir);
  const run = await opfInRepo(dir, ...argv);
  expect(run.status, run.err).not.toBe(0);
  expect(run.err).toMatch(new RegExp(`^error ${code}:`, 'm'));
  expect(head(dir)).toBe(before);
  expect(git(dir, 'status', '--porcelain')).toBe('');
}

/** A command that succeeds, commits exactly the golden files, and changes nothing when re-run. */
async function expectCommitted(name: string, argv: string[], rerun: 'same' | string = 'same') {
  const dir = checkout();
  const before = head(dir);
  const run = await opfInRepo(dir, ...argv);
  expect(run.status, run.err).toBe(0);
  expect(head(dir)).not.toBe(before);
  expect(git(dir, 'status', '--porcelain')).toBe('');
  expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe(
    run.out.split('\n')[0]!.replace(/^committed \w+: /, ''),
  );
  expectGolden(dir, name);
  if (rerun === 'same') {
    const again = await opfInRepo(dir, ...argv);
    expect(again.status, again.err).toBe(0);
    expect(again.out).toMatch(/^nothing to change/);
  } else await expectRefused(dir, rerun, ...argv);
  return dir;
}

/** The argv of `opf gitops COMMAND ARGS…`. */
const gitops = (command: string, ...args: string[]) => ['gitops', command, ...args];

/**
 * The cases of one opfcli command that commit: a title, the golden directory the commit must
 * match, the argv, and what a re-run gives ('same': nothing to change; else its error code).
 */
type CommittedCase = [title: string, golden: string, argv: string[], rerun?: string];

function committedCases(cases: CommittedCase[]): void {
  for (const [title, golden, argv, rerun] of cases)
    it(title, async () => {
      await expectCommitted(golden, argv, rerun);
    });
}

/** Refusals on one checkout, in order: each leaves it as it was. */
async function refusedInOrder(dir: string, cases: [code: string, argv: string[]][]) {
  for (const [code, argv] of cases) await expectRefused(dir, code, ...argv);
}

describe('opf gitops create-group (opfcli create-group)', () => {
  const exists = 'OPF_ERR_GITOPS_GROUP_EXISTS';
  committedCases([
    [
      'makes an empty group (users: []) listed in the all-clusters overlay',
      'create-group-empty',
      gitops('create-group', 'newteam'),
      exists,
    ],
    [
      '--users a,b writes the logins, as typed',
      'create-group-users',
      gitops('create-group', 'newteam', '--users', 'alice,Bob'),
      exists,
    ],
    [
      '-u a, b does the same',
      'create-group-users',
      gitops('create-group', 'newteam', '-u', 'alice, Bob'),
      exists,
    ],
  ]);
  it('an existing group is refused with a code; --exists-ok merges the users in', async () => {
    await refusedInOrder(checkout(), [
      [exists, gitops('create-group', 'alpha-team', '-u', 'carol')],
    ]);
    await expectCommitted(
      'create-group-exists-ok',
      gitops('create-group', 'alpha-team', '-u', 'carol,ALICE', '--exists-ok'),
    );
  });
  it('--exists-ok fills a group opf created empty (users: [])', async () => {
    const dir = checkout();
    const create = ['gitops', 'create-group', 'newteam', '--no-kustomize', '--repo', '.'];
    expect((await opf(dir, ...create)).status).toBe(0);
    const fill = await opf(dir, ...create, '-u', 'carol,dora', '--exists-ok');
    expect(fill.status, fill.err).toBe(0);
    const group = 'cluster-scope/base/user.openshift.io/groups/newteam/group.yaml';
    expect(readFileSync(join(dir, group), 'utf8')).toMatch(/^users:\n {2}- carol\n {2}- dora\n/m);
  });
  it('a group name that is not an RFC 1123 label is refused', async () => {
    await refusedInOrder(checkout(), [
      ['OPF_ERR_NAME_INVALID', gitops('create-group', 'Bad_Name')],
    ]);
  });
});

describe('opf gitops create-project (opfcli create-project)', () => {
  const project = (...args: string[]) => gitops('create-project', 'gamma', ...args);
  committedCases([
    [
      'NAME OWNER: the owner group is created empty, bound as admin, named as requester',
      'create-project-new-group',
      project('gamma-team'),
    ],
    [
      '-d -q -n with an existing group: display name, tier, no limit range; the group is reused',
      'create-project-short-flags',
      project('alpha-team', '-d', 'Gamma: the "third" #3', '-q', 'testquota', '-n'),
    ],
    [
      'long flags, a tier in any case, and opf’s --cluster listing it on an overlay',
      'create-project-long-flags',
      project(
        'alpha-team',
        '--display-name',
        'Gamma',
        '--quota',
        'Small',
        '--no-limitrange',
        '--cluster',
        'moc/smaug',
      ),
    ],
  ]);
  it('an unknown quota, an existing namespace and an unknown cluster are refused with codes', async () => {
    await refusedInOrder(checkout(), [
      ['OPF_ERR_GITOPS_TIER_UNKNOWN', project('alpha-team', '-q', 'huge')],
      ['OPF_ERR_GITOPS_NAMESPACE_EXISTS', gitops('create-project', 'alpha', 'alpha-team')],
      ['OPF_ERR_GITOPS_CLUSTER_UNKNOWN', project('alpha-team', '--cluster', 'moc/nowhere')],
      ['OPF_ERR_USAGE', project()],
    ]);
  });
});

describe('opf gitops install-operator (opfcli install-operator)', () => {
  const operator = (...args: string[]) => gitops('install-operator', ...args);
  committedCases([
    [
      'defaults: openshift-operators created for operate-first, an OperatorGroup, the Subscription',
      'install-operator-defaults',
      operator('camel-k', 'community-operators'),
    ],
    [
      'every flag, long: namespace, owner, channel, manual approval, single namespace, a cluster',
      'install-operator-long-flags',
      operator(
        'strimzi-kafka-operator',
        'community-operators',
        '--namespace',
        'kafka',
        '--owner',
        'alpha-team',
        '--channel',
        'stable',
        '--manual',
        '--single-namespace',
        '--cluster',
        'moc/smaug',
      ),
    ],
    [
      'every flag, short, into an existing namespace: only the OperatorGroup and Subscription',
      'install-operator-short-flags',
      operator(
        'grafana-operator',
        'operatorhubio-catalog',
        '-n',
        'alpha',
        '-o',
        'alpha-team',
        '-c',
        'v4',
        '-m',
        '-s',
      ),
    ],
  ]);
  it('a subscription of that name with other settings is refused; an OperatorGroup there is reused', async () => {
    const dir = checkout();
    const inAlpha = (...args: string[]) => operator(...args, '-n', 'alpha');
    expect((await opfInRepo(dir, ...inAlpha('camel-k', 'community-operators'))).status).toBe(0);
    await refusedInOrder(dir, [
      [
        'OPF_ERR_GITOPS_SUBSCRIPTION_EXISTS',
        inAlpha('camel-k', 'community-operators', '-c', 'stable'),
      ],
    ]);
    const run = await opfInRepo(dir, ...inAlpha('grafana-operator', 'community-operators'));
    expect(run.status, run.err).toBe(0);
    expect(run.out).not.toContain('operatorgroups');
  });
});

describe('opf gitops onboard with opfcli’s four sample onboard files', () => {
  const onboard = (file: string) => gitops('onboard', '-f', join(OPFCLI, 'samples', file));
  committedCases([
    [
      'without a quota and without users: an empty group, requester the team',
      'onboard-sample-without-quota',
      onboard('without-quota.yaml'),
    ],
    ['with a quota tier and users', 'onboard-sample-with-quota', onboard('with-quota.yaml')],
    [
      'without a limit range, with a display name',
      'onboard-sample-no-limit-range',
      onboard('disable-limit-range-and-display-name.yaml'),
    ],
  ]);
  it('both a tier and a custom quota: refused with a code', async () => {
    await refusedInOrder(checkout(), [
      ['OPF_ERR_QUOTA_AMBIGUOUS', onboard('with-custom-quota.yaml')],
    ]);
  });
});

describe('opf’s conveniences on the opfcli commands', () => {
  it('--dry-run prints the diff and changes nothing; --json reports what was done', async () => {
    const dir = checkout();
    const before = head(dir);
    const dry = await opfInRepo(
      dir,
      ...gitops('create-project', 'gamma', 'alpha-team', '--dry-run'),
    );
    expect(dry.status).toBe(0);
    expect(dry.out).toContain('+++ b/cluster-scope/base/core/namespaces/gamma/namespace.yaml');
    expect(head(dir)).toBe(before);
    expect(existsSync(join(dir, 'cluster-scope/base/core/namespaces/gamma'))).toBe(false);
    const dryJson = JSON.parse(
      (await opfInRepo(dir, '--json', ...gitops('create-group', 'g2', '--dry-run'))).out,
    );
    expect(dryJson).toMatchObject({ dryRun: true, changed: true, commit: null });
    expect(dryJson.diff).toContain('users: []');
    const done = JSON.parse(
      (await opfInRepo(dir, '--json', ...gitops('create-group', 'g2', '-u', 'dora'))).out,
    );
    expect(done).toMatchObject({
      summary: 'Create group g2',
      dryRun: false,
      changed: true,
      commit: head(dir),
    });
    expect(done.files).toContainEqual({
      path: 'cluster-scope/base/user.openshift.io/groups/g2/group.yaml',
      action: 'create',
    });
  });
});

describe('--json and --dry-run after the subcommand, on every gitops write command', () => {
  const sample = join(OPFCLI, 'samples', 'with-quota.yaml');
  const writes: string[][] = [
    ['onboard', sample],
    ['grant-access', 'alpha', 'alpha-team', 'edit'],
    ['enable-monitoring', 'alpha'],
    ['set-quota', 'alpha', 'testquota', '--cluster', 'moc/smaug'],
    ['create-group', 'g2', '-u', 'dora'],
    ['create-project', 'gamma', 'alpha-team', '-q', 'testquota'],
    ['install-operator', 'camel-k', 'community-operators', '-c', 'stable'],
    ['offboard', 'alpha'],
  ];
  it('each write command’s help lists --json and --dry-run', async () => {
    const dir = checkout();
    for (const [name] of writes) {
      const help = await opf(dir, 'gitops', name!, '--help');
      expect(help.out, name).toMatch(/^\s+--json\s/m);
      expect(help.out, name).toMatch(/^\s+--dry-run\s/m);
    }
  });
  it('--dry-run --json: the diff and the files, no commit, nothing written', async () => {
    const dir = checkout();
    const before = head(dir);
    for (const argv of writes) {
      const run = await opf(dir, 'gitops', ...argv, '--dry-run', '--json', '--repo', '.');
      expect(run.status, `${argv[0]}: ${run.err}`).toBe(0);
      const report = JSON.parse(run.out);
      expect(report, argv[0]).toMatchObject({ dryRun: true, changed: true, commit: null });
      expect(report.files.length, argv[0]).toBeGreaterThan(0);
      expect(report.diff, argv[0]).toContain('+++ b/');
    }
    expect(head(dir)).toBe(before);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });
  it('--json: what was written and the commit, for create-group, create-project, install-operator', async () => {
    const dir = checkout();
    for (const argv of writes.slice(4, 7)) {
      const run = await opf(dir, 'gitops', ...argv, '--json', '--no-kustomize', '--repo', '.');
      expect(run.status, `${argv[0]}: ${run.err}`).toBe(0);
      const report = JSON.parse(run.out);
      expect(report, argv[0]).toMatchObject({ dryRun: false, changed: true, commit: head(dir) });
      const committed = git(dir, 'show', '--name-only', '--format=', 'HEAD').trim().split('\n');
      expect(report.files.map((f: { path: string }) => f.path).sort()).toEqual(committed.sort());
    }
  });
});
