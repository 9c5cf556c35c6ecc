import { OpfError } from '../core/index.ts';
import {
  appendAuditEvent,
  findIncident,
  findProject,
  insertIncidentAcknowledgement,
  insertIncidentUpdate,
  listIncidentProjects,
  type Tx,
} from '../store/index.ts';
import { type IncidentsContext, nowOf } from './context.ts';
import type { Actor } from './declared.ts';
import { enqueueMirror } from './mirror-job.ts';
import type { AcknowledgeIncidentInput } from './model.ts';

/**
 * A project's team answers an incident linked to its project: "we know, we are on it".
 * The first answer and its time stay (the engagement record measures time to respond from
 * it); it is a public entry of the incident's timeline. Only someone on the team answers:
 * the measure is of the team's own response, so ops (who pass the member policy) may not.
 * A second answer for the same project changes nothing and answers false.
 */
export async function acknowledgeIncident(
  ctx: IncidentsContext,
  actor: Actor,
  id: number,
  project: string,
  input: AcknowledgeIncidentInput,
): Promise<boolean> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const incident = await findIncident({ tx }, id, { lock: true });
    if (!incident) throw new OpfError('OPF_ERR_INCIDENT_UNKNOWN', `no incident ${id}`);
    const linked = (await listIncidentProjects({ tx }, [id])).map((l) => l.project);
    if (!linked.includes(project))
      throw new OpfError(
        'OPF_ERR_INCIDENT_NOT_LINKED',
        `incident ${id} is not linked to project ${project}${linked.length ? `; it touches ${linked.join(', ')}` : '; it touches no project'}`,
      );
    const team = (await findProject({ tx }, project))?.team;
    const me = actor.name.toLowerCase();
    if (!team || ![team.owner, ...team.members].some((login) => login.toLowerCase() === me))
      throw new OpfError(
        'OPF_ERR_INCIDENT_ACK_NOT_TEAM',
        `only the team of ${project} answers incident ${id} for it; ${actor.name} is not on it`,
      );
    const at = nowOf(ctx).toISOString();
    const message = input.message ?? null;
    const first = await insertIncidentAcknowledgement(
      { tx },
      { incidentId: id, project, acknowledgedBy: actor.name, acknowledgedAt: at, message },
    );
    if (!first) return false;
    await insertIncidentUpdate(
      { tx },
      {
        incidentId: id,
        // One answer per project: the key keeps the timeline free of repeats.
        entryKey: `acknowledged:${project}`,
        at,
        kind: 'acknowledged',
        body: `The team of ${project} acknowledged the incident.${message ? `\n\n${message}` : ''}`,
        author: actor.name,
      },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'incident.acknowledge',
        subjectType: 'incident',
        subjectId: String(id),
        after: { project, acknowledgedAt: at },
        ...(actor.source && { source: actor.source }),
        visibility: 'public',
      },
    );
    await enqueueMirror(tx, ctx, id);
    return true;
  });
}
