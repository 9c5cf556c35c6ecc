import { sql } from 'kysely';
import type { TxContext } from '../schema.ts';

const iso = (d: Date | string | null | undefined) =>
  d === null || d === undefined ? null : new Date(d).toISOString();

/** Active projects (and those being offboarded) with their team and latest request. */
export async function listEngagedProjects(
  { tx }: TxContext,
  names?: readonly string[],
): Promise<
  {
    name: string;
    displayName: string;
    status: string;
    requestId: number | null;
    team: { name: string; owner: string; members: string[] } | null;
  }[]
> {
  let query = tx
    .selectFrom('projects')
    .select(['name', 'display_name', 'status', 'latest_request_id', 'team'])
    .where('status', 'in', ['active', 'offboarding']);
  if (names) query = query.where('name', 'in', names.length ? [...names] : ['']);
  const rows = await query.orderBy('name').execute();
  return rows.map((r) => ({
    name: r.name,
    displayName: r.display_name,
    status: r.status,
    requestId: r.latest_request_id === null ? null : Number(r.latest_request_id),
    team: r.team,
  }));
}

/** When each request became active (its newest activation in the public history), by id. */
export async function activationTimes(
  { tx }: TxContext,
  requestIds: readonly number[],
): Promise<Map<number, string>> {
  if (requestIds.length === 0) return new Map();
  const rows = await sql<{ id: string; at: Date | string }>`
    select subject_id as id, max(at) as at from audit_events
     where subject_type = 'request' and action = 'request.activate'
       and subject_id = any(${requestIds.map(String)}::text[])
     group by subject_id`.execute(tx);
  return new Map(rows.rows.map((r) => [Number(r.id), iso(r.at)!]));
}

/**
 * The newest thing each login did in opf, by lowercased login: signing in, using an API
 * token, or a write that left an audit event (a comment, a request change, an
 * acknowledgement). Logins that did none of these are absent. Each source is asked once per
 * login through its index (the newest row per key), however many projects share the logins.
 */
export async function lastActivityByLogin(
  { tx }: TxContext,
  logins: readonly string[],
): Promise<Map<string, string>> {
  const keys = [...new Set(logins.map((l) => l.toLowerCase()))];
  if (keys.length === 0) return new Map();
  const rows = await sql<{ key: string; at: Date | string | null }>`
    select k.key, greatest(
      (select max(last_login_at) from users where login_key = k.key),
      (select max(last_used_at) from api_tokens where owner_key = k.key),
      (select max(at) from audit_events where lower(actor) = k.key)
    ) as at
    from unnest(${keys}::text[]) as k(key)`.execute(tx);
  const byKey = new Map<string, string>();
  for (const row of rows.rows) if (row.at !== null) byKey.set(row.key, iso(row.at)!);
  return byKey;
}

/**
 * The recorded occurrences of the coordination meetings (those that review requests) since
 * `since`, newest first, with who attended (as ops wrote it).
 */
export async function coordinationAttendanceSince(
  { tx }: TxContext,
  since: string,
): Promise<{ date: string; attendance: string[] }[]> {
  const rows = await tx
    .selectFrom('meeting_records')
    .innerJoin('meetings', 'meetings.slug', 'meeting_records.meeting_slug')
    .select(['meeting_records.date', 'meeting_records.attendance'])
    .where('meetings.reviews_requests', '=', true)
    .where('meeting_records.date', '>=', since.slice(0, 10))
    .orderBy('meeting_records.date', 'desc')
    .limit(500)
    .execute();
  return rows.map((r) => ({ date: r.date, attendance: r.attendance }));
}

/** The newest terms version each request accepted, by request id. */
export async function latestAcceptedTermsOf(
  { tx }: TxContext,
  requestIds: readonly number[],
): Promise<Map<number, string>> {
  if (requestIds.length === 0) return new Map();
  const rows = await sql<{ request_id: number | string; version: string }>`
    select distinct on (request_id) request_id, version from terms_acceptances
     where request_id = any(${[...requestIds]}::bigint[])
     order by request_id, id desc`.execute(tx);
  return new Map(rows.rows.map((r) => [Number(r.request_id), r.version]));
}
