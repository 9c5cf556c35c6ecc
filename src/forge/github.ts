import { Octokit } from '@octokit/rest';
import { OpfError } from '../core/index.ts';
import type { Forge, OpenPullRequest, PullRequestRef } from './forge.ts';

export interface GitHubForgeOptions {
  owner: string;
  repo: string;
  token: string;
  /** API base, for GitHub Enterprise; default api.github.com. */
  baseUrl?: string;
  /** Injected in tests: the recorded contract answers instead of GitHub. */
  fetch?: typeof fetch;
  /** How long one API call may take before it fails (and the job is retried); default 30 s. */
  timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/** Every call ends within `timeoutMs`: a GitHub that accepts and never answers cannot stall a runner. */
function fetchWithTimeout(base: typeof fetch, timeoutMs: number): typeof fetch {
  return (input, init) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    return base(input, { ...init, signal });
  };
}

/** GitHub pull requests through @octokit/rest. */
export class GitHubForge implements Forge {
  readonly name = 'github';
  private readonly octokit: Octokit;

  constructor(private readonly options: GitHubForgeOptions) {
    this.octokit = new Octokit({
      auth: options.token,
      userAgent: 'opf',
      ...(options.baseUrl && { baseUrl: options.baseUrl }),
      request: {
        fetch: fetchWithTimeout(options.fetch ?? fetch, options.timeoutMs ?? DEFAULT_TIMEOUT_MS),
      },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
  }

  async openPullRequest(request: OpenPullRequest): Promise<PullRequestRef> {
    const { owner, repo } = this.options;
    return this.call('open a pull request', async () => {
      const existing = await this.octokit.rest.pulls.list({
        owner,
        repo,
        state: 'open',
        head: `${owner}:${request.head}`,
        base: request.base,
      });
      const open = existing.data[0];
      if (open) return { number: open.number, url: open.html_url, state: 'open' };
      const created = await this.octokit.rest.pulls.create({
        owner,
        repo,
        ...request,
        maintainer_can_modify: true,
      });
      return { number: created.data.number, url: created.data.html_url, state: 'open' };
    });
  }

  async getPullRequest(number: number): Promise<PullRequestRef> {
    const { owner, repo } = this.options;
    return this.call('read a pull request', async () => {
      const { data } = await this.octokit.rest.pulls.get({ owner, repo, pull_number: number });
      return {
        number: data.number,
        url: data.html_url,
        state: data.merged ? 'merged' : (data.state as 'open' | 'closed'),
      };
    });
  }

  private async call<T>(what: string, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const status = (error as { status?: number }).status;
      throw new OpfError(
        'OPF_ERR_FORGE_FAILED',
        `GitHub refused to ${what}${status ? ` (HTTP ${status})` : ''}: ${(error as Error).message}`,
      );
    }
  }
}
