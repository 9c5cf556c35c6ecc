import { projectLabel } from '../core/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import { REQUEST_EVENT_JOB } from '../onboarding/index.ts';
import { findRequest } from '../store/index.ts';
import { createAnnouncement } from './announcements.ts';
import type { CommunityContext, CommunitySettings } from './context.ts';

/**
 * The removal of an offboarded project is always announced (not switchable): the seeds ask
 * that leaving, like arriving, happens in the open. Its history stays public.
 */
async function announceOffboarded(ctx: CommunityContext, requestId: number): Promise<void> {
  const request = await findRequest({ tx: ctx.db }, requestId);
  if (!request) return;
  const { displayName, name } = request.spec.project;
  const namespaces = request.spec.namespaces.map((n) => `${n.name} on ${n.cluster}`).join(', ');
  await createAnnouncement(
    ctx,
    'system:community',
    {
      kind: 'general',
      title: `${displayName ?? name} (${name}) is offboarded`,
      body: `${displayName ?? name} has left the cloud: its namespaces (${namespaces}), groups, role bindings and ArgoCD entries were removed from the GitOps repository. Its request, history and decisions stay public.\n\nRequest: ${ctx.publicUrl}/requests/${requestId}`,
    },
    `request:${requestId}:offboarded`,
  );
}

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
      if (action === 'finish-offboarding') return announceOffboarded(ctx, requestId);
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
