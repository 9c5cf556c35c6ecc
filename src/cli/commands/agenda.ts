import type { Command } from '@commander-js/extra-typings';
import type { Agenda } from '../../community/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

const path = (slug: string, rest = '') => `/api/v1/meetings/${encodeURIComponent(slug)}${rest}`;

/** Agenda and minutes of a meeting's occurrences. */
export function registerAgendaCommands(meetings: Command, program: Command, io: CliIo): void {
  meetings
    .command('agenda')
    .description('an occurrence’s agenda: requests in review, added items, newcomers, minutes')
    .argument('<meeting>')
    .option('--date <date>', 'YYYY-MM-DD (default: the next occurrence)')
    .action(async (slug, flags) => {
      const { api, asJson } = clientOf(program, io);
      const agenda = await api.get<Agenda>(
        path(slug, `/agenda${flags.date ? `?date=${encodeURIComponent(flags.date)}` : ''}`),
      );
      if (asJson) return io.out(json(agenda));
      io.out(`${agenda.title}, ${agenda.occurrence.date} (${agenda.occurrence.start})`);
      io.out(
        table(
          ['ITEM', 'KIND', 'TITLE', 'BY', 'DECISION'],
          agenda.items.map((i) => [
            i.id === null ? '-' : String(i.id),
            i.kind,
            i.title,
            i.addedBy,
            i.decision ?? '',
          ]),
        ),
      );
      if (agenda.newcomers.length) io.out(`new: ${agenda.newcomers.map((n) => n.name).join(', ')}`);
      if (agenda.record)
        io.out(`\nattended: ${agenda.record.attendance.join(', ')}\n\n${agenda.record.minutes}`);
    });

  meetings
    .command('add-item')
    .description('add an item to an occurrence’s agenda (signed in)')
    .argument('<meeting>')
    .argument('<date>')
    .requiredOption('--title <text>')
    .option('--notes <text>', '', '')
    .action(async (slug, date, flags) => {
      const { api, asJson } = clientOf(program, io);
      const item = await api.post<{ id: number }>(path(slug, `/agenda/${date}/items`), {
        title: flags.title,
        notes: flags.notes,
      });
      io.out(asJson ? json(item) : `item ${item.id} on ${slug} ${date}`);
    });

  meetings
    .command('decide')
    .description('record a decision (ops); on a request, --action performs the review step')
    .argument('<meeting>')
    .argument('<date>')
    .requiredOption('--decision <text>')
    .option('--item <id>', 'agenda item id')
    .option('--request <id>', 'request id')
    .option('--action <action>', 'start-review, request-changes, approve or reject')
    .action(async (slug, date, flags) => {
      const { api, asJson } = clientOf(program, io);
      const item = await api.post<{ id: number; decision: string }>(
        path(slug, `/agenda/${date}/decisions`),
        {
          decision: flags.decision,
          ...(flags.item && { itemId: Number(flags.item) }),
          ...(flags.request && { requestId: Number(flags.request) }),
          ...(flags.action && { action: flags.action }),
        },
      );
      io.out(asJson ? json(item) : `item ${item.id}: ${item.decision}`);
    });

  meetings
    .command('minutes')
    .description('record attendance and minutes of an occurrence (ops)')
    .argument('<meeting>')
    .argument('<date>')
    .option('--attendee <name...>', 'who attended')
    .option('--text <minutes>', 'the minutes', '')
    .action(async (slug, date, flags) => {
      const { api, asJson } = clientOf(program, io);
      const record = await api.put<unknown>(path(slug, `/agenda/${date}/minutes`), {
        attendance: flags.attendee ?? [],
        minutes: flags.text,
      });
      io.out(asJson ? json(record) : `minutes of ${slug} ${date} recorded`);
    });
}
