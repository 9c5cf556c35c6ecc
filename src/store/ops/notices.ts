import { sql } from 'kysely';
import { groupRows } from '../group-rows.ts';
import type { TxContext } from '../schema.ts';

export interface NoticeRecipientRow {
  project: string;
  requestId: number | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

export type NoticeKind = 'upgrade' | 'maintenance' | 'terms' | 'general';

export interface NoticeRow {
  id: number;
  kind: NoticeKind;
  title: string;
  body: string;
  clusters: string[];
  termsVersion: string | null;
  respondBy: string;
  postedBy: string;
  postedAt: string;
  closedAt: string | null;
  lastRemindedAt: string | null;
}

export interface NoticeSummaryRow extends NoticeRow {
  recipients: number;
  acknowledged: number;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toNotice(row: {
  id: number;
  kind: string;
  title: string;
  body: string;
  clusters: string[];
  terms_version: string | null;
  respond_by: Date;
  posted_by: string;
  posted_at: Date;
  closed_at: Date | string | null;
  last_reminded_at: Date | string | null;
}): NoticeRow {
  return {
    id: Number(row.id),
    kind: row.kind as NoticeKind,
    title: row.title,
    body: row.body,
    clusters: row.clusters,
    termsVersion: row.terms_version,
    respondBy: iso(row.respond_by)!,
    postedBy: row.posted_by,
    postedAt: iso(row.posted_at)!,
    closedAt: iso(row.closed_at),
    lastRemindedAt: iso(row.last_reminded_at),
  };
}

export async function insertNotice(
  { tx }: TxContext,
  n: {
    kind: string;
    title: string;
    body: string;
    clusters: string[];
    termsVersion: string | null;
    respondBy: Date;
    postedBy: string;
    postedAt: Date;
  },
): Promise<NoticeRow> {
  const row = await tx
    .insertInto('notices')
    .values({
      kind: n.kind,
      title: n.title,
      body: n.body,
      clusters: JSON.stringify(n.clusters),
      terms_version: n.termsVersion,
      respond_by: n.respondBy,
      posted_by: n.postedBy,
      posted_at: n.postedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toNotice(row);
}

/**
 * The projects a notice goes to: every active project, or those with a namespace on one of
 * `clusters` (ids, compared in any case). Each with the request that made it active.
 */
export async function listNoticeAddressees(
  { tx }: TxContext,
  clusters: readonly string[],
): Promise<{ project: string; requestId: number | null }[]> {
  let query = tx
    .selectFrom('projects')
    .select(['projects.name', 'projects.latest_request_id'])
    .where('projects.status', '=', 'active');
  if (clusters.length > 0)
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('namespace_claims')
          .select('namespace_claims.name')
          .whereRef('namespace_claims.project_name', '=', 'projects.name')
          .where(
            sql<string>`lower(namespace_claims.cluster_id)`,
            'in',
            clusters.map((c) => c.toLowerCase()),
          ),
      ),
    );
  const rows = await query.orderBy('projects.name').execute();
  return rows.map((r) => ({ project: r.name, requestId: r.latest_request_id }));
}

export async function insertNoticeRecipients(
  { tx }: TxContext,
  noticeId: number,
  recipients: readonly { project: string; requestId: number | null }[],
): Promise<void> {
  if (recipients.length === 0) return;
  await tx
    .insertInto('notice_recipients')
    .values(
      recipients.map((r) => ({
        notice_id: noticeId,
        project_name: r.project,
        request_id: r.requestId,
      })),
    )
    .execute();
}

export async function findNotice({ tx }: TxContext, id: number): Promise<NoticeRow | undefined> {
  const row = await tx.selectFrom('notices').selectAll().where('id', '=', id).executeTakeFirst();
  return row && toNotice(row);
}

export async function listNoticeRecipients(
  { tx }: TxContext,
  id: number,
): Promise<NoticeRecipientRow[]> {
  const rows = await tx
    .selectFrom('notice_recipients')
    .selectAll()
    .where('notice_id', '=', id)
    .orderBy('project_name')
    .execute();
  return rows.map((r) => ({
    project: r.project_name,
    requestId: r.request_id === null ? null : Number(r.request_id),
    acknowledgedBy: r.acknowledged_by,
    acknowledgedAt: iso(r.acknowledged_at),
  }));
}

/** Notices newest first, with how many projects each went to and how many answered. */
export async function listNotices(
  { tx }: TxContext,
  filter: { open?: boolean; project?: string; limit: number; offset: number },
): Promise<{ items: NoticeSummaryRow[]; total: number }> {
  let query = tx.selectFrom('notices');
  if (filter.open !== undefined)
    query = query.where('closed_at', filter.open ? 'is' : 'is not', null);
  if (filter.project !== undefined) {
    const project = filter.project;
    query = query.where(({ exists, selectFrom }) =>
      exists(
        selectFrom('notice_recipients')
          .select('notice_recipients.notice_id')
          .whereRef('notice_recipients.notice_id', '=', 'notices.id')
          .where('notice_recipients.project_name', '=', project),
      ),
    );
  }
  const [rows, count] = await Promise.all([
    query
      .selectAll('notices')
      .select((eb) => [
        eb
          .selectFrom('notice_recipients')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('notice_recipients.notice_id', '=', 'notices.id')
          .as('recipients'),
        eb
          .selectFrom('notice_recipients')
          .select(eb.fn.countAll<string>().as('n'))
          .whereRef('notice_recipients.notice_id', '=', 'notices.id')
          .where('notice_recipients.acknowledged_at', 'is not', null)
          .as('acknowledged'),
      ])
      .orderBy('notices.id', 'desc')
      .limit(filter.limit)
      .offset(filter.offset)
      .execute(),
    query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    items: rows.map((r) => ({
      ...toNotice(r),
      recipients: Number(r.recipients ?? 0),
      acknowledged: Number(r.acknowledged ?? 0),
    })),
    total: Number(count.n),
  };
}

/** Record a project's answer; false when it had answered already (the first answer stays). */
export async function acknowledgeNoticeFor(
  { tx }: TxContext,
  id: number,
  project: string,
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('notice_recipients')
    .set({ acknowledged_by: by, acknowledged_at: at })
    .where('notice_id', '=', id)
    .where('project_name', '=', project)
    .where('acknowledged_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function closeNoticeRow({ tx }: TxContext, id: number, at: Date): Promise<boolean> {
  const result = await tx
    .updateTable('notices')
    .set({ closed_at: at })
    .where('id', '=', id)
    .where('closed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Claim the open notices due a reminder (posted or last reminded before `before`) and stamp
 * them, in the caller's transaction: two workers never remind of the same notice twice.
 */
export async function claimNoticesDueReminder(
  { tx }: TxContext,
  before: Date,
  at: Date,
): Promise<NoticeRow[]> {
  const rows = await tx
    .updateTable('notices')
    .set({ last_reminded_at: at })
    .where('closed_at', 'is', null)
    .where(sql<Date>`coalesce(last_reminded_at, posted_at)`, '<', before)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('notice_recipients')
          .select('notice_recipients.notice_id')
          .whereRef('notice_recipients.notice_id', '=', 'notices.id')
          .where('notice_recipients.acknowledged_at', 'is', null),
      ),
    )
    .returningAll()
    .execute();
  return rows.map(toNotice).sort((a, b) => a.id - b.id);
}

/** What an engagement record says of a notice its project has not answered. */
export type UnansweredNotice = Pick<NoticeRow, 'id' | 'title' | 'kind' | 'respondBy'>;

/**
 * The open notices each project has not answered, oldest first, by project (absent: none);
 * without `projects`, of every project. Only what the record shows: a notice sent to every
 * project comes once per project, so its body is not read thousands of times.
 */
export async function unansweredNoticesOf(
  { tx }: TxContext,
  projects?: readonly string[],
): Promise<Map<string, UnansweredNotice[]>> {
  if (projects?.length === 0) return new Map();
  const rows = await tx
    .selectFrom('notices')
    .innerJoin('notice_recipients', 'notice_recipients.notice_id', 'notices.id')
    .select([
      'notices.id',
      'notices.title',
      'notices.kind',
      'notices.respond_by',
      'notice_recipients.project_name',
    ])
    .where('notice_recipients.acknowledged_at', 'is', null)
    .where('notices.closed_at', 'is', null)
    .$if(projects !== undefined, (q) =>
      q.where('notice_recipients.project_name', '=', sql<string>`any(${[...projects!]}::text[])`),
    )
    .orderBy('notices.id')
    .execute();
  return groupRows(
    rows,
    (row) => row.project_name,
    (row) => ({
      id: Number(row.id),
      title: row.title,
      kind: row.kind as NoticeKind,
      respondBy: iso(row.respond_by)!,
    }),
  );
}

export async function findTermsVersion(
  { tx }: TxContext,
  version: string,
): Promise<{ version: string; items: { id: string }[] } | undefined> {
  const row = await tx
    .selectFrom('terms_versions')
    .select(['version', 'items'])
    .where('version', '=', version)
    .executeTakeFirst();
  return row && { version: row.version, items: row.items };
}
