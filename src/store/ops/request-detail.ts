import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import type { AuditEventView, CommentView, TermsAcceptanceView } from '../../core/index.ts';
import { isoText } from '../iso-text.ts';
import { preparedAs } from '../prepared.ts';
import type { TxContext } from '../schema.ts';
import type { DeliveryView } from './deliveries.ts';
import { toRequestView } from './requests.ts';

/** A request and what its page shows of its story, read together. */
export interface StoredRequestDetail {
  request: ReturnType<typeof toRequestView>;
  /** The newest `historyLimit` public events, oldest first. */
  history: AuditEventView[];
  historyTotal: number;
  comments: CommentView[];
  /** The newest `termsLimit` acceptances, oldest first. */
  termsAcceptances: TermsAcceptanceView[];
  termsAcceptancesTotal: number;
  deliveries: DeliveryView[];
}

/**
 * One statement instead of seven round trips (the request, then its events and their count,
 * comments, acceptances and their count, deliveries): each part is a JSON array built beside
 * the request's row, through the same indexes the separate queries used. The arrays carry the
 * views' own field names, and timestamps already in the views' ISO form; the events are their
 * stored texts (`public_event_texts`, ADR 0040), as readRequestDetailJson reads them. Sent as a
 * named prepared statement (ADR 0030): planned once per connection, not on every read.
 */
export async function readRequestDetail(
  { tx }: TxContext,
  id: number,
  limits: { history: number; termsAcceptances: number },
): Promise<StoredRequestDetail | undefined> {
  const row = await readDetailRow(tx, id, limits);
  if (!row) return undefined;
  return {
    request: toRequestView(row.request as Parameters<typeof toRequestView>[0]),
    history: row.history as AuditEventView[],
    historyTotal: Number(row.history_total),
    comments: row.comments as CommentView[],
    termsAcceptances: row.terms_acceptances as TermsAcceptanceView[],
    termsAcceptancesTotal: Number(row.terms_acceptances_total),
    deliveries: row.deliveries as DeliveryView[],
  };
}

/**
 * The same detail with its lists as compact JSON text, for the API's first read after a write
 * (ADR 0016): the server sends the text PostgreSQL wrote instead of parsing hundreds of events
 * into objects and serialising them again. Only the request itself is an object, since its
 * spec is written in its schema's key order by the serializer.
 */
export interface StoredRequestDetailJson {
  request: ReturnType<typeof toRequestView>;
  historyJson: string;
  historyTotal: number;
  commentsJson: string;
  termsAcceptancesJson: string;
  termsAcceptancesTotal: number;
  deliveriesJson: string;
  /** The newest consent asked of the team's owner, in its schema's key order; null if none. */
  teamConsentJson: string | null;
  /** Its state, which decides whether approval is on offer. */
  teamConsentState: string | null;
}

export async function readRequestDetailJson(
  { tx }: TxContext,
  id: number,
  limits: { history: number; termsAcceptances: number },
): Promise<StoredRequestDetailJson | undefined> {
  // The statement's text is fixed, only the values bound: compiled by kysely once, not on
  // every read (ADR 0037).
  detailJsonSql ??= fixedSql(DETAIL_JSON.compile(tx));
  const { rows } = await tx.executeQuery<DetailTextRow>(
    CompiledQuery.raw(detailJsonSql, [String(id), limits.history, limits.termsAcceptances, id]),
  );
  const row = rows[0];
  if (!row) return undefined;
  const {
    history,
    history_total,
    comments,
    terms_acceptances,
    terms_acceptances_total,
    deliveries,
    team_consent,
    team_consent_state,
    ...request
  } = row;
  return {
    request: toRequestView(request as Parameters<typeof toRequestView>[0]),
    // Only the events hold jsonb values (before, after), which PostgreSQL writes with spaces.
    historyJson: compactJson(history),
    historyTotal: Number(history_total),
    commentsJson: comments,
    termsAcceptancesJson: terms_acceptances,
    termsAcceptancesTotal: Number(terms_acceptances_total),
    deliveriesJson: deliveries,
    teamConsentJson: team_consent,
    teamConsentState: team_consent_state,
  };
}

