import { DateTime } from 'luxon';
import { z } from 'zod';
import { OpfError, projectLabel } from '../core/index.ts';
import { applyRequestAction } from '../onboarding/index.ts';
import {
  type AgendaItemRow,
  findMeetingRecord,
  insertAgendaItem,
  listAgendaItems,
  listInvitationsAskedBetween,
  listMeetingRecords,
  listRequests,
  type MeetingRecordRow,
  recordAgendaDecision,
  type Tx,
  upsertMeetingRecord,
} from '../store/index.ts';
import { type CommunityContext, nowOf } from './context.ts';
import { getExceptions, getMeeting } from './meetings.ts';
import type { Occurrence } from './model.ts';
import { occurrences, parseRange } from './recurrence.ts';

/** Requests "brought to the meeting": waiting for review or under review. */
const IN_REVIEW = ['submitted', 'in-review'] as const;
export const MEETING_ACTIONS = ['start-review', 'request-changes', 'approve', 'reject'] as const;

export const agendaItemInputSchema = z.strictObject({
  title: z.string().trim().min(1).max(300),
  notes: z.string().max(5000).default(''),
});
export const decisionInputSchema = z.strictObject({
  itemId: z.number().int().min(1).optional(),
  requestId: z.number().int().min(1).optional(),
  decision: z.string().trim().min(1).max(5000),
  action: z.enum(MEETING_ACTIONS).optional().describe('Performs the review action on the request'),
});
export const minutesInputSchema = z.strictObject({
  attendance: z.array(z.string().trim().min(1).max(200)).max(500).default([]),
  minutes: z.string().max(100_000).default(''),
});

export interface AgendaItemView extends Omit<AgendaItemRow, 'id'> {
  /** null: a request in review, proposed for the agenda until the meeting records it. */
  id: number | null;
}

export interface Agenda {
  meeting: string;
  title: string;
  occurrence: Occurrence;
  items: AgendaItemView[];
  /** People who asked for an invitation since the previous occurrence. */
  newcomers: { name: string; askedAt: string }[];
  record: MeetingRecordRow | null;
}

async function occurrenceOn(ctx: CommunityContext, slug: string, date: string) {
  const meeting = await getMeeting(ctx, slug);
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  const around = occurrences(meeting, await getExceptions(ctx, slug), {
    from: day.minus({ days: 120 }),
    to: day.plus({ days: 62 }),
  });
  const at = around.findIndex((o) => o.date === date);
  if (at < 0)
    throw new OpfError(
      'OPF_ERR_MEETING_NOT_AN_OCCURRENCE',
      `${meeting.title} does not meet on ${date} (or it was cancelled)`,
    );
  return { meeting, occurrence: around[at]!, previous: around[at - 1] };
}

async function proposedRequests(
  tx: Tx,
  slug: string,
  date: string,
  addedBy: string,
): Promise<Omit<AgendaItemRow, 'id' | 'createdAt'>[]> {
  const { items } = await listRequests(
    { tx },
    { states: [...IN_REVIEW], limit: 200, offset: 0, order: 'oldest' },
  );
  return items.map((r) => ({
    meeting: slug,
    date,
    kind: 'request' as const,
    requestId: r.id,
    title: `${projectLabel(r.spec.project)}, request ${r.id}: ${r.state}`,
    notes: r.spec.project.description,
    addedBy,
    decision: null,
    decisionAction: null,
    decidedBy: null,
    decidedAt: null,
  }));
}

/** The agenda of one occurrence (default: the next), public. */
export async function getAgenda(
  ctx: CommunityContext,
  slug: string,
  date?: string,
): Promise<Agenda> {
  const when = date ?? (await nextDate(ctx, slug));
  const { meeting, occurrence, previous } = await occurrenceOn(ctx, slug, when);
  const stored = await listAgendaItems({ tx: ctx.db }, slug, when);
  const record = (await findMeetingRecord({ tx: ctx.db }, slug, when)) ?? null;
  const items: AgendaItemView[] = [...stored];
  // Until the meeting is held and recorded, requests in review are on its agenda live.
  if (meeting.reviewsRequests && !record && Date.parse(occurrence.end) > nowOf(ctx).getTime()) {
    const have = new Set(stored.map((i) => i.requestId));
    for (const proposed of await proposedRequests(ctx.db, slug, when, 'opf'))
      if (!have.has(proposed.requestId))
        items.push({ ...proposed, id: null, createdAt: occurrence.start });
  }
  const after = previous ? new Date(previous.start) : new Date(0);
  const asked = await listInvitationsAskedBetween(
    { tx: ctx.db },
    slug,
    after,
    new Date(occurrence.start),
  );
  return {
    meeting: slug,
    title: meeting.title,
    occurrence,
    items,
    newcomers: asked.map((a) => ({
      name: a.name || a.email.replace(/^(.).*(@.*)$/, '$1…$2'),
      askedAt: a.created_at.toISOString(),
    })),
    record,
  };
}

