import type { ColumnType, Generated } from 'kysely';

/** The community tables (migration 20261122T0400-community) as Kysely sees them. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Nullable<T> = ColumnType<T | null, T | null | undefined, T | null>;

export interface MeetingsTable {
  slug: string;
  title: string;
  description: string;
  zone: string;
  local_time: string;
  duration_minutes: number;
  recurrence: Json<{ rule: string; anchor: string; until: string | null }>;
  url: string | null;
  contact: string | null;
  reviews_requests: boolean;
  sequence: Generated<number>;
  updated_at: UpdatedAt;
}

export interface MeetingExceptionsTable {
  meeting_slug: string;
  date: string;
  kind: string;
  start: string | null;
  duration_minutes: number | null;
  reason: string;
  created_by: string;
  created_at: CreatedAt;
}

export interface AgendaItemsTable {
  id: Generated<number>;
  meeting_slug: string;
  date: string;
  kind: string;
  request_id: number | null;
  title: string;
  notes: Generated<string>;
  added_by: string;
  created_at: CreatedAt;
  decision: Nullable<string>;
  decision_action: Nullable<string>;
  decided_by: Nullable<string>;
  decided_at: Nullable<Date | string>;
}

export interface MeetingRecordsTable {
  meeting_slug: string;
  date: string;
  attendance: Json<string[]>;
  minutes: string;
  recorded_by: string;
  updated_at: UpdatedAt;
}

export interface InvitationsTable {
  id: Generated<number>;
  meeting_slug: string;
  email: string;
  name: string;
  asked_by: string;
  created_at: CreatedAt;
  sent_sequence: Nullable<number>;
  sent_at: Nullable<Date | string>;
  delivery_state: Generated<string>;
  delivery_error: Nullable<string>;
  delivery_attempts: Generated<number>;
}

export interface ChannelsTable {
  slug: string;
  kind: string;
  name: string;
  description: string;
  url: string | null;
  address: string | null;
  position: number;
  announce: boolean;
  updated_at: UpdatedAt;
}

export interface AnnouncementsTable {
  id: Generated<number>;
  kind: string;
  title: string;
  body: string;
  author: string;
  auto_key: string | null;
  /** The chosen channels' slugs; null: every channel marked to announce. */
  channels: Json<string[] | null> | null;
  created_at: CreatedAt;
}

export interface AnnouncementDeliveriesTable {
  id: Generated<number>;
  announcement_id: number;
  channel_slug: string;
  transport: string;
  target: string;
  state: Generated<string>;
  attempts: ColumnType<number, number | undefined, number>;
  last_error: Nullable<string>;
  message_id: string;
  sent_at: Nullable<Date | string>;
  updated_at: UpdatedAt;
}

export interface CommunitySchema {
  meetings: MeetingsTable;
  meeting_exceptions: MeetingExceptionsTable;
  agenda_items: AgendaItemsTable;
  meeting_records: MeetingRecordsTable;
  invitations: InvitationsTable;
  channels: ChannelsTable;
  announcements: AnnouncementsTable;
  announcement_deliveries: AnnouncementDeliveriesTable;
}
