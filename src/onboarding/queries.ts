import {
  type AuditEventView,
  allowedActions,
  type CommentView,
  OpfError,
  type ProjectView,
  type RequestAction,
  type RequestView,
  type TeamConsentView,
  type TermsAcceptanceView,
} from '../core/index.ts';
import {
  countAuditEvents,
  type DeliveryView,
  findLatestTeamConsent,
  findProject,
  findRequest,
  listAuditEvents,
  listComments,
  listProjects,
  listProjectsJson,
  listRequests,
  listTermsAcceptances,
  type ProjectQuery,
  type RequestQuery,
  readRequestDetail,
  readRequestDetailJson,
} from '../store/index.ts';
import type { OnboardingContext } from './context.ts';

/** How many of a request's newest events its detail carries; the rest are paged. */
export const HISTORY_PAGE = 50;
export const HISTORY_PAGE_MAX = 500;
/** How many of a request's newest terms acceptances its detail carries. */
export const TERMS_ACCEPTANCES_SHOWN = 10;

export interface RequestDetail {
  request: RequestView;
  /** The newest HISTORY_PAGE events, oldest first; earlier ones via getRequestHistory. */
  history: AuditEventView[];
  /** All the request's public events: more than history holds when it is long. */
  historyTotal: number;
  comments: CommentView[];
  /** The newest TERMS_ACCEPTANCES_SHOWN, oldest first; all via getTermsAcceptances. */
  termsAcceptances: TermsAcceptanceView[];
  termsAcceptancesTotal: number;
  /** How the approved change reached the GitOps repository: commits, pull requests. */
  deliveries: DeliveryView[];
  allowedActions: RequestAction[];
  /**
   * The consent of an existing team's owner, where the request names someone else's team
   * (the newest ask); null when none was ever needed. Pending: the request is held.
   */
  teamConsent: TeamConsentView | null;
}

const DETAIL_LIMITS = { history: HISTORY_PAGE, termsAcceptances: TERMS_ACCEPTANCES_SHOWN };

/**
 * A detail, read beside the newest consent asked of the team's owner (sent together: one round
 * trip of waiting), with the actions on offer: approval is held while that consent is pending.
 */
async function withTeamConsent<
  T extends { request: { state: Parameters<typeof allowedActions>[0] } },
>(ctx: OnboardingContext, id: number, read: Promise<T | undefined>) {
  const [detail, consent] = await Promise.all([read, findLatestTeamConsent({ tx: ctx.db }, id)]);
  if (!detail) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  const held = consent?.state === 'pending';
  return {
    ...detail,
    allowedActions: allowedActions(detail.request.state).filter((a) => !held || a !== 'approve'),
    teamConsent: consent ?? null,
  };
}

/** A request as anyone may read it: what it asks, where it stands, how it got there. */
export function getRequestDetail(ctx: OnboardingContext, id: number): Promise<RequestDetail> {
  return withTeamConsent(ctx, id, readRequestDetail({ tx: ctx.db }, id, DETAIL_LIMITS));
}

/**
 * The same detail with its lists and team consent as JSON text, as the API sends it (ADR
 * 0016, 0031): one statement, the consent read in it rather than beside it.
 */
export async function getRequestDetailJson(ctx: OnboardingContext, id: number) {
  const detail = await readRequestDetailJson({ tx: ctx.db }, id, DETAIL_LIMITS);
  if (!detail) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  const held = detail.teamConsentState === 'pending';
  return {
    ...detail,
    allowedActions: allowedActions(detail.request.state).filter((a) => !held || a !== 'approve'),
  };
}

/** Every terms acceptance of a request, oldest first. */
export async function getTermsAcceptances(
  ctx: OnboardingContext,
  id: number,
): Promise<TermsAcceptanceView[]> {
  const request = await findRequest({ tx: ctx.db }, id);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  return listTermsAcceptances({ tx: ctx.db }, id);
}

export interface HistoryPage {
  /** Oldest first. */
  items: AuditEventView[];
  total: number;
  /** Pass as `before` for the page of events older than these; null when none are left. */
  nextBefore: number | null;
}

/** A page of a request's public history, going back from `before` (an event id). */
export async function getRequestHistory(
  ctx: OnboardingContext,
  id: number,
  page: { before?: number; limit: number },
): Promise<HistoryPage> {
  const request = await findRequest({ tx: ctx.db }, id);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  return readHistory(ctx, id, page);
}

async function readHistory(
  ctx: OnboardingContext,
  id: number,
  page: { before?: number; limit: number },
): Promise<HistoryPage> {
  const subject = { subjectType: 'request', subjectId: String(id), publicOnly: true };
  const [newestFirstPlusOne, total] = await Promise.all([
    // One more than asked: whether it exists says if older events are left.
    listAuditEvents(
      { tx: ctx.db },
      {
        ...subject,
        newest: true,
        limit: page.limit + 1,
        ...(page.before !== undefined && { beforeId: page.before }),
      },
    ),
    countAuditEvents({ tx: ctx.db }, subject),
  ]);
  const more = newestFirstPlusOne.length > page.limit;
  const items = more ? newestFirstPlusOne.slice(1) : newestFirstPlusOne;
  return { items, total, nextBefore: more ? (items[0]?.id ?? null) : null };
}

export async function getComments(ctx: OnboardingContext, id: number): Promise<CommentView[]> {
  const request = await findRequest({ tx: ctx.db }, id);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  return listComments({ tx: ctx.db }, id);
}

export async function getProject(ctx: OnboardingContext, name: string): Promise<ProjectView> {
  const project = await findProject({ tx: ctx.db }, name);
  if (!project) throw new OpfError('OPF_ERR_NOT_FOUND', `project "${name}" does not exist`);
  return project;
}

export function searchProjects(ctx: OnboardingContext, query: ProjectQuery) {
  return listProjects({ tx: ctx.db }, query);
}

/** The same page as searchProjects, its items as the JSON text the API sends (ADR 0016). */
export function searchProjectsJson(ctx: OnboardingContext, query: ProjectQuery) {
  return listProjectsJson({ tx: ctx.db }, query);
}

export function searchRequests(ctx: OnboardingContext, query: RequestQuery) {
  return listRequests({ tx: ctx.db }, query);
}
