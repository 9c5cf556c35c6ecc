export type { Forge, OpenPullRequest, PullRequestRef } from './forge.ts';
export { GitHubForge, type GitHubForgeOptions } from './github.ts';
