import { type ErrorCode, OpfError } from './errors.ts';
import { printable, sameUser, userNameProblem } from './names.ts';

/**
 * A change of an onboarded project's team: the owner adds or removes one member. The team
 * lives in two places, the group file of the GitOps repository (what the cluster grants) and
 * the project's record (what opf's member policy reads); a change is pending until a job has
 * written the group file, and only then does the record follow.
 */
export type MemberChangeAction = 'add' | 'remove';
export type MemberChangeState = 'pending' | 'delivered' | 'failed';

export interface MemberChangeView {
  id: number;
  project: string;
  /** The team (and group) the change is for. */
  team: string;
  action: MemberChangeAction;
  login: string;
  state: MemberChangeState;
  requestedBy: string;
  requestedAt: string;
  /** When the group file change reached the branch ArgoCD applies (or failed). */
  finishedAt: string | null;
  mode: string | null;
  commitSha: string | null;
  /** The branch the commit is on: the applied branch, or the pull request's. */
  branch: string | null;
  pullRequestUrl: string | null;
  message: string | null;
}

export interface ProjectMembersView {
  project: string;
  team: string;
  owner: string;
  /** The members as delivered (the owner is always in the group, listed here or not). */
  members: string[];
  /** The newest changes first, pending ones included. */
  changes: MemberChangeView[];
}

/** The most members a team may have (the request schema's limit). */
export const MAX_TEAM_MEMBERS = 500;

export interface TeamMembers {
  owner: string;
  members: readonly string[];
}

/** The members once the pending changes are delivered, in order. */
export function membersAfter(
  members: readonly string[],
  changes: readonly Pick<MemberChangeView, 'action' | 'login'>[],
): string[] {
  let out = [...members];
  for (const change of changes) out = applyMemberChange(out, change.action, change.login);
  return out;
}

/** One change on a member list: add keeps the casing given, remove matches any case. */
export function applyMemberChange(
  members: readonly string[],
  action: MemberChangeAction,
  login: string,
): string[] {
  if (action === 'remove') return members.filter((member) => !sameUser(member, login));
  return members.some((member) => sameUser(member, login)) ? [...members] : [...members, login];
}

/**
 * Check a change against the team as it will be once the pending changes are in: the login
 * must be a valid user name; an addition must be new, a removal must name a member who is
 * neither the owner nor the last one. Returns the member list after the change.
 */
export function checkMemberChange(
  team: TeamMembers,
  pending: readonly Pick<MemberChangeView, 'action' | 'login'>[],
  action: MemberChangeAction,
  login: string,
): string[] {
  const problem = userNameProblem(login);
  if (problem) throw refusal('OPF_ERR_USER_INVALID', `login "${printable(login)}" ${problem}`);
  // Changes of different logins commute (in the group file and in the record), so jobs may
  // deliver them in any order; two changes of one login would not, so the second waits.
  if (pending.some((change) => sameUser(change.login, login)))
    throw refusal(
      'OPF_ERR_MEMBER_CHANGE_PENDING',
      `a change of ${login} is still being delivered; try again once it is done`,
    );
  const members = membersAfter(team.members, pending);
  const isMember = members.some((member) => sameUser(member, login));
  if (action === 'add') {
    if (isMember || sameUser(team.owner, login))
      throw refusal(
        'OPF_ERR_MEMBER_EXISTS',
        `${login} is already a member of the team${sameUser(team.owner, login) ? ' (its owner)' : ''}`,
      );
    if (members.length >= MAX_TEAM_MEMBERS)
      throw refusal(
        'OPF_ERR_VALIDATION',
        `a team has at most ${MAX_TEAM_MEMBERS} members; remove one first`,
      );
    return [...members, login];
  }
  if (sameUser(team.owner, login))
    throw refusal(
      'OPF_ERR_MEMBER_IS_OWNER',
      `${login} owns the team and cannot be removed from it`,
    );
  if (!isMember) throw refusal('OPF_ERR_MEMBER_UNKNOWN', `${login} is not a member of the team`);
  const after = members.filter((member) => !sameUser(member, login));
  if (after.length === 0)
    throw refusal(
      'OPF_ERR_MEMBER_LAST',
      `${login} is the team's last member; add another member before removing them`,
    );
  return after;
}

/** A refused change, placed at the `login` field for forms (the same words as the message). */
function refusal(code: ErrorCode, message: string): OpfError {
  return new OpfError(code, message, [{ path: 'login', message, code }]);
}
