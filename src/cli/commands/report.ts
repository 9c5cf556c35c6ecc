import { type Command, Option } from '@commander-js/extra-typings';
import { OpfError } from '../../core/index.ts';
import { json } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

/**
 * `opf report PROJECT` and `opf report --cloud`: the report of a project or of the cloud
 * for a period (docs/reports.md), as Markdown for people or as the API's JSON.
 */
export function registerReportCommand(program: Command, io: CliIo): void {
  program
    .command('report')
    .description(
      'how a project’s software ran in production over a period, with findings and suggestions; --cloud: the cloud’s report (public)',
    )
    .argument('[project]', 'the project (omit with --cloud)')
    .option(
      '--cloud',
      'the cloud’s report: top consumers, idle quota, incidents, lead time, projects at risk',
    )
    .option(
      '--from <date>',
      'start: a date (its midnight UTC) or an ISO 8601 time; default 30 days before --to',
    )
    .option('--to <date>', 'end, excluded: a date or an ISO 8601 time; default today, midnight UTC')
    .addOption(
      new Option('--format <format>', 'md (Markdown, the default) or json').choices([
        'md',
        'json',
      ] as const),
    )
    .addOption(
      new Option(
        '--monthly-message <on|off>',
        'turn the monthly report message to the team on or off (a member of the team), instead of printing the report',
      ).choices(['on', 'off'] as const),
    )
    .action(async (project, flags) => {
      const { api, asJson } = clientOf(program, io);
      if (!project === !flags.cloud)
        throw new OpfError(
          'OPF_ERR_VALIDATION',
          'name a project, or give --cloud for the cloud’s report',
        );
      if (flags.monthlyMessage) {
        if (!project)
          throw new OpfError(
            'OPF_ERR_VALIDATION',
            '--monthly-message is a project’s setting: name the project',
          );
        const settings = await api.put<{ monthlyMessage: boolean }>(
          `/api/v1/projects/${encodeURIComponent(project)}/report-settings`,
          { monthlyMessage: flags.monthlyMessage === 'on' },
        );
        return io.out(
          asJson
            ? json(settings)
            : `${project}: the monthly report message is ${settings.monthlyMessage ? 'on' : 'off'}`,
        );
      }
      const format = asJson ? 'json' : (flags.format ?? 'md');
      const query = new URLSearchParams();
      if (flags.from) query.set('from', flags.from);
      if (flags.to) query.set('to', flags.to);
      const path = flags.cloud
        ? '/api/v1/report'
        : `/api/v1/projects/${encodeURIComponent(project!)}/report`;
      const suffix = query.size ? `?${query}` : '';
      if (format === 'json') return io.out(json(await api.get(`${path}${suffix}`)));
      io.out((await api.download(`${path}.md${suffix}`)).toString('utf8'));
    });
}
