import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeRequestInput, isOpfError, parseYamlInput } from '../../src/core/index.ts';
import {
  applyChanges,
  commitPlan,
  openRepository,
  planOnboarding,
  recoverWorkingTree,
} from '../../src/gitops/index.ts';
import { copyTree, git, snapshot, TESTDATA } from './helpers.ts';

const REQUEST = `
env: moc
target_cluster: smaug
team_name: gamma
project_description: Gamma
users: [gina]
namespaces:
  - name: gamma
    quota: small
`;

function plan(dir: string) {
  const request = decodeRequestInput(parseYamlInput(REQUEST, 'r'), 'r', {
    version: 'offline',
    accepted: [],
  });
  return planOnboarding(openRepository(dir), request);
}

async function codeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return isOpfError(error) ? error.code : String(error);
  }
  return undefined;
}

describe('all-or-nothing writes', () => {
  let dir: string;
  let before: Map<string, string>;
  beforeEach(() => {
    dir = copyTree(join(TESTDATA, 'base'), { git: true });
    before = snapshot(dir);
  });

  it('leaves the tree unchanged when an error strikes between two file writes', async () => {
    const changes = plan(dir).changes;
    expect(changes.length).toBeGreaterThan(3);
    const code = await codeOf(() =>
      applyChanges(dir, changes, {
        onStep: (index) => {
          if (index === 3) throw new Error('disk full');
        },
      }),
    );
    expect(code).toBe('OPF_ERR_GITOPS_WRITE_FAILED');
    expect(snapshot(dir)).toEqual(before);
    expect(existsSync(join(dir, '.git/opf-txn'))).toBe(false);
    expect(existsSync(join(dir, 'cluster-scope/base/core/namespaces/gamma'))).toBe(false);
  });

  it('restores files, index and HEAD when the commit step fails', async () => {
    const head = git(dir, 'rev-parse', 'HEAD');
    // A hook that refuses every commit: the files are in place and staged when it fails.
    writeFileSync(join(dir, '.git/hooks/pre-commit'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
    const code = await codeOf(() => commitPlan(dir, plan(dir), { kustomize: false }));
    expect(code).toBe('OPF_ERR_GITOPS_GIT_FAILED');
    expect(snapshot(dir)).toEqual(before);
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('never lets a change that breaks kubectl kustomize reach the repository', async () => {
    const bad = plan(dir);
    const kustomization = bad.changes.find((c) =>
      c.path.endsWith('namespaces/gamma/kustomization.yaml'),
    )!;
    kustomization.content = `${kustomization.content}patches:\n  - path: nope.yaml\n`;
    const code = await codeOf(() => commitPlan(dir, bad, { validate: false }));
    expect(code).toBe('OPF_ERR_GITOPS_KUSTOMIZE_FAILED');
    expect(snapshot(dir)).toEqual(before);
    expect(git(dir, 'status', '--porcelain')).toBe('');
  });

  it('refuses a change that adds a validation finding, before writing anything', async () => {
    const bad = plan(dir);
    const kustomization = bad.changes.find((c) =>
      c.path.endsWith('namespaces/gamma/kustomization.yaml'),
    )!;
    kustomization.content = kustomization.content!.replace(
      'resourcequotas/small',
      'resourcequotas/none',
    );
    expect(await codeOf(() => commitPlan(dir, bad))).toBe('OPF_ERR_GITOPS_VALIDATION_FAILED');
    expect(snapshot(dir)).toEqual(before);
  });

  it('rolls back after a kill -9 midway, and running again completes the change once', async () => {
    const script = join(import.meta.dirname, 'support/kill-midway.ts');
    const child = spawnSync(process.execPath, ['--import', 'tsx', script, dir, REQUEST, '3'], {
      encoding: 'utf8',
    });
    expect(child.signal).toBe('SIGKILL');
    // The kill really left a half-written tree behind.
    expect(snapshot(dir)).not.toEqual(before);
    expect(await recoverWorkingTree(dir)).toBe('rolled-back');
    expect(snapshot(dir)).toEqual(before);
    const head = git(dir, 'rev-parse', 'HEAD').trim();
    await commitPlan(dir, plan(dir), { kustomize: false });
    expect(git(dir, 'rev-list', '--count', `${head}..HEAD`).trim()).toBe('1');
    expect(git(dir, 'status', '--porcelain')).toBe('');
    expect(plan(dir).changes).toEqual([]);
  });

  it('refuses to start while another live process holds the repository', async () => {
    mkdirSync(join(dir, '.git/opf-txn'));
    writeFileSync(join(dir, '.git/opf-txn/lock'), String(process.ppid));
    expect(await codeOf(() => applyChanges(dir, plan(dir).changes))).toBe('OPF_ERR_GITOPS_BUSY');
    expect(snapshot(dir)).toEqual(before);
  });

  it('takes over the lock of a process that died, with nothing to undo', async () => {
    mkdirSync(join(dir, '.git/opf-txn'));
    writeFileSync(join(dir, '.git/opf-txn/lock'), '2147483646');
    await applyChanges(dir, plan(dir).changes);
    expect(existsSync(join(dir, 'cluster-scope/base/core/namespaces/gamma/namespace.yaml'))).toBe(
      true,
    );
  });

  it('judges the change against the tree it is given, not a second read of the disk', async () => {
    const repo = openRepository(dir);
    const request = decodeRequestInput(parseYamlInput(REQUEST, 'r'), 'r', {
      version: 'offline',
      accepted: [],
    });
    const onboarding = planOnboarding(repo, request);
    // Written after the tree was read, outside the change: a finding only the disk has.
    mkdirSync(join(dir, 'cluster-scope/base/core/namespaces/Bad_Name'));
    writeFileSync(join(dir, 'cluster-scope/base/core/namespaces/Bad_Name/kustomization.yaml'), '');
    const withTree = await commitPlan(dir, onboarding, { kustomize: false, tree: repo.fs });
    expect(withTree.commit).toBeDefined();
    expect(withTree.preExisting.map((f) => f.path)).not.toContain(
      'cluster-scope/base/core/namespaces/Bad_Name',
    );
    git(dir, 'reset', '-q', '--hard', 'HEAD~1');
    const again = await commitPlan(dir, plan(dir), { kustomize: false });
    expect(again.preExisting.map((f) => f.path)).toContain(
      'cluster-scope/base/core/namespaces/Bad_Name',
    );
  });

  it('refuses a plan whose files changed after planning', async () => {
    const stale = plan(dir);
    const overlay = join(dir, 'cluster-scope/overlays/prod/moc/smaug/kustomization.yaml');
    writeFileSync(overlay, `${readFileSync(overlay, 'utf8')}# edited meanwhile\n`);
    const edited = snapshot(dir);
    expect(await codeOf(() => applyChanges(dir, stale.changes))).toBe('OPF_ERR_GITOPS_STALE_PLAN');
    expect(snapshot(dir)).toEqual(edited);
  });
});
