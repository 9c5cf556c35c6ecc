import { randomUUID } from 'node:crypto';
import { OpfError } from '../core/index.ts';
import {
  appendAuditEvent,
  findIncident,
  findProject,
  type IncidentRow,
  insertIncident,
  insertIncidentUpdate,
  linkIncidentProjects,
  listClusters,
  listIncidentProjects,
  type Tx,
  updateIncident,
} from '../store/index.ts';
import { type IncidentsContext, incidentLink, nowOf } from './context.ts';
import { enqueueMirror } from './mirror-job.ts';
import type {
  DeclareIncidentInput,
  IncidentUpdateInput,
  PostmortemInput,
  ResolveIncidentInput,
} from './model.ts';
import { announceIncidentEvent } from './notify.ts';

export interface Actor {
  name: string;
  source?: string;
}

/** Check every named cluster and project before anything is written. */
async function checkReferences(tx: Tx, clusters: string[], projects: string[]): Promise<void> {
  const known = new Set((await listClusters({ tx })).map((c) => `${c.env}/${c.name}`));
  const unknownCluster = clusters.find((c) => !known.has(c));
  if (unknownCluster)
    throw new OpfError(
      'OPF_ERR_INCIDENT_CLUSTER_UNKNOWN',
      `no cluster "${unknownCluster}"; the clusters are ${[...known].join(', ') || 'none'}`,
    );
  for (const project of projects)
    if (!(await findProject({ tx }, project)))
      throw new OpfError('OPF_ERR_INCIDENT_PROJECT_UNKNOWN', `no project "${project}"`);
}

/** Ops declare an incident: recorded, announced (channels and affected teams), audited. */
export async function declareIncident(
  ctx: IncidentsContext,
  actor: Actor,
  input: DeclareIncidentInput,
): Promise<number> {
  const clusters = [...new Set(input.clusters)].sort();
  const projects = [...new Set(input.projects)].sort();
  return ctx.db.transaction().execute(async (tx: Tx) => {
    await checkReferences(tx, clusters, projects);
    const now = nowOf(ctx).toISOString();
    const incident = (await insertIncident(
      { tx },
      {
        source: 'declared',
        groupKey: null,
        title: input.title,
        severity: input.severity,
        clusters,
        startedAt: now,
        createdBy: actor.name,
      },
    ))!;
    await linkIncidentProjects({ tx }, incident.id, projects);
    await insertIncidentUpdate(
      { tx },
      {
        incidentId: incident.id,
        entryKey: 'opened',
        at: now,
        kind: 'opened',
        body: input.body,
        author: actor.name,
      },
    );
    if (input.announce)
      await announceIncidentEvent(
        tx,
        ctx,
        {
          autoKey: `incident:${incident.id}:opened`,
          title: `Incident: ${incident.title}`,
          body: message(ctx, incident, input.body, projects),
          author: actor.name,
        },
        projects,
      );
    await audit(tx, actor, 'incident.declare', incident.id, {
      title: incident.title,
      severity: incident.severity,
      clusters,
      projects,
    });
    await enqueueMirror(tx, ctx, incident.id);
    return incident.id;
  });
}

/** Post an update (optionally a new severity); announced unless asked not to. */
export async function postIncidentUpdate(
  ctx: IncidentsContext,
  actor: Actor,
  id: number,
  input: IncidentUpdateInput,
): Promise<void> {
  await ctx.db.transaction().execute(async (tx: Tx) => {
    const incident = await lockIncident(tx, id);
    const now = nowOf(ctx).toISOString();
    const entryKey = `update:${now}:${randomUUID()}`;
    await insertIncidentUpdate(
      { tx },
      { incidentId: id, entryKey, at: now, kind: 'update', body: input.body, author: actor.name },
    );
    if (input.severity && input.severity !== incident.severity)
      await updateIncident({ tx }, id, { severity: input.severity });
    const projects = await projectsOf(tx, id);
    if (input.announce)
      await announceIncidentEvent(
        tx,
        ctx,
        {
          autoKey: `incident:${id}:${entryKey}`,
          title: `Update: ${incident.title}`,
          body: message(
            ctx,
            { ...incident, severity: input.severity ?? incident.severity },
            input.body,
            projects,
          ),
          author: actor.name,
        },
        projects,
      );
    await audit(tx, actor, 'incident.update', id, {
      severity: input.severity ?? incident.severity,
    });
    await enqueueMirror(tx, ctx, id);
  });
}

