import { OpfError } from '../core/index.ts';
import type { Forge, PullRequestRef } from '../forge/index.ts';
import {
  commitPlan,
  git,
  isPushRace,
  openRepository,
  type Plan,
  type Repository,
} from '../gitops/index.ts';
import { syncWorkspace } from './workspace.ts';

/** Upper bound of the random pause after a lost push race, per attempt so far. */
const RACE_PAUSE_MS = 40;

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export type DeliveryMode = 'direct' | 'pull-request';

export interface DeliveryTarget {
  /** The GitOps remote (a path or URL git can push to). */
  remote: string;
  /** The branch ArgoCD applies. */
  branch: string;
  /** opf's own clone of the remote. */
  workDir: string;
  mode: DeliveryMode;
  /** Needed in pull-request mode. */
  forge?: Forge;
  /** Run `kubectl kustomize` on the touched directories before committing. */
  kustomize?: boolean;
  /**
   * Takes this process's turn on the remote among every replica (an advisory lock in the
   * shared database), so pushes land the first time instead of racing. Absent with one
   * process (PGlite): its runner delivers one job at a time anyway.
   */
  takeTurn?: <T>(work: (held: boolean) => Promise<T>) => Promise<T>;
}

export interface DeliveryResult {
  mode: DeliveryMode;
  /** The commit with the change (on the branch, or on the pull request's branch). */
  commit: string;
  /** True when the change was already there: nothing was written. */
  alreadyDone: boolean;
  branch: string;
  pullRequest?: PullRequestRef;
  attempts: number;
}

/**
 * Bring a change into the GitOps repository. The plan is made against the remote's newest
 * head; when someone pushes first, the change is planned, validated and committed again on
 * the new head (never force-pushed over theirs). A plan with no changes means the change is
 * already in the repository (a re-run), which is a success.
 */
export async function deliverChange(
  target: DeliveryTarget,
  planFor: (repo: Repository) => Plan,
  names: { title: string; changeBranch: string },
  maxAttempts = 8,
): Promise<DeliveryResult> {
  const attempt = () => deliverOnce(target, planFor, names, maxAttempts);
  return target.takeTurn ? target.takeTurn(attempt) : attempt();
}

async function deliverOnce(
  target: DeliveryTarget,
  planFor: (repo: Repository) => Plan,
  names: { title: string; changeBranch: string },
  maxAttempts: number,
): Promise<DeliveryResult> {
  for (let attempt = 1; attempt <= maxAttempts; attempt += 1) {
    const head = await syncWorkspace(target.remote, target.workDir, target.branch);
    const plan = planFor(openRepository(target.workDir));
    if (plan.changes.length === 0)
      return {
        mode: target.mode,
        commit: head,
        alreadyDone: true,
        branch: target.branch,
        attempts: attempt,
      };
    // The clone was just forced to `head` and cleaned: no status or HEAD to ask git for.
    const { commit } = await commitPlan(
      target.workDir,
      { ...plan, summary: names.title },
      { kustomize: target.kustomize ?? false, head, clean: true },
    );
    if (!commit) throw new OpfError('OPF_ERR_GITOPS_GIT_FAILED', 'the change produced no commit');
    if (target.mode === 'direct') {
      try {
        await git(target.workDir, ['push', '-q', 'origin', `HEAD:refs/heads/${target.branch}`]);
        return {
          mode: 'direct',
          commit,
          alreadyDone: false,
          branch: target.branch,
          attempts: attempt,
        };
      } catch (error) {
        if (isPushRace(error) && attempt < maxAttempts) {
          // Writers that lost together would race again in lockstep; a random pause spreads them.
          await pause(Math.random() * RACE_PAUSE_MS * attempt);
          continue;
        }
        throw error;
      }
    }
    if (!target.forge)
      throw new OpfError(
        'OPF_ERR_CONFIG_INVALID',
        'pull-request delivery needs a forge (OPF_GITOPS_FORGE)',
      );
    // The change branch is opf's own: replacing it with the newest plan is right.
    await git(target.workDir, [
      'push',
      '-q',
      '--force',
      'origin',
      `HEAD:refs/heads/${names.changeBranch}`,
    ]);
    const pullRequest = await target.forge.openPullRequest({
      head: names.changeBranch,
      base: target.branch,
      title: names.title.split('\n')[0]!,
      body: names.title,
    });
    return {
      mode: 'pull-request',
      commit,
      alreadyDone: false,
      branch: names.changeBranch,
      pullRequest,
      attempts: attempt,
    };
  }
  throw new OpfError(
    'OPF_ERR_GITOPS_GIT_FAILED',
    `the remote kept moving; gave up after ${maxAttempts} attempts`,
  );
}
