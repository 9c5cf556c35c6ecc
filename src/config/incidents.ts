import { OpfError } from '../core/index.ts';
import type { IncidentsSettings } from '../incidents/index.ts';

/**
 * The Alertmanager webhook's token and the optional GitHub mirror (README, configuration
 * table; docs/incidents.md). Both are secrets: they live in the environment only.
 */
export function incidentsConfig(env: NodeJS.ProcessEnv): IncidentsSettings {
  const token = env.OPF_ALERTMANAGER_TOKEN || undefined;
  if (token !== undefined && token.length < 16)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      'OPF_ALERTMANAGER_TOKEN must be at least 16 characters',
    );
  const repo = env.OPF_INCIDENTS_GITHUB_REPO || undefined;
  if (repo === undefined) return { alertmanagerToken: token, github: undefined };
  if (!/^[\w.-]+\/[\w.-]+$/.test(repo))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_INCIDENTS_GITHUB_REPO must be owner/name, not "${repo}"`,
    );
  const githubToken = env.OPF_INCIDENTS_GITHUB_TOKEN || env.OPF_GITHUB_TOKEN || undefined;
  if (!githubToken)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      'OPF_INCIDENTS_GITHUB_REPO needs OPF_INCIDENTS_GITHUB_TOKEN (or OPF_GITHUB_TOKEN)',
    );
  const labels = (env.OPF_INCIDENTS_GITHUB_LABELS ?? 'incident')
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);
  return {
    alertmanagerToken: token,
    github: {
      repo,
      token: githubToken,
      labels,
      ...(env.OPF_INCIDENTS_GITHUB_API_URL && { baseUrl: env.OPF_INCIDENTS_GITHUB_API_URL }),
    },
  };
}
