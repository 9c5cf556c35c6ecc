import { OpfError } from '../../core/index.ts';
import type { ApiClient } from '../api-client.ts';

/**
 * The one project among `candidates` whose team the caller is on: what `ack` commands
 * answer for when no --project is given. None or several: a clear error asking for one.
 */
export async function myProjectAmong(
  api: ApiClient,
  candidates: readonly string[],
  what: { none: string; several: string },
): Promise<string> {
  const me = await api.get<{ login: string }>('/api/v1/me');
  const mine: string[] = [];
  for (const name of candidates) {
    const project = await api.get<{ team: { owner: string; members: string[] } | null }>(
      `/api/v1/projects/${encodeURIComponent(name)}`,
    );
    const team = project.team ? [project.team.owner, ...project.team.members] : [];
    if (team.some((login) => login.toLowerCase() === me.login.toLowerCase())) mine.push(name);
  }
  if (mine.length === 1) return mine[0]!;
  throw new OpfError(
    'OPF_ERR_VALIDATION',
    mine.length === 0
      ? `${what.none} of ${me.login}'s; name one with --project`
      : `${what.several} (${mine.join(', ')}); name one with --project`,
    [{ path: '--project', message: 'required here' }],
  );
}
