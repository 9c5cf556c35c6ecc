import {
  type AuditEventView,
  allowedActions,
  type CommentView,
  OpfError,
  type ProjectView,
  type RequestAction,
  type RequestView,
  type TermsAcceptanceView,
} from '../core/index.ts';
import {
  type DeliveryView,
  findProject,
  findRequest,
  listAuditEvents,
  listComments,
  listDeliveries,
  listProjects,
  listRequests,
  listTermsAcceptances,
  type ProjectQuery,
  type RequestQuery,
} from '../store/index.ts';
import type { OnboardingContext } from './context.ts';

export interface RequestDetail {
  request: RequestView;
  history: AuditEventView[];
  comments: CommentView[];
  termsAcceptances: TermsAcceptanceView[];
  /** How the approved change reached the GitOps repository: commits, pull requests. */
  deliveries: DeliveryView[];
  allowedActions: RequestAction[];
}

/** A request as anyone may read it: what it asks, where it stands, how it got there. */
export async function getRequestDetail(ctx: OnboardingContext, id: number): Promise<RequestDetail> {
  const tx = ctx.db;
  const request = await findRequest({ tx }, id);
  if (!request) throw new OpfError('OPF_ERR_NOT_FOUND', `request ${id} does not exist`);
  const [history, comments, termsAcceptances, deliveries] = await Promise.all([
    listAuditEvents(
      { tx },
      { subjectType: 'request', subjectId: String(id), publicOnly: true, limit: 1000 },
    ),
    listComments({ tx }, id),
    listTermsAcceptances({ tx }, id),
    listDeliveries({ tx }, id),
  ]);
  return {
    request,
    history,
    comments,
    termsAcceptances,
    deliveries,
    allowedActions: allowedActions(request.state),
  };
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

export function searchRequests(ctx: OnboardingContext, query: RequestQuery) {
  return listRequests({ tx: ctx.db }, query);
}
