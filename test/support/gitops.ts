import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REFERENCE_QUOTA_TIERS, SEED_CLUSTERS } from '../../src/core/index.ts';
import { ensureEmbeddedRemote } from '../../src/delivery/index.ts';
import { git } from '../../src/gitops/index.ts';
import { JobRunner } from '../../src/jobs/index.ts';
import type { OnboardingContext } from '../../src/onboarding/index.ts';
import { provisioningJobs } from '../../src/provisioning/index.ts';
import { FIXTURE_DIR, NO_FIXTURE } from './fixture-path.ts';

export interface TempRemote {
  dir: string;
  remote: string;
  cleanup(): void;
}

/** A bare remote with the empty layout for the seed clusters, in a temp directory. */
export async function emptyRemote(): Promise<TempRemote> {
  const dir = mkdtempSync(join(tmpdir(), 'opf-remote-'));
  const remote = await ensureEmbeddedRemote(
    join(dir, 'apps.git'),
    'main',
    SEED_CLUSTERS,
    REFERENCE_QUOTA_TIERS,
  );
  return { dir, remote, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A bare remote holding a copy of the real operate-first apps fixture. */
export async function fixtureRemote(): Promise<TempRemote> {
  const dir = mkdtempSync(join(tmpdir(), 'opf-fixture-remote-'));
  const work = join(dir, 'seed');
  if (!FIXTURE_DIR) throw new Error(NO_FIXTURE);
  cpSync(FIXTURE_DIR, work, {
    recursive: true,
  });
  await git(work, ['init', '-q', '--initial-branch=main']);
  await git(work, ['add', '-A']);
  await git(work, ['-c', 'user.name=t', '-c', 'user.email=t@t', 'commit', '-q', '-m', 'fixture']);
  const remote = join(dir, 'apps.git');
  await git(dir, ['clone', '-q', '--bare', work, remote]);
  return { dir, remote, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Merge branch `head` into `base` of a bare remote and push it, as a forge's merge button
 * does (a merge commit, never a fast-forward). The test forges' "merge" is this.
 */
export async function mergeOnRemote(
  remote: string,
  scratch: string,
  pull: { head: string; base: string; message: string; author?: string },
): Promise<void> {
  const work = mkdtempSync(join(scratch, 'merge-'));
  const author = pull.author ?? 'r';
  await git(work, ['clone', '-q', '--branch', pull.base, remote, '.']);
  await git(work, ['fetch', '-q', 'origin', pull.head]);
  await git(work, [
    '-c',
    `user.name=${author}`,
    '-c',
    `user.email=${author}@example.org`,
    'merge',
    '-q',
    '--no-ff',
    '-m',
    pull.message,
    'FETCH_HEAD',
  ]);
  await git(work, ['push', '-q', 'origin', `HEAD:${pull.base}`]);
  rmSync(work, { recursive: true, force: true });
}

export async function remoteLog(remote: string, branch = 'main'): Promise<string[]> {
  return (await git(remote, ['log', '--format=%s', branch])).split('\n');
}

/**
 * A job runner that tries each job once against a remote that does not exist: every
 * delivery fails, and none for a reason a person must fix, so the job runs out of attempts.
 */
export function unreachableRunner(ctx: OnboardingContext, scratchDir: string): JobRunner {
  return new JobRunner({
    db: ctx.db,
    maxAttempts: 1,
    handlers: provisioningJobs(ctx, {
      target: {
        remote: join(scratchDir, 'no-such-remote.git'),
        branch: 'main',
        workDir: join(scratchDir, 'work-unreachable'),
        mode: 'direct',
      },
      publicUrl: ctx.publicUrl,
      mergePollMs: 0,
    }),
  });
}
