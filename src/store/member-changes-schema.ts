import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;

export interface MemberChangesTable {
  id: ColumnType<number, never, never>;
  project_name: string;
  team_name: string;
  action: string;
  login: string;
  state: Generated<string>;
  requested_by: string;
  requested_at: Timestamp;
  finished_at: NullableTimestamp;
  mode: string | null;
  commit_sha: string | null;
  branch: string | null;
  pull_request_url: string | null;
  message: string | null;
}

export interface MemberChangesSchema {
  member_changes: MemberChangesTable;
}
