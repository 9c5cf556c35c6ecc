import type { Command } from '@commander-js/extra-typings';
import type { AnnouncementView } from '../../community/index.ts';
import type { ChannelRow } from '../../store/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

function deliveryLine(a: AnnouncementView): string {
  if (a.deliveries.length === 0) return 'no deliveries yet';
  return a.deliveries.map((d) => `${d.channel}/${d.transport}: ${d.state}`).join(', ');
}

/** Announcements (ops write, everyone reads) and the channels directory. */
export function registerAnnouncementCommands(program: Command, io: CliIo): void {
  program
    .command('announce')
    .description('announce to the mailing lists and chat rooms (ops)')
    .requiredOption('--title <text>', 'one line')
    .requiredOption('--body <text>', 'the message')
    .option('--kind <kind>', 'maintenance, upgrade, incident, new-project or general', 'general')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const created = await api.post<AnnouncementView>('/api/v1/announcements', {
        kind: flags.kind,
        title: flags.title,
        body: flags.body,
      });
      io.out(asJson ? json(created) : `announcement ${created.id}: queued for delivery`);
    });

  const announcements = program
    .command('announcements')
    .description('announcements and their delivery state');
  announcements
    .command('list')
    .description('newest first, with the state of each channel’s delivery')
    .action(async () => {
      const { api, asJson } = clientOf(program, io);
      const { items } = await api.get<{ items: AnnouncementView[] }>('/api/v1/announcements');
      if (asJson) return io.out(json(items));
      io.out(
        table(
          ['ID', 'KIND', 'TITLE', 'DELIVERY'],
          items.map((a) => [String(a.id), a.kind, a.title, deliveryLine(a)]),
        ),
      );
    });
  announcements
    .command('show')
    .argument('<id>')
    .description('one announcement, delivery per channel with attempts and the last error')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const a = await api.get<AnnouncementView>(`/api/v1/announcements/${encodeURIComponent(id)}`);
      if (asJson) return io.out(json(a));
      io.out(`${a.title} (${a.kind}, by ${a.author}, ${a.createdAt})\n\n${a.body}\n`);
      io.out(
        table(
          ['CHANNEL', 'VIA', 'STATE', 'ATTEMPTS', 'LAST ERROR'],
          a.deliveries.map((d) => [
            d.channel,
            d.transport,
            d.state,
            String(d.attempts),
            d.lastError ?? '',
          ]),
        ),
      );
    });

  const channels = program
    .command('channels')
    .description('the channels directory: mailing lists, chat, board');
  channels.command('list').action(async () => {
    const { api, asJson } = clientOf(program, io);
    const { items } = await api.get<{ items: ChannelRow[] }>('/api/v1/channels');
    if (asJson) return io.out(json(items));
    io.out(
      table(
        ['CHANNEL', 'KIND', 'NAME', 'WHERE', 'ANNOUNCE'],
        items.map((c) => [
          c.slug,
          c.kind,
          c.name,
          c.address ?? c.url ?? '-',
          c.announce ? 'yes' : 'no',
        ]),
      ),
    );
  });
  channels
    .command('set')
    .description('create or change a channel (admin)')
    .argument('<slug>')
    .requiredOption('--kind <kind>', 'mailing-list, chat or board')
    .requiredOption('--name <name>')
    .option('--description <text>', '', '')
    .option('--url <url>')
    .option('--address <email>', 'a mailing list’s posting address')
    .option('--position <n>', 'order in the directory', '0')
    .option('--announce', 'send announcements here')
    .action(async (slug, flags) => {
      const { api, asJson } = clientOf(program, io);
      const saved = await api.put<ChannelRow>(`/api/v1/channels/${encodeURIComponent(slug)}`, {
        kind: flags.kind,
        name: flags.name,
        description: flags.description,
        url: flags.url ?? null,
        address: flags.address ?? null,
        position: Number(flags.position),
        announce: flags.announce === true,
      });
      io.out(asJson ? json(saved) : `channel ${saved.slug} saved`);
    });
  channels
    .command('remove')
    .argument('<slug>')
    .action(async (slug) => {
      const { api } = clientOf(program, io);
      await api.delete(`/api/v1/channels/${encodeURIComponent(slug)}`);
      io.out(`channel ${slug} removed`);
    });
}
