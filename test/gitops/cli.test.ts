import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../cli/helpers.ts';
import { copyTree, FIXTURE, git, snapshot, TESTDATA, tempDir } from './helpers.ts';

interface Run {
  out: string;
  err: string;
  code?: string;
}

/** `opf <argv>` as a user runs it (bin/opf.mjs, the compiled CLI), in `cwd`. */
async function opf(cwd: string, ...argv: string[]): Promise<Run> {
  // HOME: git finds the committer's identity in the user's configuration, as for a user.
  const run = await runCli(argv, { HOME: process.env.HOME }, cwd);
  const result: Run = { out: run.out ? `${run.out}\n` : '', err: run.err ? `${run.err}\n` : '' };
  if (run.code === 0) return result;
  // A business error prints its stable code; anything else is a bug the test must show.
  const code = /^error (OPF_ERR_[A-Z0-9_]+):/m.exec(run.err)?.[1];
  if (code === undefined || code === 'OPF_ERR_INTERNAL')
    throw new Error(`opf ${argv.join(' ')} exited ${run.code}: ${run.err}`);
  result.code = code;
  return result;
}

// Skipped only on a machine without the shared fixture; the run prints why (NO_FIXTURE).
describe.skipIf(!FIXTURE)('opf gitops (offline commands)', () => {
  let fixture: string;
  let dir: string;
  beforeAll(() => {
    fixture = copyTree(FIXTURE);
    dir = copyTree(join(TESTDATA, 'base'), { git: true });
  });

  it('inventory --json prints clusters, namespaces and groups in the agreed shape', async () => {
    const run = await opf(fixture, 'gitops', 'inventory', '--repo', '.', '--json');
    const inventory = JSON.parse(run.out);
    expect(inventory.namespaces).toHaveLength(177);
    expect(inventory.groups).toHaveLength(97);
    const smaug = inventory.clusters.find((c: { name: string }) => c.name === 'smaug');
    expect(smaug).toMatchObject({ env: 'moc', name: 'smaug' });
    expect(smaug.namespaces).toHaveLength(96);
    expect(inventory.groups[0]).toMatchObject({
      name: expect.any(String),
      users: expect.any(Array),
    });
    expect(inventory.namespaces[0]).toHaveProperty('name');
  });

  it('inventory prints a table without --json', async () => {
    const run = await opf(fixture, 'gitops', 'inventory', '--repo', fixture);
    expect(run.out).toMatch(/moc\/smaug\s+96/);
    expect(run.out).toContain('177 namespaces, 97 groups');
  });

  it('validate prints every finding with its path and fails', async () => {
    const run = await opf(fixture, 'gitops', 'validate', '--repo', fixture);
    expect(run.code).toBe('OPF_ERR_GITOPS_FINDINGS');
    expect(run.out).toContain(
      'OPF_ERR_GITOPS_PATH_MISSING cluster-scope/base/user.openshift.io/groups/apex/group.yaml',
    );
    expect(run.out.trim().split('\n').length).toBeGreaterThanOrEqual(12);
  });

  it('validate --kustomize builds the namespaces of one cluster', async () => {
    const run = await opf(
      fixture,
      'gitops',
      'validate',
      '--repo',
      fixture,
      '--cluster',
      'emea/demo',
      '--kustomize',
      '--json',
    );
    const codes = (JSON.parse(run.out) as { code: string }[]).map((f) => f.code);
    expect(codes).not.toContain('OPF_ERR_GITOPS_KUSTOMIZE_FAILED');
    const broken = join(
      fixture,
      'cluster-scope/base/core/namespaces/demo-jupyterhub/kustomization.yaml',
    );
    const text = readFileSync(broken, 'utf8');
    writeFileSync(broken, `${text}patches:\n  - path: nope.yaml\n`);
    const failing = await opf(
      fixture,
      'gitops',
      'validate',
      '--repo',
      fixture,
      '--cluster',
      'emea/demo',
      '--kustomize',
    );
    writeFileSync(broken, text);
    expect(failing.code).toBe('OPF_ERR_GITOPS_FINDINGS');
    expect(failing.out).toContain(
      'OPF_ERR_GITOPS_KUSTOMIZE_FAILED cluster-scope/base/core/namespaces/demo-jupyterhub',
    );
  });

  it('validate passes on a clean tree', async () => {
    const run = await opf(dir, 'gitops', 'validate', '--repo', dir, '--cluster', 'moc/smaug');
    expect(run.code).toBeUndefined();
    expect(run.out).toBe('');
  });

  it('onboard --dry-run prints a unified diff and changes nothing', async () => {
    const before = snapshot(dir);
    const file = join(tempDir(), 'request.yaml');
    writeFileSync(
      file,
      'env: moc\ntarget_cluster: smaug\nteam_name: delta\nproject_description: D\nusers: [dee]\nnamespaces:\n  - name: delta\n    quota: small\n',
    );
    const run = await opf(dir, 'gitops', 'onboard', '-f', file, '--repo', '.', '--dry-run');
    expect(run.out).toContain(
      '--- /dev/null\n+++ b/cluster-scope/base/core/namespaces/delta/namespace.yaml',
    );
    expect(run.out).toContain('@@ -4,3 +4,4 @@\n resources:\n');
    expect(run.out).toContain('+    - ../../../../base/core/namespaces/delta\n');
    // The diff is one git itself can apply.
    const patch = join(tempDir(), 'dry-run.patch');
    writeFileSync(patch, run.out);
    git(dir, 'apply', '--check', patch);
    expect(snapshot(dir)).toEqual(before);

    const real = await opf(dir, 'gitops', 'onboard', '-f', file, '--repo', '.');
    expect(real.code).toBeUndefined();
    expect(real.out).toContain('committed');
    expect(git(dir, 'log', '-1', '--format=%s')).toContain('Onboard team delta');
    const again = await opf(dir, 'gitops', 'onboard', '-f', file, '--repo', '.');
    expect(again.out).toContain('nothing to change');
  });

  it('grant-access, enable-monitoring, set-quota and offboard commit, each naming what was done', async () => {
    await opf(dir, 'gitops', 'grant-access', 'alpha', 'viewers', 'edit', '--repo', '.');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe(
      'Grant edit on namespace alpha to group viewers',
    );
    await opf(dir, 'gitops', 'enable-monitoring', 'alpha', '--repo', '.');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe(
      'Enable monitoring of namespace alpha',
    );
    await opf(
      dir,
      'gitops',
      'set-quota',
      'alpha',
      'medium',
      '--cluster',
      'osc/osc-cl1',
      '--repo',
      '.',
    );
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe(
      'Set quota tier medium for namespace alpha on cluster osc/osc-cl1',
    );
    await opf(dir, 'gitops', 'offboard', 'alpha', '--repo', '.');
    expect(git(dir, 'log', '-1', '--format=%s').trim()).toBe('Offboard namespace alpha');
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('answers bad arguments with stable codes', async () => {
    expect(
      (await opf(dir, 'gitops', 'grant-access', 'nope', 'viewers', 'view', '--repo', '.')).code,
    ).toBe('OPF_ERR_GITOPS_NAMESPACE_UNKNOWN');
    expect(
      (await opf(dir, 'gitops', 'grant-access', 'delta', 'viewers', 'owner', '--repo', '.')).code,
    ).toBe('OPF_ERR_GITOPS_ROLE_INVALID');
    expect(
      (await opf(dir, 'gitops', 'grant-access', 'delta', 'nobody', 'view', '--repo', '.')).code,
    ).toBe('OPF_ERR_GITOPS_GROUP_UNKNOWN');
    expect((await opf(dir, 'gitops', 'enable-monitoring', '../x', '--repo', '.')).code).toBe(
      'OPF_ERR_NAME_INVALID',
    );
    expect((await opf(dir, 'gitops', 'onboard', '-f', 'missing.yaml', '--repo', '.')).code).toBe(
      'OPF_ERR_FILE_UNREADABLE',
    );
    expect((await opf(TESTDATA, 'gitops', 'inventory', '--repo', '.')).code).toBe(
      'OPF_ERR_GITOPS_REPO_INVALID',
    );
  });
});
