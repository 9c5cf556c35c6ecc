import { planProjectOffboarding } from '../gitops/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { applyRequestAction, type OnboardingContext } from '../onboarding/index.ts';
import { findRequest, insertDelivery } from '../store/index.ts';
import { lookAgainLater, retryNote } from './pull-request-steps.ts';
import { awaitRequestMergeJob, deliverRequestChange, giveUpOnRequest } from './request-steps.ts';
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
    const result = await deliverRequestChange(
      ctx,
      settings,
      requestId,
      'remove this project from',
      (repo) => planProjectOffboarding(repo, request.projectName, names),
      { title, changeBranch: `opf/offboard-${requestId}` },
    );
    if (!result) return;
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
  const giveUp = giveUpOnRequest(ctx, settings, 'remove this project from');
  return Object.assign(offboard, { giveUp });
}

/** The removal's pull request: merged → offboarded; closed → a person must look. */
export function awaitOffboardMergeJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): JobHandler {
  return awaitRequestMergeJob(ctx, settings, {
    waitingIn: 'offboarding',
    mergedOutcome: 'removal-merged',
    onMerged: { action: 'finish-offboarding', reason: (url) => `removal merged: ${url}` },
    onClosed: (url) =>
      `The pull request removing this project was closed without merging (${url}); the project stays offboarding until an ops engineer removes it or an admin finishes offboarding by hand.`,
  });
}
