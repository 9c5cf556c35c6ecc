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

/** When the request became active (its newest activation in the public history). */
export async function activatedAt({ tx }: TxContext, requestId: number): Promise<string | null> {
  const row = await tx
    .selectFrom('audit_events')
    .select((eb) => eb.fn.max('at').as('at'))
    .where('subject_type', '=', 'request')
    .where('subject_id', '=', String(requestId))
    .where('action', '=', 'request.activate')
    .executeTakeFirst();
  return iso(row?.at as Date | null | undefined);
}

/**
 * The newest thing any of these logins did in opf: signing in, using an API token, or a
 * write that left an audit event (a comment, a request change, an acknowledgement).
 */
export async function lastActivityOf(
  { tx }: TxContext,
  logins: readonly string[],
): Promise<string | null> {
  const keys = [...new Set(logins.map((l) => l.toLowerCase()))];
  if (keys.length === 0) return null;
  const row = await sql<{ at: Date | null }>`
    select greatest(
      (select max(last_login_at) from users where login_key in (${sql.join(keys)})),
      (select max(last_used_at) from api_tokens where owner_key in (${sql.join(keys)})),
      (select max(at) from audit_events where lower(actor) in (${sql.join(keys)}))
    ) as at`.execute(tx);
  return iso(row.rows[0]?.at);
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

/** The newest terms version a request accepted. */
export async function latestAcceptedTerms(
  { tx }: TxContext,
  requestId: number,
): Promise<string | null> {
  const row = await tx
    .selectFrom('terms_acceptances')
    .select('version')
    .where('request_id', '=', requestId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.version ?? null;
}
