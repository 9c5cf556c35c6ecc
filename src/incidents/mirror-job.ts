import type { IssueTracker } from '../forge/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import {
  enqueueJob,
  findIncident,
  listIncidentUpdates,
  type Tx,
  updateIncident,
} from '../store/index.ts';
import { type IncidentsContext, incidentLink } from './context.ts';

export const MIRROR_JOB = 'incidents.mirror';

/**
 * Leave a mirror job in the outbox when a GitHub repository is configured. The key names
 * the moment, so each change gets its own job; each job brings the issue up to the
 * incident's current state, so a late or repeated one does no harm.
 */
export async function enqueueMirror(
  tx: Tx,
  ctx: IncidentsContext,
  incidentId: number,
): Promise<void> {
  if (!ctx.mirror) return;
  await enqueueJob(
    { tx },
    {
      kind: MIRROR_JOB,
      payload: { incidentId },
      dedupeKey: `incident-mirror:${incidentId}:${Date.now()}:${Math.random().toString(36).slice(2)}`,
    },
  );
}

/**
 * Bring the incident's GitHub issue up to date: open it the first time, comment each
 * timeline entry not posted yet (in the order they were written), then set the title,
 * summary and open/closed state. Progress is saved after each step: a retry resumes.
 */
export function mirrorJob(
  ctx: IncidentsContext,
  tracker: IssueTracker,
  labels: string[],
): JobHandler {
  return async (job) => {
    const { incidentId } = job.payload as { incidentId: number };
    const incident = await findIncident({ tx: ctx.db }, incidentId);
    if (!incident) return;
    const link = incidentLink(ctx, incident.id);
    const body = [
      `opf incident ${incident.id} (${incident.source}, ${incident.severity}): ${link}`,
      `Status: ${incident.status}${incident.resolvedAt ? ` (resolved ${incident.resolvedAt})` : ''}`,
      `Started: ${incident.startedAt}`,
      ...(incident.clusters.length > 0 ? [`Clusters: ${incident.clusters.join(', ')}`] : []),
      '',
      'This issue mirrors the incident; its timeline is posted as comments.',
    ].join('\n');
    const title = `[${incident.severity}] ${incident.title}`;
    let issue = incident.githubIssue;
    if (!issue) {
      const opened = await tracker.openIssue({ title, body, labels });
      issue = { ...opened, lastEntryId: 0, open: true };
      await updateIncident({ tx: ctx.db }, incident.id, { githubIssue: issue });
    }
    const entries = await listIncidentUpdates({ tx: ctx.db }, incident.id, 'written');
    for (const entry of entries.filter((e) => e.id > issue!.lastEntryId)) {
      await tracker.comment(
        issue.number,
        `**${entry.kind}** at ${entry.at} by ${entry.author}\n\n${entry.body}`,
      );
      issue = { ...issue, lastEntryId: entry.id };
      await updateIncident({ tx: ctx.db }, incident.id, { githubIssue: issue });
    }
    const state = incident.status === 'open' ? 'open' : 'closed';
    await tracker.updateIssue(issue.number, { title, body, state });
    if (issue.open !== (state === 'open'))
      await updateIncident({ tx: ctx.db }, incident.id, {
        githubIssue: { ...issue, open: state === 'open' },
      });
  };
}