async function nextDate(ctx: CommunityContext, slug: string): Promise<string> {
  const meeting = await getMeeting(ctx, slug);
  const now = DateTime.fromJSDate(nowOf(ctx), { zone: 'UTC' });
  const range = parseRange(
    now.minus({ days: 1 }).toISODate()!,
    now.plus({ days: 366 }).toISODate()!,
  );
  const next = occurrences(meeting, await getExceptions(ctx, slug), range).find(
    (o) => Date.parse(o.end) > now.toMillis(),
  );
  if (!next)
    throw new OpfError(
      'OPF_ERR_MEETING_NOT_AN_OCCURRENCE',
      `${meeting.title} has no occurrence in the coming year`,
    );
  return next.date;
}

export async function addAgendaItem(
  ctx: CommunityContext,
  slug: string,
  date: string,
  input: z.infer<typeof agendaItemInputSchema>,
  actor: string,
) {
  await occurrenceOn(ctx, slug, date);
  return insertAgendaItem(
    { tx: ctx.db },
    { meeting: slug, date, kind: 'topic', requestId: null, ...input, addedBy: actor },
  );
}

/**
 * Record the decision on an item. On a request, an action performs the review step with the
 * meeting as its reason (the request's history says where it was decided).
 */
export async function decideAgendaItem(
  ctx: CommunityContext,
  slug: string,
  date: string,
  input: z.infer<typeof decisionInputSchema>,
  actor: { name: string; source?: string },
): Promise<AgendaItemRow> {
  const { meeting } = await occurrenceOn(ctx, slug, date);
  const stored = await listAgendaItems({ tx: ctx.db }, slug, date);
  let item = input.itemId ? stored.find((i) => i.id === input.itemId) : undefined;
  if (input.itemId && !item)
    throw new OpfError('OPF_ERR_AGENDA_ITEM_UNKNOWN', `no item ${input.itemId} on ${slug} ${date}`);
  const requestId = item?.requestId ?? input.requestId;
  if (input.action && !requestId)
    throw new OpfError('OPF_ERR_VALIDATION', 'a review action needs a request item (requestId)', [
      { path: 'action', message: 'only on requests' },
    ]);
  if (!item && requestId) {
    const [proposed] = (await proposedRequests(ctx.db, slug, date, actor.name)).filter(
      (p) => p.requestId === requestId,
    );
    item = await insertAgendaItem(
      { tx: ctx.db },
      proposed ?? {
        meeting: slug,
        date,
        kind: 'request',
        requestId,
        title: `request ${requestId}`,
        notes: '',
        addedBy: actor.name,
      },
    );
  }
  if (!item)
    throw new OpfError('OPF_ERR_VALIDATION', 'name the item (itemId) or the request (requestId)');
  if (input.action)
    await applyRequestAction(
      { db: ctx.db, publicUrl: ctx.publicUrl },
      actor,
      requestId!,
      input.action,
      {
        reason: `${meeting.title}, ${date}: ${input.decision}`,
      },
    );
  return recordAgendaDecision({ tx: ctx.db }, item.id, {
    decision: input.decision,
    action: input.action ?? null,
    decidedBy: actor.name,
  });
}

/** Attendance and minutes; the requests then in review become the record's agenda items. */
export async function recordMinutes(
  ctx: CommunityContext,
  slug: string,
  date: string,
  input: z.infer<typeof minutesInputSchema>,
  actor: string,
) {
  const { meeting } = await occurrenceOn(ctx, slug, date);
  return ctx.db.transaction().execute(async (tx: Tx) => {
    if (meeting.reviewsRequests)
      for (const proposed of await proposedRequests(tx, slug, date, 'opf'))
        await insertAgendaItem({ tx }, proposed);
    return upsertMeetingRecord({ tx }, { meeting: slug, date, ...input, recordedBy: actor });
  });
}

/** Past meetings with minutes, newest first (public). */
export async function pastMeetings(
  ctx: CommunityContext,
  slug: string,
): Promise<MeetingRecordRow[]> {
  await getMeeting(ctx, slug);
  return listMeetingRecords({ tx: ctx.db }, slug, 200);
}
