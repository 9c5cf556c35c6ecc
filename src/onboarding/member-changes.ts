import {
  applyMemberChange,
  checkMemberChange,
  type MemberChangeAction,
  type MemberChangeView,
  membersAfter,
  OpfError,
  type ProjectMembersView,
  type ProjectView,
} from '../core/index.ts';
import {
  appendAuditEvent,
  enqueueJob,
  findMemberChange,
  findProject,
  findProjectsOfTeam,
  insertMemberChange,
  listMemberChanges,
  lockProjectName,
  setProjectTeam,
  type Tx,
  updateMemberChange,
} from '../store/index.ts';
import { type Actor, nowOf, type OnboardingContext } from './context.ts';

/** The outbox job a membership change leaves: write the team's group file. */
export const MEMBER_CHANGE_JOB = 'gitops.member-change';

type ManagedProject = ProjectView & { team: NonNullable<ProjectView['team']> };

/** Only an onboarded project's team is opf's to change; a request's team changes by editing it. */
function managedTeam(project: ProjectView | undefined, name: string): ManagedProject {
  if (!project) throw new OpfError('OPF_ERR_NOT_FOUND', `project "${name}" does not exist`);
  if (project.status !== 'active' || !project.team)
    throw new OpfError(
      'OPF_ERR_MEMBERS_NOT_MANAGED',
      project.team
        ? `project "${name}" is ${project.status}, not active: change its team by editing its request`
        : `project "${name}" has no team opf manages (imported from the repository)`,
    );
  return project as ManagedProject;
}

/** Who is in a project's team, and its recent changes (public, like the rest of a project). */
export async function getProjectMembers(
  ctx: OnboardingContext,
  name: string,
): Promise<ProjectMembersView> {
  const project = await findProject({ tx: ctx.db }, name);
  if (!project) throw new OpfError('OPF_ERR_NOT_FOUND', `project "${name}" does not exist`);
  if (!project.team)
    throw new OpfError(
      'OPF_ERR_MEMBERS_NOT_MANAGED',
      `project "${name}" has no team opf manages (imported from the repository)`,
    );
  return {
    project: project.name,
    team: project.team.name,
    owner: project.team.owner,
    members: project.team.members,
    changes: await listMemberChanges({ tx: ctx.db }, name, { limit: 20 }),
  };
}

/**
 * The owner asks to add or remove one member. The change is checked against the team as it
 * will be once the changes still pending are delivered, recorded as pending and audited, and
 * handed to a job that writes the group file (it commits only with this transaction).
 */
export async function requestMemberChange(
  ctx: OnboardingContext,
  actor: Actor,
  name: string,
  action: MemberChangeAction,
  login: string,
  options: { asOps?: boolean } = {},
): Promise<MemberChangeView> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    // One change at a time per project, so two asks cannot both pass the checks.
    await lockProjectName({ tx }, name);
    const project = managedTeam(await findProject({ tx }, name), name);
    // The group is every sharing project's: one project's owner does not speak for the others.
    const sharing = (await findProjectsOfTeam({ tx }, project.team.name)).filter(
      (p) => p.name !== name,
    );
    if (sharing.length > 0 && !options.asOps)
      throw new OpfError(
        'OPF_ERR_TEAM_SHARED',
        `team "${project.team.name}" is also the team of ${sharing.map((p) => p.name).join(', ')}: ask ops to change its members`,
        [{ path: 'login', message: 'the team is shared', code: 'OPF_ERR_TEAM_SHARED' }],
      );
    const pending = await listMemberChanges({ tx }, name, { pendingOnly: true, limit: 1000 });
    const planned = checkMemberChange(project.team, pending, action, login);
    const change = await insertMemberChange(
      { tx },
      {
        project: name,
        team: project.team.name,
        action,
        login,
        requestedBy: actor.name,
        at: nowOf(ctx),
      },
    );
    await enqueueJob(
      { tx },
      {
        kind: MEMBER_CHANGE_JOB,
        payload: { changeId: change.id },
        dedupeKey: `member-change:${change.id}`,
      },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: `project.member.${action}`,
        subjectType: 'project',
        subjectId: name,
        reason: `${action} ${login} (change ${change.id}, pending delivery)`,
        before: { members: membersAfter(project.team.members, pending) },
        after: { members: planned, changeId: change.id, state: change.state },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    return change;
  });
}

export interface MemberChangeOutcome {
  mode: string;
  commitSha: string | null;
  branch: string | null;
  pullRequestUrl: string | null;
  message: string | null;
}

/**
 * The group file has the change on the branch ArgoCD applies: the project's team record
 * follows (and with it the member policy). A change already finished is left alone.
 */
export async function completeMemberChange(
  ctx: OnboardingContext,
  actor: Actor,
  changeId: number,
  outcome: MemberChangeOutcome,
): Promise<void> {
  await ctx.db.transaction().execute(async (tx: Tx) => {
    const change = await findMemberChange({ tx }, changeId);
    if (change?.state !== 'pending') return;
    await lockProjectName({ tx }, change.project);
    const project = await findProject({ tx }, change.project);
    const before = project?.team?.members ?? [];
    const after = applyMemberChange(before, change.action, change.login);
    const now = nowOf(ctx);
    if (project?.team)
      await setProjectTeam({ tx }, project.name, { ...project.team, members: after }, now);
    await updateMemberChange({ tx }, changeId, { state: 'delivered', at: now, ...outcome });
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'project.member.delivered',
        subjectType: 'project',
        subjectId: change.project,
        reason: `${change.action} ${change.login} (change ${changeId}): ${outcome.pullRequestUrl ?? outcome.commitSha ?? 'already in the repository'}`,
        before: { members: before },
        after: { members: after, changeId },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
  });
}

/** The change could not be written (or its pull request was closed): the team stays. */
export async function failMemberChange(
  ctx: OnboardingContext,
  actor: Actor,
  changeId: number,
  outcome: MemberChangeOutcome,
): Promise<void> {
  await ctx.db.transaction().execute(async (tx: Tx) => {
    const change = await findMemberChange({ tx }, changeId);
    if (change?.state !== 'pending') return;
    await updateMemberChange({ tx }, changeId, { state: 'failed', at: nowOf(ctx), ...outcome });
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'project.member.failed',
        subjectType: 'project',
        subjectId: change.project,
        reason: `${change.action} ${change.login} (change ${changeId}): ${outcome.message ?? 'failed'}`,
        after: { changeId, state: 'failed' },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
  });
}

/** In pull-request mode: the pull request is open; the change stays pending until merged. */
export async function proposeMemberChange(
  ctx: OnboardingContext,
  changeId: number,
  outcome: MemberChangeOutcome,
): Promise<void> {
  await updateMemberChange({ tx: ctx.db }, changeId, {
    state: 'pending',
    at: nowOf(ctx),
    ...outcome,
  });
}
