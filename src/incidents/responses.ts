import type { EngagementSignals } from '../core/index.ts';
import { type Db, incidentResponsesOfProject } from '../store/index.ts';

/**
 * Incidents as the engagement record reads them (src/engagement's IncidentResponseSource):
 * each incident linked to the project with when it opened, resolved, and when its team
 * first acknowledged it. Measured: an incident the team never answered shows as such.
 */
export function incidentResponseSource(db: Db) {
  return {
    measured: true as const,
    async responsesOf(project: string, since: Date): Promise<EngagementSignals['incidents']> {
      const rows = await incidentResponsesOfProject({ tx: db }, project, since);
      return rows.map((r) => ({
        id: String(r.id),
        title: r.title,
        openedAt: r.startedAt,
        respondedAt: r.acknowledgedAt,
        resolvedAt: r.resolvedAt,
      }));
    },
  };
}
