export type { Forge, OpenPullRequest, PullRequestRef } from './forge.ts';
export { GitHubForge, type GitHubForgeOptions } from './github.ts';
export {
  GitHubIssues,
  type GitHubIssuesOptions,
  type IssueRef,
  type IssueTracker,
} from './issues.ts';
