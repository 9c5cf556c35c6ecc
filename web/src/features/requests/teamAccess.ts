import { useSession, useSessionRestoring } from '../../shared/session.ts';
import { useToken } from '../../shared/token.ts';
import type { Me, ProjectMembers, RequestView } from '../../shared/types.ts';
import { useApi } from '../../shared/useApi.ts';

/**
 * What the caller may do on a request as its team would: comment, edit, resubmit, withdraw.
 *  - anonymous: nobody is signed in
 *  - checking: the page is still asking who is signed in
 *  - member: the team's owner or one of its members
 *  - reviewer: ops or admin (they may act for any team); `inTeam` when it is theirs too
 *  - outsider: signed in, but not in this team
 * Only a convenience for what the page offers: the API checks the team on every write.
 */
export type TeamAccess =
  | { kind: 'anonymous' }
  | { kind: 'checking' }
  | { kind: 'member'; login: string }
  | { kind: 'reviewer'; login: string; inTeam: boolean }
  | { kind: 'outsider'; login: string };

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function useTeamAccess(request: RequestView | undefined): TeamAccess {
  const session = useSession();
  const restoring = useSessionRestoring();
  const token = useToken();
  // A pasted token carries no name or role the page can read: ask the API whose it is.
  const me = useApi<Me>(token && !session ? '/api/v1/me' : undefined);
  const who = session ?? (token ? me.data : undefined);
  // Once onboarded the team can change (its owner adds and removes members): the project's
  // team as delivered is the one the API checks, not the one the request first named.
  const project = useApi<ProjectMembers>(
    request?.state === 'active'
      ? `/api/v1/projects/${encodeURIComponent(request.projectName)}/members`
      : undefined,
  );
  if (!who)
    return restoring || (token && me.loading) ? { kind: 'checking' } : { kind: 'anonymous' };
  const team = project.data ?? request?.spec.team;
  const inTeam =
    team !== undefined &&
    (same(team.owner, who.login) || team.members.some((member) => same(member, who.login)));
  // Ops who bring a project of their own still edit and resubmit it as its team.
  if (who.role === 'ops' || who.role === 'admin')
    return { kind: 'reviewer', login: who.login, inTeam };
  return inTeam ? { kind: 'member', login: who.login } : { kind: 'outsider', login: who.login };
}

/** Members and reviewers act for the team. */
export function actsForTeam(
  access: TeamAccess,
): access is Extract<TeamAccess, { kind: 'member' | 'reviewer' }> {
  return access.kind === 'member' || access.kind === 'reviewer';
}
