import { sql } from 'kysely';
import type { TxContext } from '../schema.ts';

export interface OffboardingProposalRow {
  id: number;
  requestId: number;
  project: string;
  reason: string;
  proposedBy: string;
  byProject: boolean;
  proposedAt: string;
  noticeEndsAt: string;
  state: 'open' | 'decided' | 'cancelled';
  meeting: { slug: string; date: string } | null;
  decidedBy: string | null;
  decidedAt: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

type Row = {
  id: number;
  request_id: number;
  project_name: string;
  reason: string;
  proposed_by: string;
  by_project: boolean;
  proposed_at: Date;
  notice_ends_at: Date;
  state: string;
  meeting_slug: string | null;
  meeting_date: string | null;
  decided_by: string | null;
  decided_at: Date | string | null;
};

function toProposal(r: Row): OffboardingProposalRow {
  return {
    id: Number(r.id),
    requestId: Number(r.request_id),
    project: r.project_name,
    reason: r.reason,
    proposedBy: r.proposed_by,
    byProject: r.by_project,
    proposedAt: iso(r.proposed_at)!,
    noticeEndsAt: iso(r.notice_ends_at)!,
    state: r.state as OffboardingProposalRow['state'],
    meeting:
      r.meeting_slug && r.meeting_date ? { slug: r.meeting_slug, date: r.meeting_date } : null,
    decidedBy: r.decided_by,
    decidedAt: iso(r.decided_at),
  };
}

/** Insert an open proposal; undefined when the request already has one (unique index). */
export async function insertOffboardingProposal(
  { tx }: TxContext,
  p: {
    requestId: number;
    project: string;
    reason: string;
    proposedBy: string;
    byProject: boolean;
    proposedAt: Date;
    noticeEndsAt: Date;
    meeting: { slug: string; date: string } | null;
  },
): Promise<OffboardingProposalRow | undefined> {
  const row = await tx
    .insertInto('offboarding_proposals')
    .values({
      request_id: p.requestId,
      project_name: p.project,
      reason: p.reason,
      proposed_by: p.proposedBy,
      by_project: p.byProject,
      proposed_at: p.proposedAt,
      notice_ends_at: p.noticeEndsAt,
      meeting_slug: p.meeting?.slug ?? null,
      meeting_date: p.meeting?.date ?? null,
    })
    .onConflict((oc) => oc.column('request_id').where('state', '=', 'open').doNothing())
    .returningAll()
    .executeTakeFirst();
  return row && toProposal(row);
}

export async function findOpenOffboardingProposal(
  { tx }: TxContext,
  requestId: number,
): Promise<OffboardingProposalRow | undefined> {
  const row = await tx
    .selectFrom('offboarding_proposals')
    .selectAll()
    .where('request_id', '=', requestId)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return row && toProposal(row);
}

/** The open proposal of each request that has one, by request id (of every request without ids). */
export async function openOffboardingProposals(
  { tx }: TxContext,
  requestIds?: readonly number[],
): Promise<Map<number, OffboardingProposalRow>> {
  if (requestIds?.length === 0) return new Map();
  const rows = await tx
    .selectFrom('offboarding_proposals')
    .selectAll()
    .where('state', '=', 'open')
    .$if(requestIds !== undefined, (q) =>
      q.where('request_id', '=', sql<number>`any(${[...requestIds!]}::bigint[])`),
    )
    .execute();
  return new Map(rows.map((r) => [Number(r.request_id), toProposal(r)] as const));
}

/** Every proposal made on a request, newest first. */
export async function listOffboardingProposals(
  { tx }: TxContext,
  requestId: number,
): Promise<OffboardingProposalRow[]> {
  const rows = await tx
    .selectFrom('offboarding_proposals')
    .selectAll()
    .where('request_id', '=', requestId)
    .orderBy('id', 'desc')
    .execute();
  return rows.map(toProposal);
}

/** Close the open proposal as decided or cancelled; false when there was none open. */
export async function settleOffboardingProposal(
  { tx }: TxContext,
  id: number,
  state: 'decided' | 'cancelled',
  by: string,
  at: Date,
): Promise<boolean> {
  const result = await tx
    .updateTable('offboarding_proposals')
    .set({ state, decided_by: by, decided_at: at })
    .where('id', '=', id)
    .where('state', '=', 'open')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Projects with an open proposal: the sweep does not propose them again. */
export async function listProjectsWithOpenProposal({ tx }: TxContext): Promise<Set<string>> {
  const rows = await tx
    .selectFrom('offboarding_proposals')
    .select('project_name')
    .where('state', '=', 'open')
    .execute();
  return new Set(rows.map((r) => r.project_name));
}
