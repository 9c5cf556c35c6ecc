import { isOpfError } from '../core/index.ts';
import { deliverChange } from '../delivery/index.ts';
import { planProjectOffboarding } from '../gitops/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { addComment, applyRequestAction, type OnboardingContext } from '../onboarding/index.ts';
import { findRequest, insertDelivery, type JobRecord } from '../store/index.ts';
import {
  CLOSED_WITHOUT_MERGE,
  lookAgainLater,
  NEEDS_A_PERSON,
  retryNote,
  settledPullRequest,
} from './pull-request-steps.ts';
import { type ProvisioningSettings, requestUrl, SYSTEM_ACTOR } from './settings.ts';

/** The follow-up of a removal delivered as a pull request: offboarded once it is merged. */
export const AWAIT_OFFBOARD_MERGE_JOB = 'gitops.offboard-await-merge';

/**
 * The job an offboarding decision leaves in the outbox: remove the project's namespaces
 * (and the groups, role bindings, AppProject and Applications only they used) from the
 * GitOps repository, the same way an approval writes them: a commit on the branch ArgoCD
 * applies, or a pull request. The request becomes offboarded once the removal is on that
 * branch. Safe to run twice: namespaces already gone plan nothing.
 */
export function offboardRequestJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): JobHandler {
  const offboard: JobHandler = async (job) => {
    const { requestId } = job.payload as { requestId: number };
    const request = await findRequest({ tx: ctx.db }, requestId);
    if (request?.state !== 'offboarding') return;
    const names = request.spec.namespaces.map((ns) => ns.name);
    const title = `Offboard ${request.projectName} (opf request ${requestId})\n\nDecided in opf: ${requestUrl(settings.publicUrl, requestId)}\nNamespaces removed: ${request.spec.namespaces.map((ns) => `${ns.name} on ${ns.cluster}`).join(', ')}`;
    let result: Awaited<ReturnType<typeof deliverChange>>;
    try {
      result = await deliverChange(
        settings.target,
        (repo) => planProjectOffboarding(repo, request.projectName, names),
        { title, changeBranch: `opf/offboard-${requestId}` },
      );
    } catch (error) {
      if (isOpfError(error) && NEEDS_A_PERSON.includes(error.kind)) {
        await recordFailure(ctx, settings, requestId, `${error.code}: ${error.message}`);
        return;
      }
      throw error;
    }
    await insertDelivery(
      { tx: ctx.db },
      {
        requestId,
        mode: result.mode,
        outcome: result.alreadyDone
          ? 'already-removed'
          : result.mode === 'direct'
            ? 'removed'
            : 'removal-proposed',
        commitSha: result.commit,
        branch: result.branch,
        pullRequestUrl: result.pullRequest?.url ?? null,
        message: retryNote(result),
      },
    );
    if (result.mode === 'direct' || result.alreadyDone || !result.pullRequest)
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, 'finish-offboarding', {
        reason: `removed on ${result.branch}: ${result.commit.slice(0, 12)}`,
      });
    else
      await lookAgainLater(ctx, settings, AWAIT_OFFBOARD_MERGE_JOB, {
        requestId,
        pullRequest: result.pullRequest.number,
      });
  };
  const giveUp = async (job: JobRecord, error: unknown) => {
    const { requestId } = job.payload as { requestId: number };
    const why = error instanceof Error ? error.message : String(error);
    await recordFailure(ctx, settings, requestId, `gave up after ${job.attempts} attempts: ${why}`);
  };
  return Object.assign(offboard, { giveUp });
}

/** The removal's pull request: merged → offboarded; closed → a person must look. */
export function awaitOffboardMergeJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): JobHandler {
  return async (job) => {
    const { requestId, pullRequest } = job.payload as { requestId: number; pullRequest: number };
    const request = await findRequest({ tx: ctx.db }, requestId);
    if (request?.state !== 'offboarding') return;
    const pr = await settledPullRequest(ctx, settings, job, pullRequest);
    if (!pr) return;
    await insertDelivery(
      { tx: ctx.db },
      {
        requestId,
        mode: 'pull-request',
        outcome: pr.state === 'merged' ? 'removal-merged' : 'failed',
        commitSha: null,
        branch: settings.target.branch,
        pullRequestUrl: pr.url,
        message: pr.state === 'merged' ? null : CLOSED_WITHOUT_MERGE,
      },
    );
    if (pr.state === 'merged')
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, 'finish-offboarding', {
        reason: `removal merged: ${pr.url}`,
      });
    else
      await addComment(
        ctx,
        SYSTEM_ACTOR,
        requestId,
        `The pull request removing this project was closed without merging (${pr.url}); the project stays offboarding until an ops engineer removes it or an admin finishes offboarding by hand.`,
      );
  };
}

async function recordFailure(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
  requestId: number,
  message: string,
) {
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
    `opf could not remove this project from the GitOps repository: ${message}. An ops engineer needs to look.`,
  );
}
