export {
  DEFAULT_ENGAGEMENT_SETTINGS,
  type EngagementContext,
  type EngagementSettings,
  type IncidentResponseSource,
  NO_INCIDENT_SOURCE,
} from './context.ts';
export {
  ENGAGEMENT_SWEEP_JOB,
  engagementJobs,
  proposeForInactive,
  remindUnansweredNotices,
  SWEEP_EVERY_MS,
  scheduleSweep,
} from './jobs.ts';
export {
  acknowledgeNotice,
  closeNotice,
  getNotice,
  getNotices,
  NOTICE_ANNOUNCE_JOB,
  NOTICE_KINDS,
  type NoticeInput,
  type NoticeRecipientView,
  type NoticeView,
  noticeInputSchema,
  postNotice,
} from './notices.ts';
export {
  cancelOffboarding,
  decideOffboarding,
  ENGAGEMENT_ACTOR,
  OFFBOARD_PROPOSAL_ANNOUNCE_JOB,
  offboardingProposals,
  proposeOffboarding,
} from './offboarding.ts';
export {
  type EngagementRecord,
  engagementList,
  engagementOf,
  engagementOfAll,
} from './record.ts';
export { publishTermsVersion, type TermsInput, termsInputSchema } from './terms.ts';
