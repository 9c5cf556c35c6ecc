import { sql } from 'kysely';
import { isoText } from '../iso-text.ts';
import type { TxContext } from '../schema.ts';

/**
 * An active project (or one being offboarded) with what its engagement record reads from
 * the store about it alone: its team's logins (lowercased, distinct), the newest thing any
 * of them did in opf (signing in, using an API token, or a write that left an audit event),
 * when its latest request became active, the terms version that request last accepted, and
 * when the project last acknowledged a notice. Times are ISO strings; null: never.
 */
export interface EngagedProject {
  name: string;
  displayName: string;
  status: string;
  requestId: number | null;
  logins: string[];
  lastActivityAt: string | null;
  activeSince: string | null;
  acceptedTerms: string | null;
  lastAcknowledgedAt: string | null;
}

/**
 * Every active project's signals in one statement (or only `names`), in no set order (the
 * engagement list sorts them by status and name itself). The list of
 * all 4,548 active projects on the bench was five statements, each sent thousands of names,
 * ids or logins and answered with a row per key that the server turned into Dates and back
 * into strings: 200 ms of CPU in opf per read. Here PostgreSQL joins the keys itself, each
 * login is asked once however many teams share it, and the answer is one JSON array of
 * ready-made records (timestamps already as ISO text). The CTEs are materialized so each
 * login's three lookups run once, not once per team that names it; sign-ins and tokens are
 * read only for the logins asked (all of them hashed for the list, by index for one project).
 */
export async function engagedProjectsWithSignals(
  { tx }: TxContext,
  names?: readonly string[],
): Promise<EngagedProject[]> {
  const only = names ? sql`and name = any(${[...names]}::text[])` : sql``;
  const result = await sql<{ rows: EngagedProject[] }>`
    with p as materialized (
      select name, display_name, status, latest_request_id, team from projects
       where status in ('active', 'offboarding') ${only}),
    logins as materialized (
      select p.name, lower(l) as key
        from p, jsonb_array_elements_text(
          coalesce(p.team -> 'members', '[]'::jsonb) || jsonb_build_array(p.team -> 'owner')) as l
       where l is not null),
    keys as materialized (select distinct key from logins),
    activity as materialized (
      select k.key, greatest(u.at, t.at,
        (select max(a.at) from audit_events a where lower(a.actor) = k.key)) as at
        from keys k
        left join (select login_key, max(last_login_at) as at from users
                    where login_key in (select key from keys) group by login_key) u
          on u.login_key = k.key
        left join (select owner_key, max(last_used_at) as at from api_tokens
                    where owner_key in (select key from keys) group by owner_key) t
          on t.owner_key = k.key),
    teams as (
      select logins.name, array_agg(distinct logins.key) as logins, max(activity.at) as at
        from logins join activity using (key) group by logins.name)
    select coalesce(json_agg(x), '[]') as rows from (
      select p.name, p.display_name as "displayName", p.status,
             p.latest_request_id as "requestId",
             coalesce(teams.logins, '{}') as logins,
             ${isoText('teams.at')} as "lastActivityAt",
             ${isoText(`select max(a.at) from audit_events a
                         where a.subject_type = 'request' and a.action = 'request.activate'
                           and a.subject_id = p.latest_request_id::text`)} as "activeSince",
             (select t.version from terms_acceptances t where t.request_id = p.latest_request_id
               order by t.id desc limit 1) as "acceptedTerms",
             ${isoText(`select max(n.acknowledged_at) from notice_recipients n
                         where n.project_name = p.name`)} as "lastAcknowledgedAt"
        from p left join teams on teams.name = p.name) x`.execute(tx);
  return result.rows[0]?.rows ?? [];
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
