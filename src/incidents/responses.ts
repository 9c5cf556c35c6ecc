import type { EngagementSignals } from '../core/index.ts';
import { type Db, incidentResponsesOfProjects } from '../store/index.ts';

/**
 * Incidents as the engagement record reads them (src/engagement's IncidentResponseSource):
 * each incident linked to a project with when it opened, resolved, and when its team
 * first acknowledged it. Measured: an incident the team never answered shows as such.
 */
export function incidentResponseSource(db: Db) {
  return {
    measured: true as const,
    async responsesOf(
      projects: readonly string[] | undefined,
      since: Date,
    ): Promise<Map<string, EngagementSignals['incidents']>> {
      const byProject = await incidentResponsesOfProjects({ tx: db }, projects, since);
      return new Map(
        [...byProject].map(([project, rows]) => [
          project,
          rows.map((r) => ({
            id: String(r.id),
            title: r.title,
            openedAt: r.startedAt,
            respondedAt: r.acknowledgedAt,
            resolvedAt: r.resolvedAt,
          })),
        ]),
      );
    },
  };
}
