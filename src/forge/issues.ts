import { Octokit } from '@octokit/rest';
import { OpfError } from '../core/index.ts';

/** An issue opf keeps in step with something it owns (an incident). */
export interface IssueRef {
  number: number;
  url: string;
}

export interface IssueTracker {
  openIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueRef>;
  comment(number: number, body: string): Promise<void>;
  /** Set the issue's title, body and open/closed state. */
  updateIssue(
    number: number,
    change: { title: string; body: string; state: 'open' | 'closed' },
  ): Promise<void>;
}

export interface GitHubIssuesOptions {
  owner: string;
  repo: string;
  token: string;
  baseUrl?: string;
  /** Injected in tests: a mocked GitHub. */
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** GitHub issues through @octokit/rest, as the alertmanager-github-receiver kept them. */
export class GitHubIssues implements IssueTracker {
  private readonly octokit: Octokit;

  constructor(private readonly options: GitHubIssuesOptions) {
    const base = options.fetch ?? fetch;
    const timeoutMs = options.timeoutMs ?? 30_000;
    this.octokit = new Octokit({
      auth: options.token,
      userAgent: 'opf',
      ...(options.baseUrl && { baseUrl: options.baseUrl }),
      request: {
        // Every call ends within the timeout: a GitHub that never answers cannot stall a job.
        fetch: (input: Parameters<typeof fetch>[0], init?: RequestInit) => {
          const timeout = AbortSignal.timeout(timeoutMs);
          const signal = init?.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
          return base(input, { ...init, signal });
        },
      },
      log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
    });
  }

  openIssue(issue: { title: string; body: string; labels: string[] }): Promise<IssueRef> {
    const { owner, repo } = this.options;
    return this.call('open an issue', async () => {
      const { data } = await this.octokit.rest.issues.create({ owner, repo, ...issue });
      return { number: data.number, url: data.html_url };
    });
  }

  comment(number: number, body: string): Promise<void> {
    const { owner, repo } = this.options;
    return this.call('comment on an issue', async () => {
      await this.octokit.rest.issues.createComment({ owner, repo, issue_number: number, body });
    });
  }

  updateIssue(
    number: number,
    change: { title: string; body: string; state: 'open' | 'closed' },
  ): Promise<void> {
    const { owner, repo } = this.options;
    return this.call('update an issue', async () => {
      await this.octokit.rest.issues.update({ owner, repo, issue_number: number, ...change });
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
