import type { JobHandler } from '../jobs/index.ts';
import { requestEventJobs } from './auto-announce.ts';
import { consentNoticeJobs } from './consent-notice.ts';
import type { CommunityContext, CommunitySettings } from './context.ts';
import { announcementJobs } from './delivery.ts';
import { invitationJobs } from './invitation-jobs.ts';

/** Every outbox job of community coordination, for the job runner. */
export function communityJobs(
  ctx: CommunityContext,
  settings: CommunitySettings,
): Record<string, JobHandler> {
  return {
    ...announcementJobs(ctx, settings),
    ...requestEventJobs(ctx, settings),
    ...invitationJobs(ctx, settings),
    ...consentNoticeJobs(ctx, settings),
  };
}
