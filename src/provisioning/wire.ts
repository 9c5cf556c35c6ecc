import { join } from 'node:path';
import type { GitopsConfig } from '../config/index.ts';
import { type DeliveryTarget, ensureEmbeddedRemote, syncWorkspace } from '../delivery/index.ts';
import { GitHubForge } from '../forge/index.ts';
import { openRepository } from '../gitops/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { MEMBER_CHANGE_JOB, OFFBOARD_JOB, type OnboardingContext } from '../onboarding/index.ts';
import { listClusters, listQuotaTiers } from '../store/index.ts';
import { adoptInventory } from './adopt.ts';
import { awaitMergeJob } from './await-merge.ts';
import {
  AWAIT_MEMBER_MERGE_JOB,
  awaitMemberMergeJob,
  deliverMemberChangeJob,
} from './deliver-member-change.ts';
import { deliverRequestJob } from './deliver-request.ts';
import {
  AWAIT_OFFBOARD_MERGE_JOB,
  awaitOffboardMergeJob,
  offboardRequestJob,
} from './offboard-request.ts';
import { AWAIT_MERGE_JOB, DELIVER_JOB, type ProvisioningSettings } from './settings.ts';

export const ADOPT_JOB = 'gitops.adopt';

/**
 * The delivery target from config. With no remote configured, the embedded default: a
 * bare repository under the data directory, made with an empty layout for the clusters
 * and tiers in the database.
 */
export async function deliveryTargetFor(
  ctx: OnboardingContext,
  config: GitopsConfig,
  dataDir: string,
): Promise<DeliveryTarget> {
  let remote = config.remote;
  if (!remote) {
    const [clusters, tiers] = await Promise.all([
      listClusters({ tx: ctx.db }),
      listQuotaTiers({ tx: ctx.db }),
    ]);
    remote = await ensureEmbeddedRemote(
      join(dataDir, 'gitops', 'apps.git'),
      config.branch,
      clusters,
      tiers,
    );
  }
  const [owner, repo] = config.githubRepo?.split('/') ?? [];
  return {
    remote,
    branch: config.branch,
    workDir: config.workDir,
    mode: config.mode,
    kustomize: config.kustomize,
    ...(owner &&
      repo &&
      config.githubToken && { forge: new GitHubForge({ owner, repo, token: config.githubToken }) }),
  };
}

/** The job handlers of provisioning: deliver approved changes, follow pull requests, adopt. */
export function provisioningJobs(
  ctx: OnboardingContext,
  settings: ProvisioningSettings,
): Record<string, JobHandler> {
  return {
    [DELIVER_JOB]: deliverRequestJob(ctx, settings),
    [AWAIT_MERGE_JOB]: awaitMergeJob(ctx, settings),
    [MEMBER_CHANGE_JOB]: deliverMemberChangeJob(ctx, settings),
    [AWAIT_MEMBER_MERGE_JOB]: awaitMemberMergeJob(ctx, settings),
    [OFFBOARD_JOB]: offboardRequestJob(ctx, settings),
    [AWAIT_OFFBOARD_MERGE_JOB]: awaitOffboardMergeJob(ctx, settings),
    [ADOPT_JOB]: async () => {
      const { target } = settings;
      await syncWorkspace(target.remote, target.workDir, target.branch);
      await adoptInventory(ctx, openRepository(target.workDir).inventory);
    },
  };
}
