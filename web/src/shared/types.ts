// What the API answers, as the portal reads it. The domain types come from src/core.
export type {
  AuditEventView,
  CapacityReport,
  CapacityResource,
  Cluster,
  ClusterCapacityView,
  CommentView,
  MemberChangeView as MemberChange,
  ProjectMembersView as ProjectMembers,
  ProjectView,
  QuotaTier,
  RequestCapacityView,
  RequestSpecInput,
  RequestState,
  RequestView,
  ResourceUse,
  TermsVersion,
} from '../../../src/core/index.ts';

import type { AuditEventView, CommentView, RequestView } from '../../../src/core/index.ts';

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface Delivery {
  id: number;
  mode: string;
  outcome: string;
  commitSha: string | null;
  branch: string | null;
  pullRequestUrl: string | null;
  message: string | null;
  at: string;
}

export interface RequestDetail {
  request: RequestView;
  /** The newest events, oldest first; historyTotal says how many there are in all. */
  history: AuditEventView[];
  historyTotal: number;
  comments: CommentView[];
  deliveries: Delivery[];
  allowedActions: string[];
}

export interface HistoryPage {
  items: AuditEventView[];
  total: number;
  nextBefore: number | null;
}

export interface SiteContent {
  title: string;
  intro: string;
  parts: { title: string; text: string }[];
  steps: { title: string; text: string }[];
  meetings: { name: string; schedule: string; text: string }[];
  channels: { name: string; kind: string; url: string | null; text: string }[];
}

export interface Site {
  content: SiteContent;
  updatedAt: string;
  updatedBy: string;
}

export interface Meeting {
  slug: string;
  title: string;
  description: string;
  zone: string;
  localTime: string;
  durationMinutes: number;
  url: string | null;
  contact: string | null;
  reviewsRequests: boolean;
}

export interface Occurrence {
  meeting: string;
  title: string;
  start: string;
  end: string;
  date: string;
  status: 'scheduled' | 'moved';
}

/** GET /api/v1/meetings: the meetings, and the next occurrence of each. */
export interface Meetings {
  items: Meeting[];
  next: Occurrence[];
}

/** GET /api/v1/channels: where the community talks. */
export interface Channel {
  slug: string;
  kind: string;
  name: string;
  description: string;
  url: string | null;
  address: string | null;
}

/** GET /api/v1/requests/{id}/plan: what approval would write (a unified diff). */
export interface PlanPreview {
  requestId: number;
  requestVersion: number;
  head: string;
  files: { path: string; action: 'create' | 'update' | 'delete' }[];
  diff: string;
  findings: { code: string; path: string; message: string }[];
  problem: { code: string; message: string } | null;
}

/** What an API token may be used for (src/identity/config.ts SCOPES). */
export type Scope = 'read' | 'request' | 'review' | 'admin';

/** GET /api/v1/me: who the credentials belong to. */
export interface Me {
  login: string;
  role: 'user' | 'ops' | 'admin';
  via: 'bootstrap' | 'session' | 'token';
  scopes: Scope[] | null;
  csrfToken: string | null;
}

/** GET /api/v1/tokens: an API token as listed; its secret is never shown again. */
export interface ApiToken {
  id: number;
  name: string;
  owner: string;
  prefix: string;
  scopes: Scope[];
  createdAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

/** POST /api/v1/tokens: the new token, with its secret this once. */
export interface CreatedApiToken extends ApiToken {
  token: string;
}
