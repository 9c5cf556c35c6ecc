import { GitHubIssues } from '../forge/index.ts';
import type { JobHandler } from '../jobs/index.ts';
import type { IncidentsContext, IncidentsSettings } from './context.ts';
import { MIRROR_JOB, mirrorJob } from './mirror-job.ts';

/** The incident jobs a worker runs: the GitHub mirror, when a repository is configured. */
export function incidentJobs(
  ctx: IncidentsContext,
  settings: IncidentsSettings,
  fetchImpl?: typeof fetch,
): Record<string, JobHandler> {
  const github = settings.github;
  if (!github) return {};
  const [owner, repo] = github.repo.split('/') as [string, string];
  const tracker = new GitHubIssues({
    owner,
    repo,
    token: github.token,
    ...(github.baseUrl && { baseUrl: github.baseUrl }),
    ...(fetchImpl && { fetch: fetchImpl }),
  });
  return { [MIRROR_JOB]: mirrorJob(ctx, tracker, github.labels) };
}
