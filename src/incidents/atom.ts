import { renderAtom } from '../community/index.ts';
import { listIncidents, listIncidentUpdates } from '../store/index.ts';
import { type IncidentsContext, incidentLink, nowOf } from './context.ts';

/**
 * The status page's feed: one entry per incident (the last 50), updated whenever its
 * timeline moves, so a reader sees it again when it is updated or resolved.
 */
export async function incidentsAtom(ctx: IncidentsContext): Promise<string> {
  const rows = await listIncidents({ tx: ctx.db }, { limit: 50 });
  const host = new URL(ctx.publicUrl).hostname;
  const entries = [];
  for (const incident of rows) {
    const timeline = await listIncidentUpdates({ tx: ctx.db }, incident.id);
    const last = timeline.at(-1);
    const updated = [incident.startedAt, incident.resolvedAt, last?.at]
      .filter((t): t is string => !!t)
      .sort()
      .at(-1)!;
    entries.push({
      id: `tag:${host},2026:incident-${incident.id}`,
      title: `${incident.status === 'resolved' ? 'Resolved' : 'Open'} (${incident.severity}): ${incident.title}`,
      updated,
      author: incident.createdBy,
      link: incidentLink(ctx, incident.id),
      content: [
        `Status: ${incident.status}`,
        `Started: ${incident.startedAt}`,
        ...(incident.resolvedAt ? [`Resolved: ${incident.resolvedAt}`] : []),
        ...(incident.clusters.length > 0 ? [`Clusters: ${incident.clusters.join(', ')}`] : []),
        ...(last ? ['', `${last.kind} (${last.at}): ${last.body}`] : []),
      ].join('\n'),
    });
  }
  entries.sort((a, b) => (a.updated < b.updated ? 1 : a.updated > b.updated ? -1 : 0));
  return renderAtom({
    id: `tag:${host},2026:incidents`,
    title: 'opf status: incidents',
    self: `${ctx.publicUrl}/api/v1/feeds/incidents.atom`,
    updated: entries[0]?.updated ?? nowOf(ctx).toISOString(),
    entries,
  });
}
