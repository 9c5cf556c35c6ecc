import {
  appendAuditEvent,
  findNamespaceClaims,
  type IncidentAlertRow,
  type IncidentRow,
  insertIncident,
  insertIncidentUpdate,
  linkIncidentProjects,
  listClusters,
  listIncidentAlerts,
  listIncidentProjects,
  lockIncidentByGroupKey,
  saveIncidentAlert,
  type Tx,
  updateIncident,
} from '../store/index.ts';
import { type AlertObservation, incidentStateOf, mergeObservation } from './alert-merge.ts';
import { type IncidentsContext, incidentLink } from './context.ts';
import { enqueueMirror } from './mirror-job.ts';
import {
  type AlertmanagerAlert,
  type AlertmanagerPayload,
  SEVERITY_RANK,
  type Severity,
  severityOfLabel,
} from './model.ts';
import { announceIncidentEvent } from './notify.ts';

const ACTOR = 'alertmanager';
/** Go's zero time: Alertmanager sends it as endsAt while an alert fires. */
const ZERO_TIME = /^0001-01-01/;

export interface WebhookOutcome {
  incidentId: number;
  status: 'open' | 'resolved';
  /** Whether this delivery changed anything (false for a replay or a superseded one). */
  changed: boolean;
}

function observationOf(alert: AlertmanagerAlert): AlertObservation {
  const resolved = alert.status === 'resolved';
  const endsAt =
    resolved &&
    alert.endsAt &&
    !ZERO_TIME.test(alert.endsAt) &&
    !Number.isNaN(Date.parse(alert.endsAt))
      ? new Date(alert.endsAt).toISOString()
      : null;
  const startsAt = new Date(alert.startsAt).toISOString();
  return {
    fingerprint: alert.fingerprint,
    alertname: alert.labels.alertname ?? 'alert',
    namespace: alert.labels.namespace || null,
    labels: alert.labels,
    annotations: alert.annotations,
    status: resolved ? 'resolved' : 'firing',
    startsAt,
    // A resolved alert without a usable end ended when it was last seen starting.
    endsAt: resolved ? (endsAt ?? startsAt) : null,
  };
}

function titleOf(payload: AlertmanagerPayload): string {
  const summary = payload.commonAnnotations.summary;
  const name =
    payload.groupLabels.alertname ??
    payload.commonLabels.alertname ??
    [...new Set(payload.alerts.map((a) => a.labels.alertname ?? 'alert'))].join(', ');
  return (summary ? `${name}: ${summary}` : name).slice(0, 200);
}

function summaryOf(o: AlertObservation): string {
  const text = o.annotations.summary ?? o.annotations.description ?? '';
  return `${o.alertname}${o.namespace ? ` in ${o.namespace}` : ''}${text ? `: ${text}` : ''}`;
}

/**
 * One webhook delivery, in one transaction: open the group's incident if it is new, merge
 * each alert by the monotonic rule, add the timeline entries it proves (keyed, so a replay
 * adds none), link projects by namespace, and announce what changed. The incident's
 * state is computed from its alerts, never from the order deliveries came in.
 */
export async function receiveAlertmanagerWebhook(
  ctx: IncidentsContext,
  payload: AlertmanagerPayload,
): Promise<WebhookOutcome> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const observed = payload.alerts.map(observationOf);
    const { incident, created } = await openOrLock(tx, payload, observed);
    const stored = new Map(
      (await listIncidentAlerts({ tx }, [incident.id])).map((a) => [
        a.fingerprint,
        toObservation(a),
      ]),
    );
    let changed = created;
    for (const observation of observed) {
      changed = (await recordEntries(tx, incident.id, observation)) || changed;
      const merged = mergeObservation(stored.get(observation.fingerprint), observation);
      if (!merged.changed) continue;
      stored.set(observation.fingerprint, merged.keep);
      await saveIncidentAlert({ tx }, { incidentId: incident.id, ...merged.keep });
      changed = true;
    }
    const alerts = [...stored.values()];
    const state = incidentStateOf(alerts);
    const startedAt =
      Date.parse(state.startedAt) < Date.parse(incident.startedAt)
        ? state.startedAt
        : incident.startedAt;
    const severity = alerts
      .map((a) => severityOfLabel(a.labels.severity))
      .reduce<Severity>(
        (worst, s) => (SEVERITY_RANK[s] > SEVERITY_RANK[worst] ? s : worst),
        'minor',
      );
    const clusters = await clustersOf(tx, alerts, incident.clusters);
    const projects = await projectsOf(tx, alerts);
    await linkIncidentProjects({ tx }, incident.id, projects);
    const linked = (await listIncidentProjects({ tx }, [incident.id])).map((p) => p.project);
    const next = {
      status: state.status,
      resolvedAt: state.resolvedAt,
      startedAt,
      severity,
      clusters,
    };
    if (
      next.status !== incident.status ||
      next.resolvedAt !== incident.resolvedAt ||
      next.startedAt !== incident.startedAt ||
      next.severity !== incident.severity ||
      next.clusters.join() !== incident.clusters.join()
    ) {
      await updateIncident({ tx }, incident.id, next);
      changed = true;
    }
    if (next.status !== incident.status)
      await appendAuditEvent(
        { tx },
        {
          actor: ACTOR,
          action: next.status === 'resolved' ? 'incident.resolve' : 'incident.reopen',
          subjectType: 'incident',
          subjectId: String(incident.id),
          before: { status: incident.status },
          after: { status: next.status, resolvedAt: next.resolvedAt },
          visibility: 'public',
        },
      );
    await announceChanges(tx, ctx, { ...incident, ...next }, created, linked);
    if (changed) await enqueueMirror(tx, ctx, incident.id);
    return { incidentId: incident.id, status: next.status, changed };
  });
}

