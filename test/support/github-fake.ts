import { GitHubForge } from '../../src/forge/index.ts';
import { mergeOnRemote } from './gitops.ts';

interface Pull {
  number: number;
  head: string;
  base: string;
  title: string;
  state: 'open' | 'closed';
  merged: boolean;
}

/**
 * GitHub's pull-request API, in memory, for the real adapter (GitHubForge) to talk to: the
 * three calls the recorded contract (test/forge/github-contract.json) shows it making,
 * answered in the same shapes, with pull requests the test merges or closes. Merging is a
 * real `git merge` of the head branch into the base branch of the bare remote, as GitHub's
 * merge button would push it. Any other call fails the test.
 */
export class FakeGitHub {
  readonly pulls: Pull[] = [];
  readonly forge: GitHubForge;

  constructor(
    private readonly remote: string,
    private readonly scratch: string,
    private readonly owner = 'operate-first',
    private readonly repo = 'apps',
  ) {
    this.forge = new GitHubForge({ owner, repo, token: 'ghp_test', fetch: this.fetch });
  }

  private url(number: number): string {
    return `https://github.com/${this.owner}/${this.repo}/pull/${number}`;
  }

  private view(pull: Pull) {
    return {
      id: 1_296_000 + pull.number,
      number: pull.number,
      state: pull.state,
      merged: pull.merged,
      html_url: this.url(pull.number),
      head: { ref: pull.head },
      base: { ref: pull.base },
    };
  }

  private readonly fetch = async (
    input: string | URL | Request,
    init?: RequestInit,
  ): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const method = (init?.method ?? 'GET').toUpperCase();
    const body = init?.body ? JSON.parse(String(init.body)) : undefined;
    const pulls = `/repos/${this.owner}/${this.repo}/pulls`;
    const answer = (status: number, data: unknown) =>
      new Response(JSON.stringify(data), {
        status,
        headers: { 'content-type': 'application/json; charset=utf-8' },
      });
    if (method === 'GET' && url.pathname === pulls) {
      const head = url.searchParams.get('head')?.replace(`${this.owner}:`, '');
      const state = url.searchParams.get('state');
      return answer(
        200,
        this.pulls
          .filter((p) => p.head === head && (!state || p.state === state))
          .map((p) => this.view(p)),
      );
    }
    if (method === 'POST' && url.pathname === pulls) {
      const pull: Pull = {
        number: 1347 + this.pulls.length,
        head: body.head,
        base: body.base,
        title: body.title,
        state: 'open',
        merged: false,
      };
      this.pulls.push(pull);
      return answer(201, this.view(pull));
    }
    const one = new RegExp(`^${pulls}/(\\d+)$`).exec(url.pathname);
    const pull = one && this.pulls.find((p) => p.number === Number(one[1]));
    if (method === 'GET' && pull) return answer(200, this.view(pull));
    throw new Error(`the fake GitHub does not answer ${method} ${url.pathname}${url.search}`);
  };

  pull(head: string): Pull {
    const found = this.pulls.find((p) => p.head === head);
    if (!found) throw new Error(`no pull request from ${head}`);
    return found;
  }

  /** Merge as GitHub would: the head branch merged into the base, pushed to the remote. */
  async merge(head: string): Promise<void> {
    const pull = this.pull(head);
    await mergeOnRemote(this.remote, this.scratch, {
      head: pull.head,
      base: pull.base,
      message: `Merge pull request #${pull.number} from ${pull.head}`,
      author: 'GitHub',
    });
    pull.state = 'closed';
    pull.merged = true;
  }

  /** Close without merging. */
  close(head: string): void {
    this.pull(head).state = 'closed';
  }
}
