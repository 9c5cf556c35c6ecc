import type { Command } from '@commander-js/extra-typings';
import type { EngagementRecord } from '../../engagement/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

/** `opf projects at-risk` and `opf projects engagement NAME`: commitment, measured. */
export function registerProjectsCommands(program: Command, io: CliIo): void {
  const projects = program
    .command('projects')
    .description('active projects and their engagement (engaged, at risk, inactive)');

  projects
    .command('at-risk')
    .description('projects at risk or inactive, with the reasons (public)')
    .option('--all', 'every active project, engaged ones too')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const query = flags.all ? '' : '?status=at-risk&status=inactive';
      const { items } = await api.get<{ items: EngagementRecord[] }>(`/api/v1/engagement${query}`);
      if (asJson) return io.out(json(items));
      if (items.length === 0) return io.out('no project is at risk');
      io.out(
        table(
          ['PROJECT', 'STATUS', 'LAST SIGN OF LIFE', 'WHY'],
          items.map((r) => [
            r.project,
            r.status,
            r.lastSignOfLife?.slice(0, 10) ?? 'never',
            r.reasons.map((x) => x.text).join('; ') || '-',
          ]),
        ),
      );
    });

  projects
    .command('engagement')
    .description('one project’s engagement record: status, reasons and the signals behind them')
    .argument('<project>', 'project name')
    .action(async (name) => {
      const { api, asJson } = clientOf(program, io);
      const r = await api.get<EngagementRecord>(
        `/api/v1/projects/${encodeURIComponent(name)}/engagement`,
      );
      if (asJson) return io.out(json(r));
      const s = r.signals;
      const when = (iso: string | null) => iso?.slice(0, 10) ?? 'never';
      io.out(
        [
          `${r.displayName} (${r.project}): ${r.status}`,
          ...r.reasons.map((x) => `  - ${x.text}`),
          `last activity in opf:   ${when(s.lastActivityAt)}`,
          `last acknowledgement:   ${when(s.lastAcknowledgedAt)}`,
          `unanswered notices:     ${s.unansweredNotices.map((n) => `${n.id} (by ${n.respondBy.slice(0, 10)})`).join(', ') || 'none'}`,
          `last meeting attended:  ${when(s.lastAttendedAt)} (${s.meetingsMissedInARow} missed since)`,
          `incident answers:       ${s.incidents.measured ? `${s.incidents.items.length} incident(s)` : 'not measured (no incident source wired in)'}`,
          `terms accepted:         ${s.terms ? `${s.terms.accepted ?? 'none'} (current ${s.terms.current})` : '-'}`,
          ...(r.offboarding
            ? [
                `offboarding proposed:   ${r.offboarding.reason} (decision from ${r.offboarding.noticeEndsAt.slice(0, 10)})`,
              ]
            : []),
        ].join('\n'),
      );
    });
}
