import { sql } from 'kysely';
import type { AuditEventView, CommentView, TermsAcceptanceView } from '../../core/index.ts';
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

/** A timestamp as `Date.toISOString()` writes it (UTC, milliseconds, truncated as pg's parser). */
const iso = (column: string) =>
  sql.raw(`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`);

/**
 * One statement instead of seven round trips (the request, then its events and their count,
 * comments, acceptances and their count, deliveries): each part is a JSON array built beside
 * the request's row, through the same indexes the separate queries used. The arrays carry the
 * views' own field names, and timestamps already in the views' ISO form. Sent as a named
 * prepared statement (ADR 0030): planned once per connection, not on every read.
 */
export async function readRequestDetail(
  { tx }: TxContext,
  id: number,
  limits: { history: number; termsAcceptances: number },
): Promise<StoredRequestDetail | undefined> {
  const row = await readDetailRow(tx, id, limits, false);
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
}

export async function readRequestDetailJson(
  { tx }: TxContext,
  id: number,
  limits: { history: number; termsAcceptances: number },
): Promise<StoredRequestDetailJson | undefined> {
  const row = await readDetailRow(tx, id, limits, true);
  if (!row) return undefined;
  return {
    request: toRequestView(row.request as Parameters<typeof toRequestView>[0]),
    historyJson: compactJson(row.history as string),
    historyTotal: Number(row.history_total),
    commentsJson: compactJson(row.comments as string),
    termsAcceptancesJson: compactJson(row.terms_acceptances as string),
    termsAcceptancesTotal: Number(row.terms_acceptances_total),
    deliveriesJson: compactJson(row.deliveries as string),
  };
}

/**
 * JSON text without the spaces PostgreSQL puts between keys, values and elements (json_agg,
 * json_build_object, jsonb's output): what JSON.stringify writes for the same value, whose
 * key order PostgreSQL's text already has. One pass; strings are copied as they are.
 */
export function compactJson(text: string): string {
  let out = '';
  let run = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      out += text.slice(run, i);
      run = i + 1;
    }
  }
  return out + text.slice(run);
}

/** One statement for the request and each list, as JSON values or as their text. */
async function readDetailRow(
  tx: TxContext['tx'],
  id: number,
  limits: { history: number; termsAcceptances: number },
  asText: boolean,
) {
  const subject = String(id);
  // ::text keeps pg from parsing the JSON the server would only serialise again.
  const text = sql.raw(asText ? '::text' : '');
  const { rows } = await sql<{
    history: unknown;
    history_total: number | string;
    comments: unknown;
    terms_acceptances: unknown;
    terms_acceptances_total: number | string;
    deliveries: unknown;
    // biome-ignore lint/suspicious/noExplicitAny: the request's own columns, as selectAll gives them
    [column: string]: any;
  }>`${preparedAs(asText ? 'request-detail-text' : 'request-detail')}
    select r.*,
      (select coalesce(json_agg(json_build_object(
          'id', e.id, 'at', ${iso('e.at')}, 'actor', e.actor, 'action', e.action,
          'subjectType', e.subject_type, 'subjectId', e.subject_id, 'reason', e.reason,
          'before', e.before, 'after', e.after, 'source', e.source, 'visibility', e.visibility)
          order by e.id), '[]')${text}
        from (select * from audit_events
              where subject_type = 'request' and subject_id = ${subject} and visibility = 'public'
              order by id desc limit ${limits.history}) e) as history,
      (select count(*) from audit_events
        where subject_type = 'request' and subject_id = ${subject} and visibility = 'public')
        as history_total,
      (select coalesce(json_agg(json_build_object(
          'id', c.id, 'requestId', c.request_id, 'author', c.author, 'body', c.body,
          'createdAt', ${iso('c.created_at')}) order by c.id), '[]')${text}
        from comments c where c.request_id = r.id) as comments,
      (select coalesce(json_agg(json_build_object(
          'requestId', t.request_id, 'actor', t.actor, 'version', t.version,
          'accepted', t.accepted, 'acceptedAt', ${iso('t.accepted_at')}) order by t.id), '[]')${text}
        from (select * from terms_acceptances where request_id = r.id
              order by id desc limit ${limits.termsAcceptances}) t) as terms_acceptances,
      (select count(*) from terms_acceptances where request_id = r.id) as terms_acceptances_total,
      (select coalesce(json_agg(json_build_object(
          'id', d.id, 'requestId', d.request_id, 'mode', d.mode, 'outcome', d.outcome,
          'commitSha', d.commit_sha, 'branch', d.branch, 'pullRequestUrl', d.pull_request_url,
          'message', d.message, 'at', ${iso('d.at')}) order by d.id), '[]')${text}
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
