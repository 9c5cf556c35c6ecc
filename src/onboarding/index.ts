export { clusterCapacity } from './capacity.ts';
export { addComment } from './comments.ts';
export type { Actor, OnboardingContext } from './context.ts';
export {
  completeMemberChange,
  failMemberChange,
  getProjectMembers,
  MEMBER_CHANGE_JOB,
  type MemberChangeOutcome,
  proposeMemberChange,
  requestMemberChange,
} from './member-changes.ts';
export {
  getComments,
  getProject,
  getRequestDetail,
  getRequestDetailJson,
  getRequestHistory,
  getTermsAcceptances,
  HISTORY_PAGE,
  HISTORY_PAGE_MAX,
  type HistoryPage,
  type RequestDetail,
  searchProjects,
  searchProjectsJson,
  searchRequests,
} from './queries.ts';
export {
  type ActionOptions,
  applyRequestAction,
  DELIVER_JOB,
  OFFBOARD_JOB,
  REQUEST_EVENT_JOB,
  updateRequestSpec,
} from './request-actions.ts';
export { seedOnboardingReference, seedSampleRequests } from './seed.ts';
export { submitRequest } from './submit-request.ts';
export { TEAM_CONSENT_JOB } from './team-consent.ts';
export {
  type ConsentOutcome,
  decideOnTeamConsent,
  searchTeamConsents,
} from './team-consent-decision.ts';
