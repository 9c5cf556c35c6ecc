import type { ColumnType, Generated } from 'kysely';

/** The tables of migration 20261204T0600-engagement as Kysely sees them. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T> = ColumnType<T, string, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface NoticesTable {
  id: ColumnType<number, never, never>;
  kind: string;
  title: string;
  body: string;
  clusters: Json<string[]>;
  terms_version: string | null;
  respond_by: ColumnType<Date, Date | string, Date | string>;
  posted_by: string;
  posted_at: ColumnType<Date, Date | string | undefined, never>;
  closed_at: Nullable<Date | string>;
  last_reminded_at: Nullable<Date | string>;
}

export interface NoticeRecipientsTable {
  notice_id: number;
  project_name: string;
  request_id: number | null;
  acknowledged_by: Nullable<string>;
  acknowledged_at: Nullable<Date | string>;
}

export interface OffboardingProposalsTable {
  id: ColumnType<number, never, never>;
  request_id: number;
  project_name: string;
  reason: string;
  proposed_by: string;
  by_project: boolean;
  proposed_at: CreatedAt;
  notice_ends_at: ColumnType<Date, Date | string, Date | string>;
  state: Generated<string>;
  meeting_slug: Nullable<string>;
  meeting_date: Nullable<string>;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date | string>;
}

export interface EngagementSchema {
  notices: NoticesTable;
  notice_recipients: NoticeRecipientsTable;
  offboarding_proposals: OffboardingProposalsTable;
}
