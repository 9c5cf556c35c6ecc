// What the API answers, as the portal reads it. The domain types come from src/core.
export type {
  AuditEventView,
  CapacityReport,
  CapacityResource,
  Cluster,
  ClusterCapacityView,
  CommentView,
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
  history: AuditEventView[];
  comments: CommentView[];
  deliveries: Delivery[];
  allowedActions: string[];
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
