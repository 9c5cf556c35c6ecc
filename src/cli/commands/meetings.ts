import type { Command } from '@commander-js/extra-typings';
import type { Meeting, Occurrence, ParityReport, RecurrenceRule } from '../../community/index.ts';
import { isOpfError, OpfError } from '../../core/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { registerAgendaCommands } from './agenda.ts';
import { registerMeetingWriteCommands } from './meetings-write.ts';
import { clientOf } from './request.ts';

/**
 * The community code (with the store behind its index) and luxon load when a meetings command
 * runs, not behind every `opf` run.
 */
const community = () => import('../../community/index.ts');
const luxon = () => import('luxon');

/** The rule names for the help text; typed so that a new RecurrenceRule must be listed here. */
const RULE_NAMES = Object.keys({
  'every-other-week': true,
  'iso-week-parity': true,
} satisfies Record<RecurrenceRule, true>) as RecurrenceRule[];

/** The viewer's zone: --tz, then TZ, then the system's. */
async function viewerZone(io: CliIo, tz: string | undefined): Promise<string> {
  const { IANAZone } = await luxon();
  const zone = tz ?? io.env.TZ ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!IANAZone.isValidZone(zone))
    throw new OpfError(
      'OPF_ERR_ZONE_UNKNOWN',
      `"${zone}" is not an IANA time zone (e.g. Europe/Berlin)`,
    );
  return zone;
}

async function describeRule(m: Meeting): Promise<string> {
  const { DateTime } = await luxon();
  const parity =
    DateTime.fromISO(m.recurrence.anchor, { zone: 'UTC' }).weekNumber % 2 ? 'odd' : 'even';
  const day = DateTime.fromISO(m.recurrence.anchor, { zone: 'UTC' }).toFormat('cccc');
  return m.recurrence.rule === 'every-other-week'
    ? `every other ${day} from ${m.recurrence.anchor}`
    : `${day}s of ${parity} ISO weeks`;
}

