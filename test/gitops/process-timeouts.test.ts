import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeRequestInput, isOpfError, parseYamlInput } from '../../src/core/index.ts';
import { syncWorkspace } from '../../src/delivery/index.ts';
import {
  commitPlan,
  diskFs,
  kustomizeDirs,
  openRepository,
  git as opfGit,
  planOnboarding,
  processTimeouts,
} from '../../src/gitops/index.ts';
import { copyTree, git, snapshot, TESTDATA, tempDir } from './helpers.ts';

/**
 * git and kubectl run with deadlines: a remote that never answers, a hook or a kubectl that
 * hangs is stopped after the configured time, everything it started is killed, and the
 * caller gets a stable code. The hung programs are shell scripts that record their pid and
 * sleep far longer than any deadline here.
 */
const saved = { ...process.env };
afterEach(() => {
  for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
  Object.assign(process.env, saved);
});

async function codeOf(action: () => Promise<unknown>): Promise<string | undefined> {
  try {
    await action();
  } catch (error) {
    return isOpfError(error) ? error.code : String(error);
  }
  return undefined;
}

/** A script that writes its pid to `pidFile`, then sleeps (as the hung program). */
function hangingScript(dir: string, name: string, pidFile: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho $$ > '${pidFile}'\nexec sleep 300\n`, { mode: 0o755 });
  return path;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The hung program is gone: polled, because SIGKILL is delivered asynchronously. */
async function expectKilled(pidFile: string): Promise<void> {
  expect(existsSync(pidFile), 'the hung program ran').toBe(true);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  for (let i = 0; i < 100 && alive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  expect(alive(pid), `pid ${pid} still running`).toBe(false);
}

describe('git with a deadline', () => {
  let work: string;
  let pidFile: string;
  beforeEach(async () => {
    const remote = copyTree(join(TESTDATA, 'base'), { git: true });
    work = join(tempDir(), 'work');
    await syncWorkspace(remote, work, git(remote, 'rev-parse', '--abbrev-ref', 'HEAD').trim());
    pidFile = join(tempDir(), 'pid');
  });

  it('a fetch from a remote that never answers stops at OPF_GIT_TIMEOUT_SECONDS, ssh killed', async () => {
    const ssh = hangingScript(tempDir(), 'hung-ssh', pidFile);
    git(work, 'config', 'core.sshCommand', ssh);
    git(work, 'remote', 'set-url', 'origin', 'ssh://git.example.invalid/apps.git');
    process.env.OPF_GIT_TIMEOUT_SECONDS = '1';
    expect(await codeOf(() => syncWorkspace('unused', work, 'main'))).toBe(
      'OPF_ERR_GITOPS_GIT_TIMEOUT',
    );
    await expectKilled(pidFile);
  });

  it('a push to a hung remote the same way (the network timeout, not the local one)', async () => {
    const ssh = hangingScript(tempDir(), 'hung-ssh', pidFile);
    git(work, 'config', 'core.sshCommand', ssh);
    git(work, 'remote', 'set-url', 'origin', 'ssh://git.example.invalid/apps.git');
    process.env.OPF_GIT_TIMEOUT_SECONDS = '1';
    process.env.OPF_GIT_LOCAL_TIMEOUT_SECONDS = '3600';
    expect(await codeOf(() => opfGit(work, ['push', '-q', 'origin', 'HEAD:refs/heads/x']))).toBe(
      'OPF_ERR_GITOPS_GIT_TIMEOUT',
    );
    await expectKilled(pidFile);
  });

  it('a commit whose hook hangs stops at OPF_GIT_LOCAL_TIMEOUT_SECONDS and the tree is restored', async () => {
    const dir = copyTree(join(TESTDATA, 'base'), { git: true });
    const before = snapshot(dir);
    const head = git(dir, 'rev-parse', 'HEAD');
    hangingScript(join(dir, '.git/hooks'), 'pre-commit', pidFile);
    process.env.OPF_GIT_LOCAL_TIMEOUT_SECONDS = '1';
    const request = decodeRequestInput(
      parseYamlInput(
        'env: moc\ntarget_cluster: smaug\nteam_name: gamma\nproject_description: G\nusers: [gina]\nnamespaces:\n  - name: gamma\n    quota: small\n',
        'r',
      ),
      'r',
      { version: 'offline', accepted: [] },
    );
    const plan = planOnboarding(openRepository(dir), request);
    expect(await codeOf(() => commitPlan(dir, plan, { kustomize: false }))).toBe(
      'OPF_ERR_GITOPS_GIT_TIMEOUT',
    );
    await expectKilled(pidFile);
    expect(snapshot(dir)).toEqual(before);
    expect(git(dir, 'rev-parse', 'HEAD')).toBe(head);
  });
});

describe('kubectl kustomize with a deadline', () => {
  it('a kubectl that hangs is killed and the check fails with its own code', async () => {
    const root = tempDir();
    mkdirSync(join(root, 'overlay'));
    writeFileSync(join(root, 'overlay/kustomization.yaml'), 'resources: []\n');
    const bin = tempDir();
    const pidFile = join(tempDir(), 'pid');
    hangingScript(bin, 'kubectl', pidFile);
    process.env.PATH = `${bin}:${process.env.PATH}`;
    process.env.OPF_KUSTOMIZE_TIMEOUT_SECONDS = '0.5';
    expect(await codeOf(() => kustomizeDirs(root, diskFs(root), ['overlay']))).toBe(
      'OPF_ERR_GITOPS_KUSTOMIZE_TIMEOUT',
    );
    await expectKilled(pidFile);
  });
});

describe('timeout settings', () => {
  it('default to 120 s for remotes, 30 s locally, 60 s for kustomize', () => {
    expect(processTimeouts({})).toEqual({
      gitNetworkMs: 120_000,
      gitLocalMs: 30_000,
      kustomizeMs: 60_000,
    });
    expect(processTimeouts({ OPF_GIT_TIMEOUT_SECONDS: '2.5' }).gitNetworkMs).toBe(2500);
  });

  it('refuse what is not a positive number of seconds up to an hour', () => {
    for (const value of ['0', '-1', 'abc', '1e3', '3601', ' 5'])
      expect(() => processTimeouts({ OPF_GIT_LOCAL_TIMEOUT_SECONDS: value }), value).toThrow(
        /OPF_GIT_LOCAL_TIMEOUT_SECONDS/,
      );
  });
});
