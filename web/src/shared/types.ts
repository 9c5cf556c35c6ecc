// What the API answers, as the portal reads it: names for the shapes of docs/openapi.json,
// generated into api-types.gen.ts (`npm run openapi:types`; a test fails when it is stale).
// Nothing here is written by hand, so the portal cannot drift from the API.
import type { components, paths } from './api-types.gen.ts';

type Schemas = components['schemas'];
type Method = 'get' | 'post' | 'put' | 'delete';
type Success<R> = R extends { 200: infer A } ? A : R extends { 201: infer A } ? A : never;
type JsonOf<A> = A extends { content: { 'application/json': infer T } } ? T : never;

/** The JSON body the API answers to a successful `method` on `path`. */
export type ApiAnswer<
  P extends keyof paths,
  M extends Method & keyof paths[P] = 'get',
> = paths[P][M] extends {
  responses: infer R;
}
  ? JsonOf<Success<R>>
  : never;

/** The JSON body `method` on `path` takes. */
export type ApiBody<
  P extends keyof paths,
  M extends Method & keyof paths[P],
> = paths[P][M] extends {
  requestBody?: infer B;
}
  ? JsonOf<NonNullable<B>>
  : never;

export type RequestView = Schemas['Request'];
export type RequestState = RequestView['state'];
export type RequestDetail = Schemas['RequestDetail'];
export type TeamConsent = Schemas['TeamConsent'];
/** What the signed-in caller may do to a request now. */
export type RequestAction = RequestDetail['allowedActions'][number];
export type Delivery = RequestDetail['deliveries'][number];
export type TermsAcceptance = Schemas['TermsAcceptance'];
export type RequestSpecInput = ApiBody<'/api/v1/requests', 'post'>;
export type RequestPage = ApiAnswer<'/api/v1/requests'>;
export type AuditEventView = Schemas['AuditEvent'];
export type HistoryPage = Schemas['HistoryPage'];
export type CommentView = Schemas['Comment'];
export type PlanPreview = Schemas['PlanPreview'];

export type ProjectView = Schemas['Project'];
export type ProjectPage = ApiAnswer<'/api/v1/projects'>;
export type ProjectMembers = Schemas['ProjectMembers'];
export type MemberChange = Schemas['MemberChange'];

export type Cluster = ApiAnswer<'/api/v1/clusters'>['items'][number];
export type QuotaTier = Schemas['QuotaTier'];
export type TermsVersion = Schemas['Terms'];
export type CapacityReport = Schemas['CapacityReport'];
export type ClusterCapacityView = CapacityReport['clusters'][number];
export type RequestCapacityView = CapacityReport['requests'][number];
export type CapacityResource = ClusterCapacityView['over'][number];
export type ResourceUse = Schemas['ResourceUse'];

export type Site = Schemas['Site'];
export type SiteContent = Schemas['SiteContent'];
export type Meeting = Schemas['Meeting'];
export type Occurrence = Schemas['Occurrence'];
/** GET /api/v1/meetings: the meetings, and the next occurrence of each. */
export type Meetings = ApiAnswer<'/api/v1/meetings'>;
/** GET /api/v1/channels: where the community talks. */
export type Channel = Schemas['Channel'];

/** GET /api/v1/me: who the credentials belong to. */
export type Me = Schemas['Me'];
/** GET /api/v1/tokens: an API token as listed; its secret is never shown again. */
export type ApiToken = Schemas['ApiToken'];
/** What an API token may be used for. */
export type Scope = ApiToken['scopes'][number];
/** POST /api/v1/tokens: the new token, with its secret this once. */
export type CreatedApiToken = ApiAnswer<'/api/v1/tokens', 'post'>;

export type NoticeView = Schemas['Notice'];
export type NoticeSummary = Schemas['NoticeSummary'];
export type NoticeRecipient = Schemas['NoticeRecipient'];
export type NoticePage = ApiAnswer<'/api/v1/notices'>;
export type EngagementRecord = Schemas['EngagementRecord'];
export type OffboardingProposal = Schemas['OffboardingProposal'];
/** GET /api/v1/meetings/{slug}: a meeting, its cancellations and moves, and ISO-week parity. */
export type MeetingDetail = Schemas['MeetingDetail'];
export type MeetingException = Schemas['MeetingException'];
export type ParityReport = Schemas['ParityReport'];
/** GET /api/v1/meetings/{slug}/agenda: an occurrence's agenda, attendance and minutes. */
export type Agenda = Schemas['Agenda'];
export type AgendaItem = Schemas['AgendaItem'];
export type MeetingRecord = Schemas['MeetingRecord'];
/** An announcement with its delivery state per channel. */
export type Announcement = Schemas['Announcement'];
export type AnnouncementDelivery = Schemas['AnnouncementDelivery'];
export type AnnouncementInput = ApiBody<'/api/v1/announcements', 'post'>;
/** GET /api/v1/overview: the dashboard in one answer. */
export type Overview = Schemas['Overview'];
/** GET /api/v1/auth/options: how one may sign in here. */
export type SignInOptions = Schemas['SignInOptions'];
