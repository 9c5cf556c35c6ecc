import { OpfError } from '../core/index.ts';
import {
  findIncident,
  findNamespaceClaimsOfProjects,
  type IncidentAlertRow,
  type IncidentRow,
  listClusters,
  listIncidentAcknowledgements,
  listIncidentAlerts,
  listIncidentProjects,
  listIncidents,
  listIncidentUpdates,
} from '../store/index.ts';
import { type IncidentsContext, incidentLink, nowOf } from './context.ts';
import {
  type ClusterState,
  type IncidentDetailView,
  type IncidentView,
  SEVERITY_RANK,
  type Severity,
  STATE_OF_SEVERITY,
} from './model.ts';

const DAY_MS = 86_400_000;
export const STATUS_WINDOW_DAYS = 90;

async function views(ctx: IncidentsContext, rows: IncidentRow[]): Promise<IncidentView[]> {
  const ids = rows.map((r) => r.id);
  const [alerts, links] = await Promise.all([
    listIncidentAlerts({ tx: ctx.db }, ids),
    listIncidentProjects({ tx: ctx.db }, ids),
  ]);
  // A declared incident names projects, not namespaces: show the projects' namespaces.
  const declaredProjects = [
    ...new Set(
      links
        .filter((l) => rows.find((r) => r.id === l.incidentId)?.source === 'declared')
        .map((l) => l.project),
    ),
  ];
  const claims = await findNamespaceClaimsOfProjects({ tx: ctx.db }, declaredProjects);
  return rows.map((row) => {
    const mine = alerts.filter((a) => a.incidentId === row.id);
    const projects = links.filter((l) => l.incidentId === row.id).map((l) => l.project);
    const namespaces =
      row.source === 'alertmanager'
        ? mine.flatMap((a) => (a.namespace ? [a.namespace] : []))
        : claims.filter((c) => projects.includes(c.projectName)).map((c) => c.name);
    return {
      id: row.id,
      source: row.source,
      title: row.title,
      severity: row.severity,
      status: row.status,
      clusters: row.clusters,
      namespaces: [...new Set(namespaces)].sort(),
      project: projects[0] ?? null,
      projects,
      startedAt: row.startedAt,
      resolvedAt: row.resolvedAt,
      alerts: mine.map(alertView),
      postmortem: row.postmortem,
      githubIssue: row.githubIssue?.url ?? null,
      link: incidentLink(ctx, row.id),
    };
  });
}

function alertView(a: IncidentAlertRow) {
  return {
    fingerprint: a.fingerprint,
    alertname: a.alertname,
    namespace: a.namespace,
    status: a.status,
    startsAt: a.startsAt,
    endsAt: a.endsAt,
    summary: a.annotations.summary ?? a.annotations.description ?? null,
    labels: a.labels,
  };
}

export async function getIncidents(
  ctx: IncidentsContext,
  filter: { status?: 'open' | 'resolved'; project?: string; limit: number },
): Promise<IncidentView[]> {
  return views(ctx, await listIncidents({ tx: ctx.db }, filter));
}

export async function getIncident(ctx: IncidentsContext, id: number): Promise<IncidentDetailView> {
  const row = await findIncident({ tx: ctx.db }, id);
  if (!row) throw new OpfError('OPF_ERR_INCIDENT_UNKNOWN', `no incident ${id}`);
  const [view] = await views(ctx, [row]);
  const timeline = (await listIncidentUpdates({ tx: ctx.db }, id)).map((e) => ({
    at: e.at,
    kind: e.kind,
    body: e.body,
    author: e.author,
  }));
  const answers = await listIncidentAcknowledgements({ tx: ctx.db }, [id]);
  const acknowledgements = view!.projects.map((project) => {
    const answer = answers.find((a) => a.project === project);
    return {
      project,
      acknowledgedBy: answer?.acknowledgedBy ?? null,
      acknowledgedAt: answer?.acknowledgedAt ?? null,
    };
  });
  return { ...view!, timeline, acknowledgements };
}

export interface ClusterStatus {
  id: string;
  displayName: string;
  state: ClusterState;
  openIncidents: number[];
  /** The last 90 days, oldest first: each day's worst severity, or null for a quiet day. */
  days: { date: string; worst: Severity | null }[];
}

export interface StatusView {
  generatedAt: string;
  windowDays: number;
  clusters: ClusterStatus[];
  open: IncidentView[];
  /** Incidents resolved within the window, newest first. */
  recent: IncidentView[];
}

/** The public status page: every cluster now and over the last 90 days, and the incidents. */
export async function getStatus(ctx: IncidentsContext): Promise<StatusView> {
  const now = nowOf(ctx);
  const since = new Date(now.getTime() - STATUS_WINDOW_DAYS * DAY_MS);
  const rows = await listIncidents({ tx: ctx.db }, { since: since.toISOString(), limit: 500 });
  const incidents = await views(ctx, rows);
  const clusters = await listClusters({ tx: ctx.db });
  const firstDay =
    Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), since.getUTCDate()) + DAY_MS;
  return {
    generatedAt: now.toISOString(),
    windowDays: STATUS_WINDOW_DAYS,
    clusters: clusters.map((c) => {
      const id = `${c.env}/${c.name}`;
      const touching = incidents.filter((i) => i.clusters.includes(id));
      const open = touching.filter((i) => i.status === 'open');
      return {
        id,
        displayName: c.displayName,
        state:
          open.length > 0 ? STATE_OF_SEVERITY[worst(open.map((i) => i.severity))!] : 'operational',
        openIncidents: open.map((i) => i.id),
        days: Array.from({ length: STATUS_WINDOW_DAYS }, (_, n) => {
          const start = firstDay + n * DAY_MS;
          const that = touching.filter(
            (i) =>
              Date.parse(i.startedAt) < start + DAY_MS &&
              (i.resolvedAt === null || Date.parse(i.resolvedAt) >= start),
          );
          return {
            date: new Date(start).toISOString().slice(0, 10),
            worst: worst(that.map((i) => i.severity)),
          };
        }),
      };
    }),
    open: incidents.filter((i) => i.status === 'open'),
    recent: incidents.filter((i) => i.status === 'resolved'),
  };
}

function worst(severities: Severity[]): Severity | null {
  return severities.reduce<Severity | null>(
    (w, s) => (w === null || SEVERITY_RANK[s] > SEVERITY_RANK[w] ? s : w),
    null,
  );
}
