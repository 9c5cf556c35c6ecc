import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { copyTree, git, TESTDATA, tempDir } from './helpers.ts';

/** `opf <argv>` in-process from `cwd`, with only the environment given (no OPF_* leaking in). */
async function opf(cwd: string, env: Record<string, string>, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { out: (t: string) => out.push(t), err: (t: string) => err.push(t), env, cwd };
  const status = await main(argv, io);
  return { status, out: out.join('\n'), err: err.join('\n') };
}

/** The test base in git, with a subdirectory to run commands from. */
function checkout(): string {
  const dir = copyTree(join(TESTDATA, 'base'));
  cpSync(join(TESTDATA, 'opfcli', 'base-extra'), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  return dir;
}

/** kubectl kustomize is not what these tests are about: each run would take seconds. */
const createGroup = (group: string) => ['gitops', 'create-group', group, '--no-kustomize'];
const head = (dir: string) => git(dir, 'rev-parse', 'HEAD').trim();
const groupsIn = (dir: string) =>
  git(dir, 'ls-files', 'cluster-scope/base/user.openshift.io/groups').split('\n');
const wrote = (dir: string, group: string) =>
  groupsIn(dir).includes(`cluster-scope/base/user.openshift.io/groups/${group}/group.yaml`);

/** A command that must have committed `group` in `dir` and nothing elsewhere. */
async function expectGroupIn(
  dir: string,
  group: string,
  run: ReturnType<typeof opf> extends Promise<infer R> ? R : never,
) {
  expect(run.status, run.err).toBe(0);
  expect(wrote(dir, group)).toBe(true);
  expect(git(dir, 'status', '--porcelain')).toBe('');
}

describe('opf gitops finds the repository as opfcli did', () => {
  it('with no flag: the enclosing git working tree of the current directory', async () => {
    const dir = checkout();
    const sub = join(dir, 'cluster-scope', 'base');
    const before = head(dir);
    await expectGroupIn(dir, 'from-inside', await opf(sub, {}, ...createGroup('from-inside')));
    expect(head(dir)).not.toBe(before);
    // opfcli's onboard takes its file positionally; opf's -f still names the request file.
    const file = join(TESTDATA, 'opfcli', 'samples', 'without-quota.yaml');
    const onboarded = await opf(sub, {}, 'gitops', 'onboard', file, '--no-kustomize');
    expect(onboarded.status, onboarded.err).toBe(0);
    expect(git(dir, 'log', '-1', '--format=%s')).toMatch(/onboard/i);
    const twice = await opf(sub, {}, 'gitops', 'onboard', file, '-f', `${file}.other`);
    expect(twice.err).toMatch(/^error OPF_ERR_USAGE: two request files/m);
    const none = await opf(sub, {}, 'gitops', 'onboard');
    expect(none.err).toMatch(/^error OPF_ERR_USAGE: the request file is missing/m);
  });

  it('outside any working tree: the current directory (here a plain copy, read-only)', async () => {
    const plain = copyTree(join(TESTDATA, 'base'));
    const run = await opf(plain, {}, 'gitops', 'inventory', '--json');
    expect(run.status, run.err).toBe(0);
    expect(JSON.parse(run.out).groups.length).toBeGreaterThan(0);
  });

  it('-r, --repo-dir, -R, --repodir, and --repo, from an unrelated directory', async () => {
    const dir = checkout();
    const elsewhere = tempDir();
    for (const [flag, group] of [
      ['-r', 'g-r'],
      ['--repo-dir', 'g-repo-dir'],
      ['-R', 'g-upper-r'],
      ['--repodir', 'g-repodir'],
      ['--repo', 'g-repo'],
    ] as const)
      await expectGroupIn(dir, group, await opf(elsewhere, {}, ...createGroup(group), flag, dir));
    const clash = await opf(elsewhere, {}, ...createGroup('x'), '-r', dir, '--repo', elsewhere);
    expect(clash.err).toMatch(/^error OPF_ERR_USAGE: --repo, --repo-dir and --repodir/m);
  });

  it('OPF_REPO_DIR, then .opfcli.yaml (in the repository or given with -f / --config-file)', async () => {
    const a = checkout();
    const b = checkout();
    const elsewhere = tempDir();
    // The environment names the repository.
    await expectGroupIn(
      b,
      'g-env',
      await opf(elsewhere, { OPF_REPO_DIR: b }, ...createGroup('g-env')),
    );
    // .opfcli.yaml in the working tree found from the current directory moves it to b
    // (viper's order: a flag, then the environment, then the file).
    writeFileSync(join(a, '.opfcli.yaml'), `repo-dir: ${b}\napp-name: cluster-scope\n`);
    git(a, 'add', '.opfcli.yaml');
    git(a, 'commit', '-q', '-m', 'config');
    await expectGroupIn(b, 'g-config', await opf(a, {}, ...createGroup('g-config')));
    await expectGroupIn(
      a,
      'g-env-wins',
      await opf(a, { OPF_REPO_DIR: a }, ...createGroup('g-env-wins')),
    );
    await expectGroupIn(
      a,
      'g-flag-wins',
      await opf(elsewhere, { OPF_REPO_DIR: b }, ...createGroup('g-flag-wins'), '-r', a),
    );
    expect(wrote(b, 'g-env-wins') || wrote(b, 'g-flag-wins')).toBe(false);
    // A config file given explicitly, by its short and long flag (onboard: only the long one).
    const config = join(elsewhere, 'opf.yaml');
    writeFileSync(config, `repo-dir: ${a}\n`);
    await expectGroupIn(a, 'g-f', await opf(elsewhere, {}, ...createGroup('g-f'), '-f', config));
    const sample = join(TESTDATA, 'opfcli', 'samples', 'with-quota.yaml');
    const onboard = await opf(
      elsewhere,
      {},
      'gitops',
      'onboard',
      sample,
      '--config-file',
      config,
      '--no-kustomize',
    );
    expect(onboard.status, onboard.err).toBe(0);
    // Refused with codes: a missing explicit file, a file that is not a mapping of strings.
    const missing = await opf(
      elsewhere,
      {},
      'gitops',
      'inventory',
      '-f',
      join(elsewhere, 'nope.yaml'),
    );
    expect(missing.err).toMatch(/^error OPF_ERR_FILE_UNREADABLE:/m);
    mkdirSync(join(elsewhere, 'bad'));
    writeFileSync(join(elsewhere, 'bad', 'opf.yaml'), 'repo-dir: [1, 2]\n');
    const bad = await opf(
      elsewhere,
      {},
      'gitops',
      'inventory',
      '-f',
      join(elsewhere, 'bad', 'opf.yaml'),
    );
    expect(bad.err).toMatch(/^error OPF_ERR_GITOPS_CONFIG_INVALID:/m);
    expect(bad.status).not.toBe(0);
  });
});

describe('opfcli’s -a/--app-name (the application directory)', () => {
  it('cluster-scope (the default) is accepted, by flag and from the environment', async () => {
    const dir = checkout();
    const ok = await opf(
      dir,
      { OPF_APP_NAME: 'cluster-scope' },
      ...createGroup('g-a'),
      '-a',
      'cluster-scope',
    );
    await expectGroupIn(dir, 'g-a', ok);
    const long = await opf(dir, {}, ...createGroup('g-app-name'), '--app-name', 'cluster-scope');
    await expectGroupIn(dir, 'g-app-name', long);
  });
  it('any other is refused with a code before anything is read or written', async () => {
    const dir = checkout();
    const before = head(dir);
    const refused = async (env: Record<string, string>, ...argv: string[]) => {
      const run = await opf(dir, env, ...argv);
      expect(run.status).not.toBe(0);
      expect(run.err).toMatch(/^error OPF_ERR_GITOPS_APP_NAME_UNSUPPORTED: .*other-scope/m);
    };
    await refused({}, ...createGroup('g1'), '-a', 'other-scope');
    await refused({}, 'gitops', 'inventory', '--app-name', 'other-scope');
    await refused({ OPF_APP_NAME: 'other-scope' }, ...createGroup('g2'));
    const config = join(tempDir(), 'opf.yaml');
    writeFileSync(config, 'app-name: other-scope\n');
    await refused({}, ...createGroup('g3'), '-f', config);
    // The flag wins over the environment, as in viper.
    await expectGroupIn(
      dir,
      'g4',
      await opf(dir, { OPF_APP_NAME: 'other-scope' }, ...createGroup('g4'), '-a', 'cluster-scope'),
    );
    expect(git(dir, 'rev-list', '--count', `${before}..HEAD`).trim()).toBe('1');
  });
});
