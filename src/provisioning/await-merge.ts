import type { JobHandler } from '../jobs/index.ts';
import { applyRequestAction, type OnboardingContext } from '../onboarding/index.ts';
import { enqueueJob, findRequest, insertDelivery } from '../store/index.ts';
import { AWAIT_MERGE_JOB, type ProvisioningSettings, SYSTEM_ACTOR } from './settings.ts';

/**
 * In pull-request mode the request becomes active when its pull request is merged. The
 * job looks at the pull request and, while it is open, leaves itself for later.
 */
export function awaitMergeJob(ctx: OnboardingContext, settings: ProvisioningSettings): JobHandler {
  return async (job) => {
    const { requestId, pullRequest } = job.payload as { requestId: number; pullRequest: number };
    const request = await findRequest({ tx: ctx.db }, requestId);
    const forge = settings.target.forge;
    if (request?.state !== 'provisioning' || !forge) return;
    const pr = await forge.getPullRequest(pullRequest);
    if (pr.state === 'open') {
      await enqueueJob(
        { tx: ctx.db },
        {
          kind: AWAIT_MERGE_JOB,
          payload: job.payload,
          runAt: new Date(Date.now() + settings.mergePollMs),
        },
      );
      return;
    }
    await insertDelivery(
      { tx: ctx.db },
      {
        requestId,
        mode: 'pull-request',
        outcome: pr.state === 'merged' ? 'merged' : 'failed',
        commitSha: null,
        branch: settings.target.branch,
        pullRequestUrl: pr.url,
        message: pr.state === 'merged' ? null : 'the pull request was closed without merging',
      },
    );
    if (pr.state === 'merged')
      await applyRequestAction(ctx, SYSTEM_ACTOR, requestId, 'activate', {
        reason: `pull request merged: ${pr.url}`,
      });
  };
}
