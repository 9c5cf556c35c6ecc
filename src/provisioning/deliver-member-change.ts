import { deliverChange } from '../delivery/index.ts';
import { planMemberChange } from '../gitops/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import {
  completeMemberChange,
  failMemberChange,
  type OnboardingContext,
  proposeMemberChange,
} from '../onboarding/index.ts';
import { findMemberChange, type JobRecord } from '../store/index.ts';
import {
  CLOSED_WITHOUT_MERGE,
  lookAgainLater,
  needsAPerson,
  retryNote,
  retryPassingConflicts,
  settledPullRequest,
} from './pull-request-steps.ts';
import { type ProvisioningSettings, SYSTEM_ACTOR } from './settings.ts';

/** The follow-up of a member change delivered as a pull request: wait for its merge. */
export const AWAIT_MEMBER_MERGE_JOB = 'gitops.member-change-await-merge';

/**
 * Write one member change into the team's group file, through the same delivery path as an
 * approved request (direct push with race retry, or a pull request). Safe to run twice: a
 * change already in the file plans as empty and is recorded as delivered.
 */
export function deliverMemberChangeJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): JobHandler {
  const deliver: JobHandler = async (job, lease) => {
    const { changeId } = job.payload as { changeId: number };
    const change = await findMemberChange({ tx: ctx.db }, changeId);
    if (change?.state !== 'pending' || change.pullRequestUrl) return;
    // The public record of the team and its changes (this one among them).
    const link = `${settings.publicUrl}/api/v1/projects/${encodeURIComponent(change.project)}/members`;
    const verb = change.action === 'add' ? `Add ${change.login} to` : `Remove ${change.login} from`;
    const title = `${verb} team ${change.team} (opf member change ${changeId})\n\nAsked by ${change.requestedBy} in opf: ${link}`;
    let result: Awaited<ReturnType<typeof deliverChange>>;
    try {
      result = await retryPassingConflicts(() =>
        deliverChange(
          settings.target,
          (repo) => planMemberChange(repo, change.team, change.action, change.login),
          { title, changeBranch: `opf/member-change-${changeId}` },
        ),
      );
    } catch (error) {
      if (needsAPerson(error)) {
        await failMemberChange(ctx, SYSTEM_ACTOR, changeId, {
          mode: settings.target.mode,
          commitSha: null,
          branch: null,
          pullRequestUrl: null,
          message: `${error.code}: ${error.message}`,
        });
        return;
      }
      throw error;
    }
    // The push may have been slow: record it only while the job is still this worker's (a
    // replica that took it over records its own, finding the change already there).
    await lease.confirm();
    const outcome = {
      mode: result.mode,
      commitSha: result.commit,
      branch: result.branch,
      pullRequestUrl: result.pullRequest?.url ?? null,
      message: result.alreadyDone ? 'the group file already had this change' : retryNote(result),
    };
    if (result.mode === 'direct' || result.alreadyDone || !result.pullRequest) {
      await completeMemberChange(ctx, SYSTEM_ACTOR, changeId, outcome);
      return;
    }
    const pullRequest = result.pullRequest.number;
    // Together: a crash between the two would leave a proposed change nobody follows.
    await ctx.db.transaction().execute(async (tx) => {
      const inTx = { ...ctx, db: tx };
      await proposeMemberChange(inTx, changeId, outcome);
      await lookAgainLater(inTx, settings, AWAIT_MEMBER_MERGE_JOB, { changeId, pullRequest });
    });
  };
  return Object.assign(deliver, { giveUp: giveUpOnMemberChange(ctx, settings) });
}

/** A member change whose job ran out of attempts is failed, so its login can change again. */
function giveUpOnMemberChange(ctx: OnboardingContext, settings: ProvisioningSettings) {
  return async (job: JobRecord, error: unknown) => {
    const { changeId } = job.payload as { changeId: number };
    const change = await findMemberChange({ tx: ctx.db }, changeId);
    await failMemberChange(ctx, SYSTEM_ACTOR, changeId, {
      mode: change?.mode ?? settings.target.mode,
      commitSha: change?.commitSha ?? null,
      branch: change?.branch ?? null,
      pullRequestUrl: change?.pullRequestUrl ?? null,
      message: `gave up after ${job.attempts} attempts: ${error instanceof Error ? error.message : String(error)}`,
    });
  };
}

/** The member change's pull request: merged → delivered; closed → failed; open → later. */
export function awaitMemberMergeJob(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): JobHandler {
  const follow: JobHandler = async (job) => {
    const { changeId, pullRequest } = job.payload as { changeId: number; pullRequest: number };
    const change = await findMemberChange({ tx: ctx.db }, changeId);
    if (change?.state !== 'pending') return;
    const pr = await settledPullRequest(ctx, settings, job, pullRequest);
    if (!pr) return;
    const outcome = {
      mode: 'pull-request',
      commitSha: change.commitSha,
      branch: change.branch,
      pullRequestUrl: pr.url,
      message: pr.state === 'merged' ? null : CLOSED_WITHOUT_MERGE,
    };
    if (pr.state === 'merged') await completeMemberChange(ctx, SYSTEM_ACTOR, changeId, outcome);
    else await failMemberChange(ctx, SYSTEM_ACTOR, changeId, outcome);
  };
  return Object.assign(follow, { giveUp: giveUpOnMemberChange(ctx, settings) });
}
