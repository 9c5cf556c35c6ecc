import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
type Json<T> = ColumnType<T, string, string>;

export interface TeamConsentsTable {
  id: ColumnType<number, never, never>;
  request_id: number;
  team_name: string;
  owner: string;
  owner_key: string;
  asked_by: string;
  members: Json<string[]>;
  joining: Json<string[]>;
  state: Generated<string>;
  asked_at: Timestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
  notice: Generated<string>;
  notice_message: string | null;
}

export interface TeamConsentsSchema {
  team_consents: TeamConsentsTable;
}
