import { planOnboarding } from '../gitops/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { applyRequestAction, type OnboardingContext } from '../onboarding/index.ts';
import { findRequest, insertDelivery } from '../store/index.ts';
import { lookAgainLater, retryNote } from './pull-request-steps.ts';
import { deliverRequestChange, giveUpOnRequest } from './request-steps.ts';
import {
  AWAIT_MERGE_JOB,
  type ProvisioningSettings,
  requestUrl,
  SYSTEM_ACTOR,
} from './settings.ts';

/**
 * The job an approval leaves in the outbox: write the request's change into the GitOps
 * repository, then move the request to provisioning (and to active once the change is on
 * the branch ArgoCD applies). Safe to run twice: a change already there plans as empty.
 */
export function deliverRequestJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): JobHandler {
  const deliver: JobHandler = async (job, lease) => {
    const { requestId } = job.payload as { requestId: number };
    const request = await findRequest({ tx: ctx.db }, requestId);
    if (!request || !['approved', 'provisioning'].includes(request.state)) return;
    const link = requestUrl(settings.publicUrl, requestId);
    const title = `Onboard ${request.projectName} (opf request ${requestId})\n\nApproved in opf: ${link}\nNamespaces: ${request.spec.namespaces.map((ns) => `${ns.name} on ${ns.cluster}`).join(', ')}`;
    const result = await deliverRequestChange(
      ctx,
      settings,
      requestId,
      'write this change into',
      (repo) => planOnboarding(repo, request.spec, { requestUrl: link }),
      { title, changeBranch: `opf/request-${requestId}` },
    );
    if (!result) return;
    // The push may have been slow: record it only while the job is still this worker's (a
    // replica that took it over records its own, finding the change already there).
    await lease.confirm();
    await insertDelivery(
      { tx: ctx.db },
      {
        requestId,
        mode: result.mode,
        outcome: result.alreadyDone
          ? 'already-present'
          : result.mode === 'direct'
            ? 'committed'
            : 'proposed',
        commitSha: result.commit,
        branch: result.branch,
        pullRequestUrl: result.pullRequest?.url ?? null,
        message: retryNote(result),
      },
    );
    const where = result.pullRequest
      ? `pull request ${result.pullRequest.url}`
      : `commit ${result.commit.slice(0, 12)} on ${result.branch}`;
    if (request.state === 'approved')
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, 'provision', {
        reason: `change written: ${where}`,
      });
    if (result.mode === 'direct')
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, 'activate', {
        reason: `on ${result.branch}: ${result.commit.slice(0, 12)}`,
      });
    else if (result.pullRequest)
      await lookAgainLater(ctx, settings, AWAIT_MERGE_JOB, {
        requestId,
        pullRequest: result.pullRequest.number,
      });
  };
  // Out of attempts (the remote kept failing): say so on the request, for a person to act.
  const giveUp = giveUpOnRequest(ctx, settings, 'write this change into');
  return Object.assign(deliver, { giveUp });
}
