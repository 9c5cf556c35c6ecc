import { projectLabel } from '../core/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { REQUEST_EVENT_JOB } from '../onboarding/index.ts';
import { findRequest } from '../store/index.ts';
import { createAnnouncement } from './announcements.ts';
import type { CommunityContext, CommunitySettings } from './context.ts';

/**
 * Announce approvals and onboardings (each switchable in settings). The announcement's
 * auto key makes a repeated job, or a request approved again after changes, announce once.
 */
export function requestEventJobs(
  ctx: CommunityContext,
  settings: CommunitySettings,
): Record<string, JobHandler> {
  return {
    [REQUEST_EVENT_JOB]: async (job) => {
      const { requestId, action } = job.payload as { requestId: number; action: string };
      const wanted =
        action === 'approve'
          ? settings.autoAnnounce.approved
          : action === 'activate' && settings.autoAnnounce.onboarded;
      if (!wanted) return;
      const request = await findRequest({ tx: ctx.db }, requestId);
      if (!request) return;
      const { description } = request.spec.project;
      const label = projectLabel(request.spec.project);
      const displayName = request.spec.project.displayName ?? request.spec.project.name;
      const clusters = [...new Set(request.spec.namespaces.map((n) => n.cluster))].join(', ');
      const approved = action === 'approve';
      await createAnnouncement(
        ctx,
        'system:community',
        {
          kind: 'new-project',
          title: approved ? `${label} is approved` : `${label} is onboarded`,
          body: approved
            ? `The request to onboard ${displayName} was approved; its namespaces on ${clusters} are being set up.\n\n${description}\n\nRequest: ${ctx.publicUrl}/api/v1/requests/${requestId}`
            : `${displayName} now runs on ${clusters}. Welcome!\n\n${description}\n\nRequest: ${ctx.publicUrl}/api/v1/requests/${requestId}`,
        },
        `request:${requestId}:${approved ? 'approved' : 'onboarded'}`,
      );
    },
  };
}
