import { type ErrorCode, type ErrorKind, isOpfError, type OpfError } from '../core/index.ts';
import type { DeliveryResult } from '../delivery/index.ts';
import type { PullRequestRef } from '../forge/index.ts';
import type { OnboardingContext } from '../onboarding/index.ts';
import type { JobRecord } from '../store/index.ts';
import { enqueueJob } from '../store/index.ts';
import type { ProvisioningSettings } from './settings.ts';

/** Errors a retry cannot fix: the request, the change or the repository needs a person. */
export const NEEDS_A_PERSON: readonly ErrorKind[] = ['input', 'conflict', 'not-found'];

/**
 * Conflicts with another writer's moment, not with the content: another process changing
 * opf's clone, a file that changed between plan and write, edits a killed process left. The
 * next attempt starts from a fresh sync of the remote and goes through, so they are retried
 * (with backoff, a bounded number of times) instead of being put to a person.
 */
export const PASSING_CONFLICTS: ReadonlySet<ErrorCode> = new Set([
  'OPF_ERR_GITOPS_BUSY',
  'OPF_ERR_GITOPS_STALE_PLAN',
  'OPF_ERR_GITOPS_WORKTREE_DIRTY',
]);

/** True when no retry will fix the error: the request or the repository needs a person. */
export function needsAPerson(error: unknown): error is OpfError {
  return (
    isOpfError(error) && NEEDS_A_PERSON.includes(error.kind) && !PASSING_CONFLICTS.has(error.code)
  );
}

/** Pauses before the in-job retries of a passing conflict; then the job runner's backoff. */
const PASSING_PAUSES_MS = [200, 800];

/**
 * Run a delivery, trying again after a passing conflict a couple of times with a growing,
 * jittered pause. Still in conflict after that, the error goes to the job runner, which
 * retries the job with its own backoff until its attempts are used up (then `giveUp` says
 * so on the request): a bounded wait, and never a person for a moment's clash.
 */
export async function retryPassingConflicts<T>(deliver: () => Promise<T>): Promise<T> {
  for (const pauseMs of PASSING_PAUSES_MS) {
    try {
      return await deliver();
    } catch (error) {
      if (!(isOpfError(error) && PASSING_CONFLICTS.has(error.code))) throw error;
      await new Promise((resolve) => setTimeout(resolve, pauseMs * (0.5 + Math.random())));
    }
  }
  return deliver();
}

export const CLOSED_WITHOUT_MERGE = 'the pull request was closed without merging';

/** What a delivery record says about a push that had to be tried again. */
export function retryNote(result: DeliveryResult): string | null {
  return result.attempts > 1 ? `pushed after ${result.attempts} attempts (the remote moved)` : null;
}

/** Leave a job that looks at a pull request again after the poll interval. */
export async function lookAgainLater(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  kind: string,
  payload: unknown,
): Promise<void> {
  await enqueueJob(
    { tx: ctx.db },
    { kind, payload, runAt: new Date(Date.now() + settings.mergePollMs) },
  );
}

/**
 * The pull request of a merge-waiting job, once it is merged or closed. While it is still
 * open the job is left again for later and this answers undefined.
 */
export async function settledPullRequest(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  job: JobRecord,
  number: number,
): Promise<PullRequestRef | undefined> {
  const forge = settings.target.forge;
  if (!forge) return undefined;
  const pr = await forge.getPullRequest(number);
  if (pr.state !== 'open') return pr;
  await lookAgainLater(ctx, settings, job.kind, job.payload);
  return undefined;
}
