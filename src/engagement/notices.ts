import { z } from 'zod';
import { clusterId, OpfError } from '../core/index.ts';
import {
  acknowledgeNoticeFor,
  appendAuditEvent,
  closeNoticeRow,
  enqueueJob,
  findNotice,
  findTermsVersion,
  insertNotice,
  insertNoticeRecipients,
  insertTermsAcceptance,
  listClusters,
  listNoticeAddressees,
  listNoticeRecipients,
  listNotices,
  type NoticeRow,
  type NoticeSummaryRow,
  type Tx,
} from '../store/index.ts';
import { DAY_MS, type EngagementContext, nowOf } from './context.ts';

/** The outbox job that announces a notice (and each reminder of it). */
export const NOTICE_ANNOUNCE_JOB = 'engagement.notice-announce';

/** Kinds ops post by hand; `terms` notices come only from publishing terms. */
export const NOTICE_KINDS = ['upgrade', 'maintenance', 'general'] as const;

export const noticeInputSchema = z.strictObject({
  kind: z.enum(NOTICE_KINDS).default('general'),
  title: z.string().trim().min(1, 'give the notice a title').max(200),
  body: z.string().trim().min(1, 'say what the notice is about').max(20_000),
  clusters: z
    .array(z.string().trim().min(1).max(127))
    .max(50)
    .default([])
    .describe('Only projects with a namespace on one of these clusters (env/name); none: all'),
  respondBy: z.iso
    .datetime({ offset: true })
    .optional()
    .describe('When projects must have answered; default: OPF_NOTICE_RESPOND_DAYS from now'),
});
export type NoticeInput = z.infer<typeof noticeInputSchema>;

export interface NoticeRecipientView {
  project: string;
  requestId: number | null;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
  /** Unanswered: since when the project has been asked (the notice's date). */
  waitingSince: string | null;
  /** Unanswered past the notice's date. */
  overdue: boolean;
}

export interface NoticeView extends NoticeRow {
  recipients: NoticeRecipientView[];
}

export interface Actor {
  name: string;
  source?: string;
}

/**
 * Post a notice to every active project (or those on `clusters`). The addressees are fixed
 * when it is posted; its announcement leaves through the outbox in the same transaction.
 */
export async function postNotice(
  ctx: EngagementContext,
  actor: Actor,
  input: NoticeInput,
  terms?: { version: string; tx: Tx },
): Promise<NoticeView> {
  const run = async (tx: Tx) => {
    const now = nowOf(ctx);
    const clusters = await knownClusters(tx, input.clusters);
    const respondBy = input.respondBy
      ? new Date(input.respondBy)
      : new Date(
          now.getTime() +
            (terms ? ctx.settings.termsReacceptDays : ctx.settings.noticeRespondDays) * DAY_MS,
        );
    if (respondBy.getTime() <= now.getTime())
      throw new OpfError('OPF_ERR_VALIDATION', 'the date to answer by must be in the future', [
        { path: 'respondBy', message: 'must be after now' },
      ]);
    const notice = await insertNotice(
      { tx },
      {
        kind: terms ? 'terms' : input.kind,
        title: input.title,
        body: input.body,
        clusters,
        termsVersion: terms?.version ?? null,
        respondBy,
        postedBy: actor.name,
        postedAt: now,
      },
    );
    const addressees = await listNoticeAddressees({ tx }, clusters);
    await insertNoticeRecipients({ tx }, notice.id, addressees);
    await enqueueJob(
      { tx },
      {
        kind: NOTICE_ANNOUNCE_JOB,
        payload: { noticeId: notice.id, reminder: null },
        dedupeKey: `notice-announce:${notice.id}`,
      },
    );
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'notice.post',
        subjectType: 'notice',
        subjectId: String(notice.id),
        after: { kind: notice.kind, title: notice.title, projects: addressees.length },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    return withRecipients(notice, await listNoticeRecipients({ tx }, notice.id), now);
  };
  return terms ? run(terms.tx) : ctx.db.transaction().execute(run);
}

async function knownClusters(tx: Tx, asked: readonly string[]): Promise<string[]> {
  if (asked.length === 0) return [];
  const clusters = await listClusters({ tx });
  const ids = clusters.map(clusterId);
  const byKey = new Map(ids.map((id) => [id.toLowerCase(), id]));
  const out: string[] = [];
  asked.forEach((name, index) => {
    const id = byKey.get(name.toLowerCase());
    if (!id)
      throw new OpfError(
        'OPF_ERR_CLUSTER_UNKNOWN',
        `cluster "${name}" does not exist; clusters: ${ids.join(', ')}`,
        [
          {
            path: `clusters.${index}`,
            message: 'no such cluster',
            code: 'OPF_ERR_CLUSTER_UNKNOWN',
          },
        ],
      );
    if (!out.includes(id)) out.push(id);
  });
  return out;
}

