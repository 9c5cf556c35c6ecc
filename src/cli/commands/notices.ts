import type { Command } from '@commander-js/extra-typings';
import type { NoticeRecipientView, NoticeView } from '../../engagement/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { myProjectAmong } from './my-project.ts';
import { clientOf } from './request.ts';

interface NoticeSummary extends Omit<NoticeView, 'recipients'> {
  recipients: number;
  acknowledged: number;
}

const day = (iso: string) => iso.slice(0, 16).replace('T', ' ');

/** `opf notices`: notices every project must acknowledge, and who has not yet. */
export function registerNoticeCommands(program: Command, io: CliIo): void {
  const notices = program
    .command('notices')
    .description(
      'notices projects must acknowledge (upgrade windows, new terms): post, answer, follow',
    );

  notices
    .command('list')
    .description('notices, newest first, with how many projects answered (public)')
    .option('--status <status>', 'open, closed or all', 'all')
    .option('--project <name>', 'only notices sent to this project')
    .option('--limit <n>', 'how many', '50')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const query = new URLSearchParams({ status: flags.status, limit: flags.limit });
      if (flags.project) query.set('project', flags.project);
      const page = await api.get<{ items: NoticeSummary[]; total: number }>(
        `/api/v1/notices?${query}`,
      );
      if (asJson) return io.out(json(page));
      io.out(
        table(
          ['ID', 'KIND', 'TITLE', 'ANSWERED', 'ANSWER BY', 'STATE'],
          page.items.map((n) => [
            String(n.id),
            n.kind,
            n.title,
            `${n.acknowledged}/${n.recipients}`,
            day(n.respondBy),
            n.closedAt ? 'closed' : 'open',
          ]),
        ),
      );
    });

  notices
    .command('show')
    .description('a notice: every project it went to, who answered, who has not and since when')
    .argument('<id>', 'notice id')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const notice = await api.get<NoticeView>(`/api/v1/notices/${encodeURIComponent(id)}`);
      io.out(asJson ? json(notice) : renderNotice(notice));
    });

  notices
    .command('post')
    .description(
      'post a notice every active project (or those on --cluster) must acknowledge (ops)',
    )
    .requiredOption('--title <text>', 'the notice’s title')
    .requiredOption('--body <text>', 'what it is about')
    .option('--kind <kind>', 'upgrade, maintenance or general', 'general')
    .option('--cluster <env/name...>', 'only projects with a namespace on these clusters')
    .option('--respond-by <date>', 'when projects must have answered (ISO 8601 with offset)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const notice = await api.post<NoticeView>('/api/v1/notices', {
        kind: flags.kind,
        title: flags.title,
        body: flags.body,
        ...(flags.cluster && { clusters: flags.cluster }),
        ...(flags.respondBy && { respondBy: flags.respondBy }),
      });
      io.out(
        asJson
          ? json(notice)
          : `notice ${notice.id} sent to ${notice.recipients.length} project(s); answers by ${day(notice.respondBy)} UTC`,
      );
    });

  notices
    .command('ack')
    .description(
      'acknowledge a notice for your project (a notice of new terms: with --accept-terms, after reading them)',
    )
    .argument('<id>', 'notice id')
    .option('--project <name>', 'the project you answer for (default: the one of yours it went to)')
    .option('--accept-terms', 'accept the new terms the notice asks to re-accept')
    .action(async (id, flags) => {
      const { api, asJson } = clientOf(program, io);
      const notice = await api.get<NoticeView>(`/api/v1/notices/${encodeURIComponent(id)}`);
      const project =
        flags.project ??
        (await myProjectAmong(
          api,
          notice.recipients.filter((r) => !r.acknowledgedAt).map((r) => r.project),
          {
            none: `notice ${notice.id} waits for no project`,
            several: `notice ${notice.id} waits for several of your projects`,
          },
        ));
      const answer = await api.post<NoticeRecipientView>(
        `/api/v1/projects/${encodeURIComponent(project)}/notices/${encodeURIComponent(id)}/acknowledge`,
        flags.acceptTerms ? { acceptTerms: true } : {},
      );
      io.out(
        asJson
          ? json(answer)
          : `notice ${id}: acknowledged for ${project} by ${answer.acknowledgedBy} at ${day(answer.acknowledgedAt ?? '')} UTC${notice.termsVersion ? ` (terms ${notice.termsVersion} accepted)` : ''}`,
      );
    });

  notices
    .command('close')
    .description('close a notice: no more answers, no more reminders (ops)')
    .argument('<id>', 'notice id')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const notice = await api.post<NoticeView>(
        `/api/v1/notices/${encodeURIComponent(id)}/close`,
        {},
      );
      io.out(asJson ? json(notice) : `notice ${notice.id}: closed`);
    });
}

function renderNotice(n: NoticeView): string {
  const waiting = n.recipients.filter((r) => !r.acknowledgedAt);
  const lines = [
    `notice ${n.id} (${n.kind}): ${n.title}`,
    `posted ${day(n.postedAt)} UTC by ${n.postedBy}; answers by ${day(n.respondBy)} UTC${n.closedAt ? `; closed ${day(n.closedAt)} UTC` : ''}`,
    `to:         ${n.clusters.length ? `projects on ${n.clusters.join(', ')}` : 'every active project'}${n.termsVersion ? ` (re-accept terms ${n.termsVersion})` : ''}`,
    '',
    n.body,
    '',
    `answered ${n.recipients.length - waiting.length} of ${n.recipients.length}:`,
  ];
  if (n.recipients.length)
    lines.push(
      table(
        ['PROJECT', 'ANSWER', 'BY', 'WAITING SINCE'],
        n.recipients.map((r) => [
          r.project,
          r.acknowledgedAt
            ? `acknowledged ${day(r.acknowledgedAt)}`
            : r.overdue
              ? 'OVERDUE'
              : 'not yet',
          r.acknowledgedBy ?? '',
          r.waitingSince ? day(r.waitingSince) : '',
        ]),
      ),
    );
  return lines.join('\n');
}