/** Resolve a declared incident (an alert's incident resolves with its alerts). */
export async function resolveIncident(
  ctx: IncidentsContext,
  actor: Actor,
  id: number,
  input: ResolveIncidentInput,
): Promise<void> {
  await ctx.db.transaction().execute(async (tx: Tx) => {
    const incident = await lockIncident(tx, id);
    if (incident.source === 'alertmanager')
      throw new OpfError(
        'OPF_ERR_INCIDENT_FROM_ALERTS',
        `incident ${id} follows Alertmanager: it resolves when its alerts do (post an update instead)`,
      );
    if (incident.status === 'resolved')
      throw new OpfError(
        'OPF_ERR_INCIDENT_RESOLVED',
        `incident ${id} was resolved at ${incident.resolvedAt}`,
      );
    const now = nowOf(ctx).toISOString();
    await updateIncident({ tx }, id, { status: 'resolved', resolvedAt: now });
    await insertIncidentUpdate(
      { tx },
      {
        incidentId: id,
        entryKey: 'resolved',
        at: now,
        kind: 'resolved',
        body: input.body,
        author: actor.name,
      },
    );
    const projects = await projectsOf(tx, id);
    if (input.announce)
      await announceIncidentEvent(
        tx,
        ctx,
        {
          autoKey: `incident:${id}:resolved`,
          title: `Resolved: ${incident.title}`,
          body: message(ctx, incident, input.body, projects),
          author: actor.name,
        },
        projects,
      );
    await audit(tx, actor, 'incident.resolve', id, { status: 'resolved', resolvedAt: now });
    await enqueueMirror(tx, ctx, id);
  });
}

/** Attach (or replace) the post-mortem, Markdown. Any incident, open or resolved. */
export async function attachPostmortem(
  ctx: IncidentsContext,
  actor: Actor,
  id: number,
  input: PostmortemInput,
): Promise<void> {
  await ctx.db.transaction().execute(async (tx: Tx) => {
    const incident = await lockIncident(tx, id);
    const now = nowOf(ctx).toISOString();
    await updateIncident({ tx }, id, { postmortem: input.markdown });
    await insertIncidentUpdate(
      { tx },
      {
        incidentId: id,
        entryKey: `postmortem:${now}`,
        at: now,
        kind: 'postmortem',
        body: incident.postmortem ? 'The post-mortem was revised.' : 'A post-mortem was attached.',
        author: actor.name,
      },
    );
    await audit(tx, actor, 'incident.postmortem', id, { length: input.markdown.length });
    await enqueueMirror(tx, ctx, id);
  });
}

async function lockIncident(tx: Tx, id: number): Promise<IncidentRow> {
  const incident = await findIncident({ tx }, id, { lock: true });
  if (!incident) throw new OpfError('OPF_ERR_INCIDENT_UNKNOWN', `no incident ${id}`);
  return incident;
}

async function projectsOf(tx: Tx, id: number): Promise<string[]> {
  return (await listIncidentProjects({ tx }, [id])).map((p) => p.project);
}

function message(
  ctx: IncidentsContext,
  incident: Pick<IncidentRow, 'id' | 'severity' | 'clusters'>,
  body: string,
  projects: string[],
): string {
  const where = [
    incident.clusters.length > 0 ? `Clusters: ${incident.clusters.join(', ')}` : '',
    projects.length > 0 ? `Affected projects: ${projects.join(', ')}` : '',
  ].filter(Boolean);
  return [
    body,
    '',
    `Severity: ${incident.severity}`,
    ...where,
    '',
    incidentLink(ctx, incident.id),
  ].join('\n');
}

async function audit(
  tx: Tx,
  actor: Actor,
  action: string,
  id: number,
  after: unknown,
): Promise<void> {
  await appendAuditEvent(
    { tx },
    {
      actor: actor.name,
      action,
      subjectType: 'incident',
      subjectId: String(id),
      after,
      ...(actor.source && { source: actor.source }),
      visibility: 'public',
    },
  );
}