async function openOrLock(
  tx: Tx,
  payload: AlertmanagerPayload,
  observed: AlertObservation[],
): Promise<{ incident: IncidentRow; created: boolean }> {
  const created = await insertIncident(
    { tx },
    {
      source: 'alertmanager',
      groupKey: payload.groupKey,
      title: titleOf(payload),
      severity: 'minor',
      clusters: [],
      startedAt: incidentStateOf(observed).startedAt,
      createdBy: ACTOR,
    },
  );
  if (created) {
    await appendAuditEvent(
      { tx },
      {
        actor: ACTOR,
        action: 'incident.open',
        subjectType: 'incident',
        subjectId: String(created.id),
        after: { title: created.title, groupKey: payload.groupKey },
        visibility: 'public',
      },
    );
    return { incident: created, created: true };
  }
  return { incident: (await lockIncidentByGroupKey({ tx }, payload.groupKey))!, created: false };
}

/** The timeline entries one observation proves; true when any was new. */
async function recordEntries(tx: Tx, incidentId: number, o: AlertObservation): Promise<boolean> {
  const episode = `alert:${o.fingerprint}:${o.startsAt}`;
  const fired = await insertIncidentUpdate(
    { tx },
    {
      incidentId,
      entryKey: `${episode}:firing`,
      at: o.startsAt,
      kind: 'alert-firing',
      body: summaryOf(o),
      author: ACTOR,
    },
  );
  if (o.status !== 'resolved') return fired;
  const resolved = await insertIncidentUpdate(
    { tx },
    {
      incidentId,
      entryKey: `${episode}:resolved`,
      at: o.endsAt!,
      kind: 'alert-resolved',
      body: `${o.alertname}${o.namespace ? ` in ${o.namespace}` : ''} resolved`,
      author: ACTOR,
    },
  );
  return fired || resolved;
}

/** Clusters named by a `cluster` label (id or name), or holding an alert's namespace. */
async function clustersOf(tx: Tx, alerts: AlertObservation[], known: string[]): Promise<string[]> {
  const clusters = await listClusters({ tx });
  const ids = new Set(known);
  for (const alert of alerts) {
    const label = alert.labels.cluster;
    const match = label && clusters.find((c) => `${c.env}/${c.name}` === label || c.name === label);
    if (match) ids.add(`${match.env}/${match.name}`);
  }
  const namespaces = [...new Set(alerts.flatMap((a) => (a.namespace ? [a.namespace] : [])))];
  for (const claim of await findNamespaceClaims({ tx }, namespaces))
    if (claim.clusterId) ids.add(claim.clusterId);
  return [...ids].sort();
}

/** The projects owning the alerts' namespaces (opf's namespace claims). */
async function projectsOf(tx: Tx, alerts: AlertObservation[]): Promise<string[]> {
  const namespaces = [...new Set(alerts.flatMap((a) => (a.namespace ? [a.namespace] : [])))];
  const claims = await findNamespaceClaims({ tx }, namespaces);
  return [...new Set(claims.map((c) => c.projectName))].sort();
}

/**
 * Announce what this delivery established: the incident (once, whatever order its
 * deliveries came in), and its resolution (once per resolution time). Teams linked
 * later are added to the opening announcement.
 */
async function announceChanges(
  tx: Tx,
  ctx: IncidentsContext,
  incident: IncidentRow,
  _created: boolean,
  projects: string[],
): Promise<void> {
  const link = incidentLink(ctx, incident.id);
  const where = projects.length > 0 ? `\nAffected projects: ${projects.join(', ')}` : '';
  await announceIncidentEvent(
    tx,
    ctx,
    {
      autoKey: `incident:${incident.id}:opened`,
      title: `Incident: ${incident.title}`,
      body: `Alertmanager reported an incident (${incident.severity}) starting ${incident.startedAt}.${where}\n\nFollow it at ${link}`,
      author: ACTOR,
    },
    projects,
  );
  if (incident.status !== 'resolved') return;
  await announceIncidentEvent(
    tx,
    ctx,
    {
      autoKey: `incident:${incident.id}:resolved:${incident.resolvedAt}`,
      title: `Resolved: ${incident.title}`,
      body: `All alerts of this incident resolved at ${incident.resolvedAt}.${where}\n\n${link}`,
      author: ACTOR,
    },
    projects,
  );
}

function toObservation(row: IncidentAlertRow): AlertObservation {
  const { incidentId: _id, ...rest } = row;
  return rest;
}
