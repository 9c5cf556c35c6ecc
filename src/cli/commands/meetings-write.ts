import type { Command } from '@commander-js/extra-typings';
import type { Meeting, MeetingException } from '../../community/index.ts';
import { OpfError } from '../../core/index.ts';
import { json } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

/** Commands that change a meeting's calendar, and the iCalendar feed. */
export function registerMeetingWriteCommands(meetings: Command, program: Command, io: CliIo): void {
  meetings
    .command('set')
    .description('change a meeting’s slot or rule (admin); unset options keep their value')
    .argument('<meeting>')
    .option('--title <text>')
    .option('--time <HH:MM>', 'local start time')
    .option('--zone <zone>', 'IANA time zone of the local time')
    .option('--duration <minutes>')
    .option('--rule <rule>', 'every-other-week or iso-week-parity')
    .option('--anchor <date>', 'a date the meeting happens on (weekday and parity)')
    .option('--url <url>', 'where the meeting happens')
    .action(async (slug, flags) => {
      const { api, asJson } = clientOf(program, io);
      const path = `/api/v1/meetings/${encodeURIComponent(slug)}`;
      const { meeting } = await api.get<{ meeting: Meeting }>(path);
      const { slug: _slug, sequence: _sequence, updatedAt: _updatedAt, ...current } = meeting;
      const saved = await api.put<Meeting>(path, {
        ...current,
        ...(flags.title && { title: flags.title }),
        ...(flags.time && { localTime: flags.time }),
        ...(flags.zone && { zone: flags.zone }),
        ...(flags.duration && { durationMinutes: Number(flags.duration) }),
        ...(flags.url && { url: flags.url }),
        recurrence: {
          ...current.recurrence,
          ...(flags.rule && { rule: flags.rule }),
          ...(flags.anchor && { anchor: flags.anchor }),
        },
      });
      io.out(
        asJson
          ? json(saved)
          : `${saved.slug}: ${saved.localTime} ${saved.zone}, ${saved.recurrence.rule} from ${saved.recurrence.anchor} (sequence ${saved.sequence})`,
      );
    });

  meetings
    .command('cancel')
    .description('cancel one occurrence (ops)')
    .argument('<meeting>')
    .argument('<date>', 'the date the rule gives, YYYY-MM-DD')
    .option('--reason <text>', 'why', '')
    .action(async (slug, date, flags) => {
      const { api, asJson } = clientOf(program, io);
      const done = await api.put<MeetingException>(
        `/api/v1/meetings/${encodeURIComponent(slug)}/exceptions/${encodeURIComponent(date)}`,
        { kind: 'cancel', reason: flags.reason },
      );
      io.out(asJson ? json(done) : `${slug} on ${date}: cancelled`);
    });

  meetings
    .command('move')
    .description('move one occurrence to another local date and time (ops)')
    .argument('<meeting>')
    .argument('<date>', 'the date the rule gives, YYYY-MM-DD')
    .requiredOption('--start <local>', 'new start in the meeting’s zone, YYYY-MM-DDTHH:MM')
    .option('--duration <minutes>', 'new length in minutes')
    .option('--reason <text>', 'why', '')
    .action(async (slug, date, flags) => {
      const { api, asJson } = clientOf(program, io);
      const done = await api.put<MeetingException>(
        `/api/v1/meetings/${encodeURIComponent(slug)}/exceptions/${encodeURIComponent(date)}`,
        {
          kind: 'move',
          start: flags.start,
          reason: flags.reason,
          ...(flags.duration && { durationMinutes: Number(flags.duration) }),
        },
      );
      io.out(asJson ? json(done) : `${slug} on ${date}: moved to ${flags.start}`);
    });

  meetings
    .command('restore')
    .description('undo a cancellation or move (ops)')
    .argument('<meeting>')
    .argument('<date>')
    .action(async (slug, date) => {
      const { api } = clientOf(program, io);
      await api.delete(
        `/api/v1/meetings/${encodeURIComponent(slug)}/exceptions/${encodeURIComponent(date)}`,
      );
      io.out(`${slug} on ${date}: as the rule says again`);
    });

  meetings
    .command('invite')
    .description('ask for an invitation: the series is e-mailed to the address, with updates')
    .argument('<meeting>')
    .requiredOption('--email <address>')
    .option('--name <name>', 'your name, shown to the meeting as a newcomer', '')
    .action(async (slug, flags) => {
      const { api, asJson } = clientOf(program, io);
      const done = await api.post<{ status: string }>(
        `/api/v1/meetings/${encodeURIComponent(slug)}/invitations`,
        { email: flags.email, name: flags.name },
      );
      io.out(
        asJson
          ? json(done)
          : done.status === 'queued'
            ? `invitation to ${slug} on its way to ${flags.email}`
            : `${flags.email} is already invited to ${slug}`,
      );
    });

  meetings
    .command('ics')
    .description('print the iCalendar feed of one meeting, or of all')
    .argument('[meeting]')
    .action(async (slug) => {
      const { api } = clientOf(program, io);
      const { server } = api.target;
      const path = slug
        ? `/api/v1/meetings/${encodeURIComponent(slug)}.ics`
        : '/api/v1/meetings.ics';
      let response: Response;
      try {
        response = await fetch(`${server.replace(/\/$/, '')}${path}`);
      } catch {
        throw new OpfError('OPF_ERR_SERVER_UNREACHABLE', `cannot reach opf at ${server}`);
      }
      if (!response.ok) {
        const body = (await response.json().catch(() => ({}))) as { message?: string };
        throw new OpfError(
          response.status === 404 ? 'OPF_ERR_MEETING_UNKNOWN' : 'OPF_ERR_INTERNAL',
          body.message ?? `HTTP ${response.status}`,
        );
      }
      io.out(await response.text());
    });
}
