import type { JobHandler } from '../jobs/index.ts';
import type { OnboardingContext } from '../onboarding/index.ts';
import { awaitRequestMergeJob } from './request-steps.ts';
import type { ProvisioningSettings } from './settings.ts';

/**
 * In pull-request mode the request becomes active when its pull request is merged. The
 * job looks at the pull request and, while it is open, leaves itself for later.
 */
export function awaitMergeJob(ctx: OnboardingContext, settings: ProvisioningSettings): JobHandler {
  return awaitRequestMergeJob(ctx, settings, {
    waitingIn: 'provisioning',
    mergedOutcome: 'merged',
    onMerged: { action: 'activate', reason: (url) => `pull request merged: ${url}` },
  });
}
