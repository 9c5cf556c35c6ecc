import type { ColumnType, Generated, Kysely, Transaction } from 'kysely';
import type { CommunitySchema } from './community-schema.ts';
import type { EngagementSchema } from './engagement-schema.ts';
import type { IncidentsSchema } from './incidents-schema.ts';
import type { MemberChangesSchema } from './member-changes-schema.ts';
import type { SiteContentSchema } from './site-content-schema.ts';
import type { TeamConsentsSchema } from './team-consents-schema.ts';

/** The tables as Kysely sees them. One dialect: PostgreSQL (PGlite or a server). */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ClustersTable {
  id: string;
  env: string;
  name: string;
  display_name: string;
  capacity: Json<{ cpu: string; memory: string; storage: string }>;
  console_url: string | null;
  argocd_url: string | null;
  created_at: CreatedAt;
}

export interface QuotaTiersTable {
  name: string;
  description: string;
  quota: Json<Record<string, string | number>>;
  position: number;
}

export interface TermsVersionsTable {
  version: string;
  published_at: ColumnType<Date, Date | string, never>;
  items: Json<{ id: string; title: string; text: string }[]>;
  is_current: boolean;
}

export interface ProjectsTable {
  name: string;
  display_name: string;
  description: string;
  repository_url: string | null;
  docs_url: string | null;
  contacts: Json<unknown[]>;
  status: string;
  imported: Generated<boolean>;
  team: Json<{ name: string; owner: string; members: string[] } | null>;
  latest_request_id: number | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface RequestsTable {
  // bigint identity, read as a JS number (parsers set in database.ts).
  id: ColumnType<number, never, never>;
  project_name: string;
  state: string;
  version: Generated<number>;
  spec: Json<unknown>;
  created_by: string;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  submitted_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  decided_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface NamespaceClaimsTable {
  name: string;
  cluster_id: string | null;
  project_name: string;
  request_id: number | null;
  tier: string | null;
  source: string;
  created_at: CreatedAt;
}

export interface CommentsTable {
  id: Generated<number>;
  request_id: number;
  author: string;
  body: string;
  created_at: CreatedAt;
}

export interface TermsAcceptancesTable {
  id: Generated<number>;
  request_id: number;
  actor: string;
  version: string;
  accepted: Json<string[]>;
  accepted_at: CreatedAt;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: CreatedAt;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  before: Json<unknown> | null;
  after: Json<unknown> | null;
  source: string | null;
  visibility: string;
}

export interface JobsTable {
  id: Generated<number>;
  kind: string;
  payload: Json<unknown>;
  state: Generated<string>;
  attempts: ColumnType<number, number | undefined, number>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  locked_until: ColumnType<Date | null, never, Date | string | null>;
  /** The current lease's token while running: completions and renewals must name it. */
  lease_token: ColumnType<string | null, never, string | null>;
  last_error: string | null;
  dedupe_key: string | null;
  /** Unique among open (pending or running) jobs only: one queued at a time. */
  open_key: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: CreatedAt;
  finished_at: ColumnType<Date | null, never, Date | string | null>;
}

export interface RateLimitsTable {
  key: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  count: number;
}

export interface RequestDeliveriesTable {
  id: Generated<number>;
  request_id: number;
  mode: string;
  outcome: string;
  commit_sha: string | null;
  branch: string | null;
  pull_request_url: string | null;
  message: string | null;
  at: CreatedAt;
}

export interface UsersTable {
  id: Generated<number>;
  login: string;
  login_key: string;
  display_name: string | null;
  email: string | null;
  groups: Json<string[]>;
  created_at: CreatedAt;
  last_login_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface UserIdentitiesTable {
  provider: string;
  subject: string;
  user_id: number;
  created_at: CreatedAt;
}

export interface SessionsTable {
  token_hash: string;
  user_id: number;
  provider: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  source: string | null;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number | null;
  owner: string;
  owner_key: string;
  name: string;
  token_hash: string;
  prefix: string;
  scopes: Json<string[]>;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  last_used_at: ColumnType<Date | null, never, Date | string | null>;
  revoked_at: ColumnType<Date | null, never, Date | string | null>;
}

export interface LoginAttemptsTable {
  state_hash: string;
  provider: string;
  code_verifier: string;
  nonce: string | null;
  return_to: string | null;
  expires_at: ColumnType<Date, Date | string, Date | string>;
}

export interface Schema
  extends CommunitySchema,
    SiteContentSchema,
    MemberChangesSchema,
    IncidentsSchema,
    EngagementSchema,
    TeamConsentsSchema {
  clusters: ClustersTable;
  quota_tiers: QuotaTiersTable;
  terms_versions: TermsVersionsTable;
  projects: ProjectsTable;
  /** How many projects each status holds, kept by triggers on projects. */
  project_counts: { status: string; n: number };
  /** Each project's directory entry as the API's JSON text, kept by triggers (ADR 0030). */
  project_listings: { name: string; json: string };
  /** Each project's status and lower-cased searched text, kept by triggers (ADR 0030). */
  project_search: { name: string; status: string; text: string };
  /** Each public audit event as the API's JSON text, kept by triggers (ADR 0040). */
  public_event_texts: { id: number; subject_type: string; subject_id: string; json: string };
  requests: RequestsTable;
  namespace_claims: NamespaceClaimsTable;
  comments: CommentsTable;
  terms_acceptances: TermsAcceptancesTable;
  audit_events: AuditEventsTable;
  jobs: JobsTable;
  request_deliveries: RequestDeliveriesTable;
  users: UsersTable;
  user_identities: UserIdentitiesTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  login_attempts: LoginAttemptsTable;
  rate_limits: RateLimitsTable;
}

export type Db = Kysely<Schema>;
/** What every store operation takes: the database, or a transaction on it. */
export type Tx = Kysely<Schema> | Transaction<Schema>;
export interface TxContext {
  tx: Tx;
}
