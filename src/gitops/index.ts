export {
  type ApplyOptions,
  applyChanges,
  type RecoverOptions,
  recoverPending,
} from './apply.ts';
export type { FileChange, Plan } from './changes.ts';
export {
  assertNoNewFindings,
  type Judgement,
  judgeChange,
  type KustomizeResult,
  kustomizeDirs,
  kustomizeFindings,
  newFindings,
  touchedDirs,
  validateWithKustomize,
} from './check.ts';
export { unifiedDiff, unifiedDiffs } from './diff.ts';
export { type GitOptions, git, isPushRace } from './git.ts';
export { importFrom, importRepository } from './import.ts';
export type {
  AppProjectEntry,
  BindingComponentEntry,
  BindingSubject,
  ClusterEntry,
  ClusterQuota,
  CustomQuota,
  GroupEntry,
  Inventory,
  NamespaceEntry,
  RoleBindingEntry,
  TierEntry,
  UnmodelledEntry,
} from './inventory.ts';
export { ROLES, type Role } from './layout.ts';
export {
  type CommitOptions,
  type CommitResult,
  commitPlan,
  recoverWorkingTree,
} from './local-git.ts';
export { planEnableMonitoring, planGrantAccess } from './plan-access.ts';
export {
  type CreateGroupOptions,
  type CreateProjectOptions,
  planCreateGroup,
  planCreateProject,
} from './plan-create.ts';
export { planMemberChange } from './plan-members.ts';
export { planOffboarding } from './plan-offboard.ts';
export { planProjectOffboarding } from './plan-offboard-project.ts';
export { type OnboardOptions, planOnboarding } from './plan-onboard.ts';
export {
  DEFAULT_OPERATOR_NAMESPACE,
  DEFAULT_OPERATOR_OWNER,
  type InstallOperatorOptions,
  planInstallOperator,
} from './plan-operator.ts';
export { planClusterQuota } from './plan-quota.ts';
export { diskFs, overlayFs, type RepoFs, snapshotFs } from './repo-fs.ts';
export {
  openRepository,
  openRepositoryInParallel,
  type Repository,
  repositoryFrom,
} from './repository.ts';
export { schemaFindings } from './schema-check.ts';
export { type ProcessTimeouts, processTimeouts } from './timeouts.ts';
export {
  type Finding,
  type ValidateOptions,
  validateFs,
  validateRepository,
  validateRepositoryInParallel,
} from './validate.ts';