/**
 * A request's newest public events, at most `limit`, as their stored JSON texts (id, json),
 * and how many it has: the history of both forms of the detail (ADR 0040).
 */
function newestEventTexts(subject: RawBuilder<unknown>, limit: RawBuilder<unknown>) {
  return sql`(select id, json from public_event_texts
    where subject_type = 'request' and subject_id = ${subject}
    order by id desc limit ${limit})`;
}

function eventTextCount(subject: RawBuilder<unknown>) {
  return sql`select count(*) from public_event_texts
    where subject_type = 'request' and subject_id = ${subject}`;
}

/**
 * The detail's statement, its values as $1 subject id text, $2 and $3 the limits, $4 the id.
 * The history joins each public event's stored JSON text (`public_event_texts`, ADR 0040)
 * rather than writing 200 events out again on every read.
 */
const DETAIL_JSON = sql`${preparedAs('request-detail-json')}
    select r.*,
      (select '[' || coalesce(string_agg(e.json, ',' order by e.id), '') || ']'
        from ${newestEventTexts(sql.raw('$1'), sql.raw('$2'))} e) as history,
      (${eventTextCount(sql.raw('$1'))}) as history_total,
      (${listText(
        sql`c.id as "id", c.request_id as "requestId", c.author as "author",
          c.body as "body", ${isoText('c.created_at')} as "createdAt"`,
        sql`comments c`,
        'c.id',
        sql`c.request_id = r.id`,
      )}) as comments,
      (${listText(
        sql`t.request_id as "requestId", t.actor as "actor", t.version as "version",
          array_to_json(array(select jsonb_array_elements_text(t.accepted))) as "accepted",
          ${isoText('t.accepted_at')} as "acceptedAt"`,
        sql`(select * from terms_acceptances where request_id = r.id
              order by id desc limit ${sql.raw('$3')}) t`,
        't.id',
      )}) as terms_acceptances,
      (select count(*) from terms_acceptances where request_id = r.id) as terms_acceptances_total,
      (${listText(
        sql`d.id as "id", d.request_id as "requestId", d.mode as "mode",
          d.outcome as "outcome", d.commit_sha as "commitSha", d.branch as "branch",
          d.pull_request_url as "pullRequestUrl", d.message as "message", ${isoText('d.at')} as "at"`,
        sql`request_deliveries d`,
        'd.id',
        sql`d.request_id = r.id`,
      )}) as deliveries,
      consent.json as team_consent, consent.state as team_consent_state
    from requests r
    left join lateral (
      select x.state, row_to_json(x)::text as json from (select tc.id as "id",
        tc.request_id as "requestId", r.project_name as "projectName", tc.team_name as "team",
        tc.owner as "owner", tc.asked_by as "askedBy",
        array_to_json(array(select jsonb_array_elements_text(tc.members))) as "members",
        array_to_json(array(select jsonb_array_elements_text(tc.joining))) as "joining",
        tc.state as "state", ${isoText('tc.asked_at')} as "askedAt", tc.decided_by as "decidedBy",
        ${isoText('tc.decided_at')} as "decidedAt", tc.reason as "reason", tc.notice as "notice",
        tc.notice_message as "noticeMessage"
      from team_consents tc where tc.request_id = r.id order by tc.id desc limit 1) x
    ) consent on true
    where r.id = ${sql.raw('$4')}`;

let detailJsonSql: string | undefined;

/** A statement whose values are all written as $n: its text, which binds nothing by itself. */
function fixedSql(compiled: CompiledQuery): string {
  if (compiled.parameters.length > 0) throw new Error('a fixed statement holds a bound value');
  return compiled.sql;
}

interface DetailTextRow {
  history: string;
  history_total: number | string;
  comments: string;
  terms_acceptances: string;
  terms_acceptances_total: number | string;
  deliveries: string;
  team_consent: string | null;
  team_consent_state: string | null;
  // biome-ignore lint/suspicious/noExplicitAny: the request's own columns, as selectAll gives them
  [column: string]: any;
}

