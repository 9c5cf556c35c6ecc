/**
 * A forge hosts the GitOps repository's pull requests. opf speaks to it through this thin
 * port so every flow also works with a plain git remote (no forge: direct commits only).
 */
export interface PullRequestRef {
  number: number;
  url: string;
  state: 'open' | 'closed' | 'merged';
}

export interface OpenPullRequest {
  /** The branch with the change (opf/request-<id>). */
  head: string;
  /** The branch ArgoCD applies. */
  base: string;
  title: string;
  body: string;
}

export interface Forge {
  readonly name: string;
  /** Open a pull request, or return the open one for the same head (idempotent). */
  openPullRequest(request: OpenPullRequest): Promise<PullRequestRef>;
  getPullRequest(number: number): Promise<PullRequestRef>;
}