export function registerMeetingCommands(program: Command, io: CliIo): void {
  const meetings = program
    .command('meetings')
    .description('community meetings: calendar, agenda, invitations');

  meetings
    .command('list')
    .description('the meetings, their rule and slot, and the next occurrence')
    .option('--tz <zone>', 'show times in this IANA zone (default: yours)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const zone = await viewerZone(io, flags.tz);
      const answer = await api.get<{ items: Meeting[]; next: Occurrence[] }>('/api/v1/meetings');
      if (asJson) return io.out(json(answer));
      const { inZone } = await community();
      const next = new Map(answer.next.map((o) => [o.meeting, o]));
      const rules = await Promise.all(answer.items.map(describeRule));
      io.out(
        table(
          ['MEETING', 'TITLE', 'WHEN', 'NEXT'],
          answer.items.map((m, i) => [
            m.slug,
            m.title,
            `${rules[i]}, ${m.localTime} ${m.zone}`,
            next.get(m.slug) ? inZone(next.get(m.slug)!.start, zone) : '-',
          ]),
        ),
      );
    });

  meetings
    .command('next')
    .description('the next occurrence of each meeting, in your time zone')
    .option('--tz <zone>', 'IANA time zone to show times in (default: TZ or the system zone)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const zone = await viewerZone(io, flags.tz);
      const { next } = await api.get<{ next: Occurrence[] }>('/api/v1/meetings');
      const { inZone } = await community();
      const rows = next.map((o) => ({ ...o, local: inZone(o.start, zone), zone }));
      if (asJson) return io.out(json(rows));
      io.out(
        table(
          ['MEETING', 'WHEN', 'TITLE'],
          rows.map((o) => [o.meeting, o.local, o.title]),
        ),
      );
    });

  meetings
    .command('occurrences')
    .description('occurrences between two dates (inclusive, in the meeting’s zone)')
    .argument('<meeting>', 'coordination, sprint-planning, ...')
    .requiredOption('--from <date>', 'YYYY-MM-DD')
    .requiredOption('--to <date>', 'YYYY-MM-DD')
    .option('--rule <rule>', `${RULE_NAMES.join(' or ')} (default: the meeting’s own)`)
    .option('--tz <zone>', 'also show each start in this IANA zone')
    .action(async (slug, flags) => {
      const { api, asJson } = clientOf(program, io);
      const { inZone, RECURRENCE_RULES } = await community();
      if (flags.rule !== undefined && !RECURRENCE_RULES.includes(flags.rule as RecurrenceRule))
        throw new OpfError('OPF_ERR_VALIDATION', `--rule must be ${RECURRENCE_RULES.join(' or ')}`);
      const zone = flags.tz === undefined ? undefined : await viewerZone(io, flags.tz);
      const query = new URLSearchParams({
        from: flags.from,
        to: flags.to,
        ...(flags.rule && { rule: flags.rule }),
      });
      let items: Occurrence[];
      try {
        ({ items } = await api.get<{ items: Occurrence[] }>(
          `/api/v1/meetings/${encodeURIComponent(slug)}/occurrences?${query}`,
        ));
      } catch (error) {
        items = await offline(
          error,
          slug,
          flags.from,
          flags.to,
          flags.rule as RecurrenceRule | undefined,
        );
        io.err(
          `opf server unreachable: computed from the built-in "${slug}" definition (no cancellations or moves)`,
        );
      }
      const rows = items.map((o) => ({
        start: o.start,
        end: o.end,
        title: o.title,
        ...(zone && { local: inZone(o.start, zone) }),
      }));
      if (asJson) return io.out(json(rows));
      io.out(
        table(
          ['START (UTC)', ...(zone ? [`START (${zone})`] : []), 'TITLE'],
          rows.map((o) => [o.start, ...(zone ? [o.local ?? ''] : []), o.title]),
        ),
      );
    });

  meetings
    .command('show')
    .description(
      'a meeting, its cancellations and moves, and per-year ISO-week parity with warnings',
    )
    .argument('<meeting>')
    .action(async (slug) => {
      const { api, asJson } = clientOf(program, io);
      const detail = await api.get<{
        meeting: Meeting;
        exceptions: unknown[];
        parity: ParityReport;
      }>(`/api/v1/meetings/${encodeURIComponent(slug)}`);
      if (asJson) return io.out(json(detail));
      const { meeting, parity } = detail;
      io.out(
        `${meeting.title} (${meeting.slug}): ${await describeRule(meeting)}, ${meeting.localTime} ${meeting.zone}, ${meeting.durationMinutes} min`,
      );
      io.out(
        table(
          ['ISO YEAR', 'WEEKS', 'EVERY OTHER WEEK', 'ISO WEEK PARITY', 'AGREE'],
          parity.years.map((y) => [
            String(y.year),
            String(y.weeksInYear),
            y.parity['every-other-week'],
            y.parity['iso-week-parity'],
            y.agree ? 'yes' : 'NO',
          ]),
        ),
      );
      for (const warning of parity.warnings) io.err(`warning: ${warning}`);
    });

  registerMeetingWriteCommands(meetings, program, io);
  registerAgendaCommands(meetings, program, io);
}

/** Without a server, the seeded meetings can still be expanded (the acceptance interface). */
async function offline(
  error: unknown,
  slug: string,
  from: string,
  to: string,
  rule?: RecurrenceRule,
): Promise<Occurrence[]> {
  const { occurrences, parseRange, recurrenceSchema, SEED_MEETINGS } = await community();
  const seeded = SEED_MEETINGS.find((m) => m.slug === slug);
  if (!(isOpfError(error) && error.code === 'OPF_ERR_SERVER_UNREACHABLE' && seeded)) throw error;
  const meeting: Meeting = {
    ...seeded,
    recurrence: recurrenceSchema.parse(seeded.recurrence),
    sequence: 0,
    updatedAt: '',
  };
  return occurrences(meeting, [], parseRange(from, to), rule);
}
