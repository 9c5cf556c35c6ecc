import type { JobHandler } from '../jobs/index.ts';
import { applyRequestAction, type OnboardingContext } from '../onboarding/index.ts';
import { findRequest, insertDelivery } from '../store/index.ts';
import { CLOSED_WITHOUT_MERGE, settledPullRequest } from './pull-request-steps.ts';
import { type ProvisioningSettings, SYSTEM_ACTOR } from './settings.ts';

/**
 * In pull-request mode the request becomes active when its pull request is merged. The
 * job looks at the pull request and, while it is open, leaves itself for later.
 */
export function awaitMergeJob(ctx: OnboardingContext, settings: ProvisioningSettings): JobHandler {
  return async (job) => {
    const { requestId, pullRequest } = job.payload as { requestId: number; pullRequest: number };
    const request = await findRequest({ tx: ctx.db }, requestId);
    if (request?.state !== 'provisioning') return;
    const pr = await settledPullRequest(ctx, settings, job, pullRequest);
    if (!pr) return;
    await insertDelivery(
      { tx: ctx.db },
      {
        requestId,
        mode: 'pull-request',
        outcome: pr.state === 'merged' ? 'merged' : 'failed',
        commitSha: null,
        branch: settings.target.branch,
        pullRequestUrl: pr.url,
        message: pr.state === 'merged' ? null : CLOSED_WITHOUT_MERGE,
      },
    );
    if (pr.state === 'merged')
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, 'activate', {
        reason: `pull request merged: ${pr.url}`,
      });
  };
}
