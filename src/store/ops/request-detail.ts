import { sql } from 'kysely';
import type { AuditEventView, CommentView, TermsAcceptanceView } from '../../core/index.ts';
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
 * views' own field names, and timestamps already in the views' ISO form.
 */
export async function readRequestDetail(
  { tx }: TxContext,
  id: number,
  limits: { history: number; termsAcceptances: number },
): Promise<StoredRequestDetail | undefined> {
  const subject = String(id);
  const { rows } = await sql<{
    history: AuditEventView[];
    history_total: number | string;
    comments: CommentView[];
    terms_acceptances: TermsAcceptanceView[];
    terms_acceptances_total: number | string;
    deliveries: DeliveryView[];
    // biome-ignore lint/suspicious/noExplicitAny: the request's own columns, as selectAll gives them
    [column: string]: any;
  }>`
    select r.*,
      (select coalesce(json_agg(json_build_object(
          'id', e.id, 'at', ${iso('e.at')}, 'actor', e.actor, 'action', e.action,
          'subjectType', e.subject_type, 'subjectId', e.subject_id, 'reason', e.reason,
          'before', e.before, 'after', e.after, 'source', e.source, 'visibility', e.visibility)
          order by e.id), '[]')
        from (select * from audit_events
              where subject_type = 'request' and subject_id = ${subject} and visibility = 'public'
              order by id desc limit ${limits.history}) e) as history,
      (select count(*) from audit_events
        where subject_type = 'request' and subject_id = ${subject} and visibility = 'public')
        as history_total,
      (select coalesce(json_agg(json_build_object(
          'id', c.id, 'requestId', c.request_id, 'author', c.author, 'body', c.body,
          'createdAt', ${iso('c.created_at')}) order by c.id), '[]')
        from comments c where c.request_id = r.id) as comments,
      (select coalesce(json_agg(json_build_object(
          'requestId', t.request_id, 'actor', t.actor, 'version', t.version,
          'accepted', t.accepted, 'acceptedAt', ${iso('t.accepted_at')}) order by t.id), '[]')
        from (select * from terms_acceptances where request_id = r.id
              order by id desc limit ${limits.termsAcceptances}) t) as terms_acceptances,
      (select count(*) from terms_acceptances where request_id = r.id) as terms_acceptances_total,
      (select coalesce(json_agg(json_build_object(
          'id', d.id, 'requestId', d.request_id, 'mode', d.mode, 'outcome', d.outcome,
          'commitSha', d.commit_sha, 'branch', d.branch, 'pullRequestUrl', d.pull_request_url,
          'message', d.message, 'at', ${iso('d.at')}) order by d.id), '[]')
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
    request: toRequestView(request as Parameters<typeof toRequestView>[0]),
    history,
    historyTotal: Number(history_total),
    comments,
    termsAcceptances: terms_acceptances,
    termsAcceptancesTotal: Number(terms_acceptances_total),
    deliveries,
  };
}
