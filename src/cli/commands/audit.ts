import type { Command } from '@commander-js/extra-typings';
import type { AuditEventView } from '../../core/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

/** `opf audit`: page through the audit log (security events only with an admin credential). */
export function registerAuditCommand(program: Command, io: CliIo): void {
  program
    .command('audit')
    .description('the audit log, oldest first; --after the last id shown for the next page')
    .option('--after <id>', 'events after this id', '0')
    .option('--limit <n>', 'how many', '50')
    .option('--subject-type <type>', 'request, token, user…')
    .option('--subject-id <id>', 'one subject')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const query = new URLSearchParams({ after: flags.after, limit: flags.limit });
      if (flags.subjectType) query.set('subjectType', flags.subjectType);
      if (flags.subjectId) query.set('subjectId', flags.subjectId);
      const page = await api.get<{ items: AuditEventView[]; next: number | null }>(
        `/api/v1/audit?${query}`,
      );
      if (asJson) return io.out(json(page));
      io.out(
        table(
          ['ID', 'AT', 'ACTOR', 'ACTION', 'SUBJECT', 'FROM', 'VISIBILITY'],
          page.items.map((e) => [
            String(e.id),
            e.at.slice(0, 19).replace('T', ' '),
            e.actor,
            e.action,
            `${e.subjectType}/${e.subjectId}`,
            e.source ?? '',
            e.visibility,
          ]),
        ),
      );
      if (page.next !== null) io.err(`more: opf audit --after ${page.next}`);
    });
}
