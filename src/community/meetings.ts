import { DateTime } from 'luxon';
import { OpfError } from '../core/index.ts';
import {
  bumpMeetingSequence,
  deleteMeetingException,
  findMeeting,
  listMeetingExceptions,
  listMeetings,
  type MeetingRow,
  type Tx,
  upsertMeeting,
  upsertMeetingException,
} from '../store/index.ts';
import { type CommunityContext, nowOf } from './context.ts';
import { renderCalendar } from './ics.ts';
import { queueInvitationUpdates } from './invitations.ts';
import {
  type ExceptionInput,
  type Meeting,
  type MeetingException,
  type MeetingInput,
  type Occurrence,
  type RecurrenceRule,
  recurrenceSchema,
} from './model.ts';
import { type ParityReport, parityReport } from './parity.ts';
import { isRuleDate, occurrences, parseRange } from './recurrence.ts';

function toMeeting(row: MeetingRow): Meeting {
  return { ...row, recurrence: recurrenceSchema.parse(row.recurrence) };
}

export async function getMeeting(ctx: CommunityContext, slug: string): Promise<Meeting> {
  const row = await findMeeting({ tx: ctx.db }, slug);
  if (!row)
    throw new OpfError('OPF_ERR_MEETING_UNKNOWN', `no meeting "${slug}" (see opf meetings list)`);
  return toMeeting(row);
}

export async function getMeetings(ctx: CommunityContext): Promise<Meeting[]> {
  return (await listMeetings({ tx: ctx.db })).map(toMeeting);
}

export async function getExceptions(
  ctx: CommunityContext,
  slug: string,
): Promise<MeetingException[]> {
  return listMeetingExceptions({ tx: ctx.db }, slug);
}

/** Create or change a meeting (admin); a change is a new SEQUENCE for calendar clients. */
export async function saveMeeting(ctx: CommunityContext, input: MeetingInput): Promise<Meeting> {
  return ctx.db.transaction().execute(async (tx: Tx) => {
    const saved = await upsertMeeting({ tx }, input);
    await queueInvitationUpdates(tx, input.slug);
    return toMeeting(saved);
  });
}

/** Cancel or move one occurrence, named by the date the rule gives it. */
export async function setException(
  ctx: CommunityContext,
  slug: string,
  input: ExceptionInput,
  actor: string,
): Promise<MeetingException> {
  const meeting = await getMeeting(ctx, slug);
  if (!isRuleDate(meeting.recurrence, input.date))
    throw new OpfError(
      'OPF_ERR_MEETING_NOT_AN_OCCURRENCE',
      `${meeting.title} does not take place on ${input.date} under its rule (${meeting.recurrence.rule})`,
    );
  if (input.kind === 'move' && !input.start)
    throw new OpfError('OPF_ERR_MEETING_INVALID', 'a move needs the new start (YYYY-MM-DDTHH:MM)', [
      { path: 'start', message: 'required for a move' },
    ]);
  const exception: MeetingException = {
    date: input.date,
    kind: input.kind,
    start: input.kind === 'move' ? input.start! : null,
    durationMinutes: input.kind === 'move' ? (input.durationMinutes ?? null) : null,
    reason: input.reason,
  };
  await ctx.db.transaction().execute(async (tx: Tx) => {
    await upsertMeetingException({ tx }, slug, exception, actor);
    await bumpMeetingSequence({ tx }, slug);
    await queueInvitationUpdates(tx, slug);
  });
  return exception;
}

export async function removeException(
  ctx: CommunityContext,
  slug: string,
  date: string,
): Promise<void> {
  await getMeeting(ctx, slug);
  await ctx.db.transaction().execute(async (tx: Tx) => {
    if (!(await deleteMeetingException({ tx }, slug, date)))
      throw new OpfError('OPF_ERR_NOT_FOUND', `${slug} has no cancellation or move on ${date}`);
    await bumpMeetingSequence({ tx }, slug);
    await queueInvitationUpdates(tx, slug);
  });
}

export async function meetingOccurrences(
  ctx: CommunityContext,
  slug: string,
  from: string,
  to: string,
  rule?: RecurrenceRule,
): Promise<Occurrence[]> {
  const meeting = await getMeeting(ctx, slug);
  return occurrences(meeting, await getExceptions(ctx, slug), parseRange(from, to), rule);
}

/** The next occurrence of each meeting from now (within a year). */
export async function nextOccurrences(ctx: CommunityContext): Promise<Occurrence[]> {
  const now = DateTime.fromJSDate(nowOf(ctx), { zone: 'UTC' });
  const range = parseRange(
    now.minus({ days: 1 }).toISODate()!,
    now.plus({ days: 366 }).toISODate()!,
  );
  const result: Occurrence[] = [];
  for (const meeting of await getMeetings(ctx)) {
    const next = occurrences(meeting, await getExceptions(ctx, meeting.slug), range).find(
      (o) => DateTime.fromISO(o.end) > now,
    );
    if (next) result.push(next);
  }
  return result.sort((a, b) => a.start.localeCompare(b.start));
}

export async function meetingParity(
  ctx: CommunityContext,
  slug: string,
  fromYear?: number,
  toYear?: number,
): Promise<ParityReport> {
  const meeting = await getMeeting(ctx, slug);
  const first = fromYear ?? Number(meeting.recurrence.anchor.slice(0, 4));
  const last = toYear ?? nowOf(ctx).getUTCFullYear() + 1;
  if (last < first || last - first > 50)
    throw new OpfError(
      'OPF_ERR_MEETING_RANGE_INVALID',
      'years must run forwards, at most 50 of them',
    );
  return parityReport(meeting, first, last);
}

/** The iCalendar feed of one meeting, or of all of them (slug undefined). */
export async function meetingCalendar(
  ctx: CommunityContext,
  slug?: string,
  options: { explicit?: boolean } = {},
): Promise<string> {
  // Two statements for any number of meetings (not one per meeting), sent together.
  const [meetings, exceptions] = await Promise.all([
    slug ? getMeeting(ctx, slug).then((meeting) => [meeting]) : getMeetings(ctx),
    listMeetingExceptions({ tx: ctx.db }, slug),
  ]);
  const entries = meetings.map((meeting) => ({
    meeting,
    exceptions: exceptions.filter((e) => e.meeting === meeting.slug),
  }));
  return renderCalendar(entries, {
    publicUrl: ctx.publicUrl,
    name: slug ? meetings[0]!.title : 'opf community meetings',
    now: nowOf(ctx),
    // Explicit instances cover a bounded window: a year back, two ahead.
    ...(options.explicit && {
      explicit: {
        from: DateTime.fromJSDate(nowOf(ctx), { zone: 'UTC' }).minus({ years: 1 }).startOf('day'),
        to: DateTime.fromJSDate(nowOf(ctx), { zone: 'UTC' }).plus({ years: 2 }).startOf('day'),
      },
    }),
  });
}
