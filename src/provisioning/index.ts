export { type AdoptionReport, adoptInventory } from './adopt.ts';
export { awaitMergeJob } from './await-merge.ts';
export {
  AWAIT_MEMBER_MERGE_JOB,
  awaitMemberMergeJob,
  deliverMemberChangeJob,
} from './deliver-member-change.ts';
export { deliverRequestJob } from './deliver-request.ts';
export {
  type OperatorInstallInput,
  type OperatorInstallResult,
  operatorInstaller,
} from './install-operator.ts';
export { AWAIT_OFFBOARD_MERGE_JOB, offboardRequestJob } from './offboard-request.ts';
export { type PlanPreview, planPreviewer } from './preview.ts';
export { AWAIT_MERGE_JOB, DELIVER_JOB, type ProvisioningSettings, requestUrl } from './settings.ts';
export { ADOPT_JOB, deliveryTargetFor, provisioningJobs } from './wire.ts';
