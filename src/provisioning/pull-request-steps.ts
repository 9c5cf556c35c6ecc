import type { ErrorKind } from '../core/index.ts';
import type { DeliveryResult } from '../delivery/index.ts';
import type { PullRequestRef } from '../forge/index.ts';
import type { OnboardingContext } from '../onboarding/index.ts';
import type { JobRecord } from '../store/index.ts';
import { enqueueJob } from '../store/index.ts';
import type { ProvisioningSettings } from './settings.ts';

/** Errors a retry cannot fix: the request, the change or the repository needs a person. */
export const NEEDS_A_PERSON: readonly ErrorKind[] = ['input', 'conflict', 'not-found'];

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
