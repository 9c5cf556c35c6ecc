import type { ColumnType, Generated } from 'kysely';

/** The incident tables (migration 20261204T0500-incidents) as Kysely sees them. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type UpdatedAt = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;
type Time = ColumnType<Date, Date | string, Date | string>;
type NullableTime = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;

export interface IncidentsTable {
  id: Generated<number>;
  source: string;
  group_key: string | null;
  title: string;
  severity: string;
  status: Generated<string>;
  clusters: Json<string[]>;
  started_at: Time;
  resolved_at: NullableTime;
  postmortem: ColumnType<string | null, string | null | undefined, string | null>;
  created_by: string;
  github_issue: ColumnType<
    { number: number; url: string; lastEntryId: number; open: boolean } | null,
    string | null | undefined,
    string | null
  >;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface IncidentProjectsTable {
  incident_id: number;
  project_name: string;
}

export interface IncidentAlertsTable {
  incident_id: number;
  fingerprint: string;
  alertname: string;
  namespace: string | null;
  labels: Json<Record<string, string>>;
  annotations: Json<Record<string, string>>;
  status: string;
  starts_at: Time;
  ends_at: NullableTime;
}

export interface IncidentUpdatesTable {
  id: Generated<number>;
  incident_id: number;
  entry_key: string;
  at: Time;
  kind: string;
  body: string;
  author: string;
}

/** A team's first answer to an incident linked to its project (migration 20261205T0400). */
export interface IncidentAcknowledgementsTable {
  incident_id: number;
  project_name: string;
  acknowledged_by: string;
  acknowledged_at: Time;
  message: string | null;
}

export interface IncidentsSchema {
  incidents: IncidentsTable;
  incident_acknowledgements: IncidentAcknowledgementsTable;
  incident_projects: IncidentProjectsTable;
  incident_alerts: IncidentAlertsTable;
  incident_updates: IncidentUpdatesTable;
}