function withRecipients(
  notice: NoticeRow,
  recipients: Awaited<ReturnType<typeof listNoticeRecipients>>,
  now: Date,
): NoticeView {
  const overdue = Date.parse(notice.respondBy) <= now.getTime();
  return {
    ...notice,
    recipients: recipients.map((r) => ({
      ...r,
      waitingSince: r.acknowledgedAt ? null : notice.postedAt,
      overdue: !r.acknowledgedAt && overdue && notice.closedAt === null,
    })),
  };
}

export async function getNotice(ctx: EngagementContext, id: number): Promise<NoticeView> {
  const notice = await findNotice({ tx: ctx.db }, id);
  if (!notice) throw new OpfError('OPF_ERR_NOT_FOUND', `notice ${id} does not exist`);
  return withRecipients(notice, await listNoticeRecipients({ tx: ctx.db }, id), nowOf(ctx));
}

export async function getNotices(
  ctx: EngagementContext,
  filter: { open?: boolean; project?: string; limit: number; offset: number },
): Promise<{ items: NoticeSummaryRow[]; total: number }> {
  return listNotices({ tx: ctx.db }, filter);
}

/**
 * A project answers a notice. A notice of new terms is answered by accepting them: the
 * acceptance is recorded on the project's request like any other. A second answer changes
 * nothing (the first one, and its author, stay).
 */
export async function acknowledgeNotice(
  ctx: EngagementContext,
  actor: Actor,
  id: number,
  project: string,
  options: { acceptTerms?: boolean } = {},
): Promise<NoticeRecipientView> {
  return ctx.db.transaction().execute(async (tx) => {
    const now = nowOf(ctx);
    const notice = await findNotice({ tx }, id);
    if (!notice) throw new OpfError('OPF_ERR_NOT_FOUND', `notice ${id} does not exist`);
    const recipient = (await listNoticeRecipients({ tx }, id)).find((r) => r.project === project);
    if (!recipient)
      throw new OpfError(
        'OPF_ERR_NOTICE_NOT_ADDRESSED',
        `notice ${id} was not sent to project ${project}`,
      );
    if (notice.closedAt)
      throw new OpfError('OPF_ERR_NOTICE_CLOSED', `notice ${id} was closed on ${notice.closedAt}`);
    if (recipient.acknowledgedAt) return withRecipients(notice, [recipient], now).recipients[0]!;
    if (notice.termsVersion) {
      if (options.acceptTerms !== true)
        throw new OpfError(
          'OPF_ERR_NOTICE_TERMS_NOT_ACCEPTED',
          `notice ${id} asks project ${project} to accept terms version ${notice.termsVersion}: read them (opf terms) and answer with acceptTerms true (--accept-terms)`,
          [
            {
              path: 'acceptTerms',
              message: 'must be true',
              code: 'OPF_ERR_NOTICE_TERMS_NOT_ACCEPTED',
            },
          ],
        );
      const terms = await findTermsVersion({ tx }, notice.termsVersion);
      if (terms && recipient.requestId !== null)
        await insertTermsAcceptance(
          { tx },
          {
            requestId: recipient.requestId,
            actor: actor.name,
            version: terms.version,
            accepted: terms.items.map((item) => item.id),
          },
        );
    }
    await acknowledgeNoticeFor({ tx }, id, project, actor.name, now);
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'notice.acknowledge',
        subjectType: 'notice',
        subjectId: String(id),
        after: { project, ...(notice.termsVersion && { termsAccepted: notice.termsVersion }) },
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
    const after = (await listNoticeRecipients({ tx }, id)).find((r) => r.project === project)!;
    return withRecipients(notice, [after], now).recipients[0]!;
  });
}

/** Ops close a notice: it takes no more answers and sends no more reminders. */
export async function closeNotice(
  ctx: EngagementContext,
  actor: Actor,
  id: number,
): Promise<NoticeView> {
  await ctx.db.transaction().execute(async (tx) => {
    const notice = await findNotice({ tx }, id);
    if (!notice) throw new OpfError('OPF_ERR_NOT_FOUND', `notice ${id} does not exist`);
    if (!(await closeNoticeRow({ tx }, id, nowOf(ctx)))) return;
    await appendAuditEvent(
      { tx },
      {
        actor: actor.name,
        action: 'notice.close',
        subjectType: 'notice',
        subjectId: String(id),
        source: actor.source ?? null,
        visibility: 'public',
      },
    );
  });
  return getNotice(ctx, id);
}
