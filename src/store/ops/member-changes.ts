import type { Selectable } from 'kysely';
import type {
  MemberChangeAction,
  MemberChangeState,
  MemberChangeView,
  TeamSpec,
} from '../../core/index.ts';
import type { MemberChangesTable } from '../member-changes-schema.ts';
import type { TxContext } from '../schema.ts';

export async function insertMemberChange(
  { tx }: TxContext,
  change: {
    project: string;
    team: string;
    action: MemberChangeAction;
    login: string;
    requestedBy: string;
    at: Date;
  },
): Promise<MemberChangeView> {
  const row = await tx
    .insertInto('member_changes')
    .values({
      project_name: change.project,
      team_name: change.team,
      action: change.action,
      login: change.login,
      requested_by: change.requestedBy,
      requested_at: change.at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toMemberChangeView(row);
}

export async function findMemberChange(
  { tx }: TxContext,
  id: number,
): Promise<MemberChangeView | undefined> {
  const row = await tx
    .selectFrom('member_changes')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toMemberChangeView(row);
}

/** A project's changes, newest first; `pendingOnly` for the ones not yet delivered. */
export async function listMemberChanges(
  { tx }: TxContext,
  project: string,
  options: { pendingOnly?: boolean; limit?: number } = {},
): Promise<MemberChangeView[]> {
  let q = tx
    .selectFrom('member_changes')
    .selectAll()
    .where('project_name', '=', project)
    .orderBy('id', 'desc')
    .limit(options.limit ?? 50);
  if (options.pendingOnly) q = q.where('state', '=', 'pending');
  return (await q.execute()).map(toMemberChangeView);
}

/** Record how the change went; a finished change (delivered or failed) is final. */
export async function updateMemberChange(
  { tx }: TxContext,
  id: number,
  update: {
    state: MemberChangeState;
    at: Date;
    mode?: string | null;
    commitSha?: string | null;
    branch?: string | null;
    pullRequestUrl?: string | null;
    message?: string | null;
  },
): Promise<void> {
  await tx
    .updateTable('member_changes')
    .set({
      state: update.state,
      ...(update.state !== 'pending' && { finished_at: update.at }),
      ...(update.mode !== undefined && { mode: update.mode }),
      ...(update.commitSha !== undefined && { commit_sha: update.commitSha }),
      ...(update.branch !== undefined && { branch: update.branch }),
      ...(update.pullRequestUrl !== undefined && { pull_request_url: update.pullRequestUrl }),
      ...(update.message !== undefined && { message: update.message }),
    })
    .where('id', '=', id)
    .where('state', '=', 'pending')
    .execute();
}

/** Replace a project's team record (the member policy reads it). */
export async function setProjectTeam(
  { tx }: TxContext,
  project: string,
  team: Pick<TeamSpec, 'name' | 'owner' | 'members'>,
  at: Date,
): Promise<void> {
  await tx
    .updateTable('projects')
    .set({
      team: JSON.stringify({ name: team.name, owner: team.owner, members: team.members }),
      updated_at: at,
    })
    .where('name', '=', project)
    .execute();
}

function toMemberChangeView(row: Selectable<MemberChangesTable>): MemberChangeView {
  return {
    id: row.id,
    project: row.project_name,
    team: row.team_name,
    action: row.action as MemberChangeAction,
    login: row.login,
    state: row.state as MemberChangeState,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at.toISOString(),
    finishedAt: row.finished_at?.toISOString() ?? null,
    mode: row.mode,
    commitSha: row.commit_sha,
    branch: row.branch,
    pullRequestUrl: row.pull_request_url,
    message: row.message,
  };
}