/**
 * A list as compact JSON text, ordered by `orderBy`: row_to_json and array_to_json write no
 * spaces (json_agg and json_build_object do), so the text needs no compacting in Node. Each
 * element has the `columns` (their aliases its keys, in order); the order may use others. The
 * rows are `from` (one item, with its alias) that `where` keeps.
 */
function listText(
  columns: RawBuilder<unknown>,
  from: RawBuilder<unknown>,
  orderBy: string,
  where: RawBuilder<unknown> = sql`true`,
) {
  return sql`select coalesce(array_to_json(array_agg(l.json order by ${sql.raw(orderBy)}))::text, '[]')
    from ${from} cross join lateral (select row_to_json(v) as json from (select ${columns}) v) l
    where ${where}`;
}

/**
 * JSON text without the spaces PostgreSQL puts between keys, values and elements (jsonb's
 * output): what JSON.stringify writes for the same value, whose key order PostgreSQL's text
 * already has. One pass; a string is skipped whole with indexOf to its closing quote (one not
 * preceded by an odd run of backslashes), which is most of the text, so only the characters
 * between strings are looked at one by one (about 2-3x faster than testing each character).
 */
export function compactJson(text: string): string {
  let out = '';
  let run = 0;
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      let end = i + 1;
      for (;;) {
        end = text.indexOf('"', end);
        if (end < 0) return out + text.slice(run); // not JSON: left as it is
        let k = end - 1;
        while (text.charCodeAt(k) === 0x5c) k--;
        if ((end - 1 - k) % 2 === 0) break; // an even run of backslashes escapes only itself
        end++;
      }
      i = end + 1;
    } else {
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
        out += text.slice(run, i);
        run = i + 1;
      }
      i++;
    }
  }
  return out + text.slice(run);
}

/** One statement for the request and each list, as JSON values. */
async function readDetailRow(
  tx: TxContext['tx'],
  id: number,
  limits: { history: number; termsAcceptances: number },
) {
  const subject = String(id);
  const { rows } = await sql<{
    history: unknown;
    history_total: number | string;
    comments: unknown;
    terms_acceptances: unknown;
    terms_acceptances_total: number | string;
    deliveries: unknown;
    // biome-ignore lint/suspicious/noExplicitAny: the request's own columns, as selectAll gives them
    [column: string]: any;
  }>`${preparedAs('request-detail')}
    select r.*,
      (select coalesce(json_agg(e.json::json order by e.id), '[]')
        from ${newestEventTexts(sql`${subject}`, sql`${limits.history}`)} e) as history,
      (${eventTextCount(sql`${subject}`)}) as history_total,
      (select coalesce(json_agg(json_build_object(
          'id', c.id, 'requestId', c.request_id, 'author', c.author, 'body', c.body,
          'createdAt', ${isoText('c.created_at')}) order by c.id), '[]')
        from comments c where c.request_id = r.id) as comments,
      (select coalesce(json_agg(json_build_object(
          'requestId', t.request_id, 'actor', t.actor, 'version', t.version,
          'accepted', t.accepted, 'acceptedAt', ${isoText('t.accepted_at')}) order by t.id), '[]')
        from (select * from terms_acceptances where request_id = r.id
              order by id desc limit ${limits.termsAcceptances}) t) as terms_acceptances,
      (select count(*) from terms_acceptances where request_id = r.id) as terms_acceptances_total,
      (select coalesce(json_agg(json_build_object(
          'id', d.id, 'requestId', d.request_id, 'mode', d.mode, 'outcome', d.outcome,
          'commitSha', d.commit_sha, 'branch', d.branch, 'pullRequestUrl', d.pull_request_url,
          'message', d.message, 'at', ${isoText('d.at')}) order by d.id), '[]')
        from request_deliveries d where d.request_id = r.id) as deliveries
    from requests r where r.id = ${id}`.execute(tx);
  const row = rows[0];
  if (!row) return undefined;
  const {
    history,
    history_total,
    comments,
    terms_acceptances,
    terms_acceptances_total,
    deliveries,
    ...request
  } = row;
  return {
    request,
    history,
    history_total,
    comments,
    terms_acceptances,
    terms_acceptances_total,
    deliveries,
  };
}
