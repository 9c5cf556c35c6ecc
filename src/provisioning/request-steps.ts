import { type DeliveryResult, deliverChange } from '../delivery/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { addComment, applyRequestAction, type OnboardingContext } from '../onboarding/index.ts';
import { findRequest, insertDelivery, type JobRecord } from '../store/index.ts';
import {
  CLOSED_WITHOUT_MERGE,
  needsAPerson,
  retryPassingConflicts,
  settledPullRequest,
} from './pull-request-steps.ts';
import { type ProvisioningSettings, SYSTEM_ACTOR } from './settings.ts';

/**
 * The steps a request's GitOps change takes, whatever the change: onboarding writes the
 * project in, offboarding removes it. Each job names what it does in the words the request's
 * comments use ("write this change into", "remove this project from").
 */
export type RequestChange = 'write this change into' | 'remove this project from';

/** A failure a person must look at: a delivery record and a comment on the request. */
export async function recordRequestFailure(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  requestId: number,
  change: RequestChange,
  message: string,
): Promise<void> {
  await insertDelivery(
    { tx: ctx.db },
    {
      requestId,
      mode: settings.target.mode,
      outcome: 'failed',
      commitSha: null,
      branch: null,
      pullRequestUrl: null,
      message,
    },
  );
  await addComment(
    ctx,
    SYSTEM_ACTOR,
    requestId,
    `opf could not ${change} the GitOps repository: ${message}. An ops engineer needs to look.`,
  );
}

/**
 * Deliver a request's change. An error no retry can fix (bad input, a conflict in the
 * content, something missing) is recorded on the request for a person and answers
 * undefined; any other error, a passing conflict with another writer included, is thrown
 * for the job runner to retry.
 */
export async function deliverRequestChange(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  requestId: number,
  change: RequestChange,
  planFor: Parameters<typeof deliverChange>[1],
  names: Parameters<typeof deliverChange>[2],
): Promise<DeliveryResult | undefined> {
  try {
    return await retryPassingConflicts(() => deliverChange(settings.target, planFor, names));
  } catch (error) {
    if (needsAPerson(error)) {
      await recordRequestFailure(
        ctx,
        settings,
        requestId,
        change,
        `${error.code}: ${error.message}`,
      );
      return undefined;
    }
    throw error;
  }
}

/** A delivery job out of attempts (the remote kept failing): said on the request. */
export function giveUpOnRequest(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  change: RequestChange,
) {
  return async (job: JobRecord, error: unknown): Promise<void> => {
    const { requestId } = job.payload as { requestId: number };
    const why = error instanceof Error ? error.message : String(error);
    await recordRequestFailure(
      ctx,
      settings,
      requestId,
      change,
      `gave up after ${job.attempts} attempts: ${why}`,
    );
  };
}

/** What a merge-waiting job does with its request once the pull request has settled. */
export interface AwaitedMerge {
  /** The request's state while the job waits; in any other, the job has nothing to do. */
  waitingIn: string;
  /** The delivery outcome recorded for the merge. */
  mergedOutcome: 'merged' | 'removal-merged';
  /** The request action the merge brings, with its reason. */
  onMerged: { action: 'activate' | 'finish-offboarding'; reason: (url: string) => string };
  /** A comment for the request when the pull request is closed without merging. */
  onClosed?: (url: string) => string;
}

/**
 * The job that follows a request's pull request: while it is open it leaves itself for
 * later; merged, the request moves on; closed, a failed delivery is recorded (and said).
 */
export function awaitRequestMergeJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  awaited: AwaitedMerge,
): JobHandler {
  return async (job) => {
    const { requestId, pullRequest } = job.payload as { requestId: number; pullRequest: number };
    const request = await findRequest({ tx: ctx.db }, requestId);
    if (request?.state !== awaited.waitingIn) return;
    const pr = await settledPullRequest(ctx, settings, job, pullRequest);
    if (!pr) return;
    const merged = pr.state === 'merged';
    await insertDelivery(
      { tx: ctx.db },
      {
        requestId,
        mode: 'pull-request',
        outcome: merged ? awaited.mergedOutcome : 'failed',
        commitSha: null,
        branch: settings.target.branch,
        pullRequestUrl: pr.url,
        message: merged ? null : CLOSED_WITHOUT_MERGE,
      },
    );
    if (merged)
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, awaited.onMerged.action, {
        reason: awaited.onMerged.reason(pr.url),
      });
    else if (awaited.onClosed)
      await addComment(ctx, SYSTEM_ACTOR, requestId, awaited.onClosed(pr.url));
  };
}
