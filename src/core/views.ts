import type { RequestState } from './lifecycle.ts';
import type { RequestSpec } from './request.ts';

/** What the store and API return: records as read, separate from what users send. */
export interface ProjectView {
  name: string;
  displayName: string;
  description: string;
  repositoryUrl: string | null;
  docsUrl: string | null;
  status: 'requested' | 'active' | 'offboarding' | 'offboarded' | 'closed';
  imported: boolean;
  team: { name: string; owner: string; members: string[] } | null;
  namespaces: { name: string; cluster: string | null; tier: string | null }[];
  latestRequestId: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface RequestView {
  id: number;
  projectName: string;
  state: RequestState;
  version: number;
  spec: RequestSpec;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
}

export interface AuditEventView {
  id: number;
  at: string;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason: string | null;
  before: unknown;
  after: unknown;
  source: string | null;
  visibility: 'public' | 'restricted';
}

export interface CommentView {
  id: number;
  requestId: number;
  author: string;
  body: string;
  createdAt: string;
}

export interface TermsAcceptanceView {
  requestId: number;
  actor: string;
  version: string;
  accepted: string[];
  acceptedAt: string;
}
