import { type Command, Option } from '@commander-js/extra-typings';
import { OpfError, type RequestView, type TeamConsentView } from '../../core/index.ts';
import type { ApiClient } from '../api-client.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';

/** One line on a request's consent, for `opf request show`. */
export function renderConsent(consent: TeamConsentView): string {
  const joining = consent.joining.length ? `; joining: ${consent.joining.join(', ')}` : '';
  const head = `consent:    team ${consent.team} is ${consent.owner}'s (asked by ${consent.askedBy}${joining}): `;
  switch (consent.state) {
    case 'pending':
      return `${head}waiting for the team owner's consent (notice: ${consent.notice}); ${consent.owner} or ops answer with: opf request consent ${consent.requestId} --approve | --refuse -r WHY`;
    case 'given':
      return `${head}given by ${consent.decidedBy}`;
    case 'refused':
      return `${head}refused by ${consent.decidedBy}: ${consent.reason ?? ''}`;
    case 'superseded':
      return `${head}no longer needed (${consent.reason ?? 'superseded'})`;
  }
}

/**
 * The team owner's side of a request that names their team: see what is asked of them, and
 * answer it. Ops may answer for an owner too.
 */
export function registerConsentCommands(
  request: Command,
  clientOf: () => { api: ApiClient; asJson: boolean },
  io: CliIo,
): void {
  request
    .command('consent')
    .description(
      "as a team's owner (or ops): consent to a request that names your team, or refuse it (ends the request)",
    )
    .argument('<id>', 'request id')
    .addOption(new Option('--approve', 'consent: the request may go on to approval'))
    .addOption(new Option('--refuse', 'refuse: the request ends (needs --reason)'))
    .option('-r, --reason <text>', 'why (required with --refuse)')
    .option('--version <n>', 'fail if the request changed since this version')
    .action(async (id, flags) => {
      if (flags.approve === flags.refuse)
        throw new OpfError('OPF_ERR_VALIDATION', 'give exactly one of --approve or --refuse', [
          { path: flags.approve ? '--refuse' : '--approve', message: 'choose one' },
        ]);
      const { api, asJson } = clientOf();
      const outcome = await api.post<{ consent: TeamConsentView; request: RequestView }>(
        `/api/v1/requests/${encodeURIComponent(id)}/consent`,
        {
          decision: flags.approve ? 'give' : 'refuse',
          ...(flags.reason !== undefined && { reason: flags.reason }),
          ...(flags.version !== undefined && { version: Number(flags.version) }),
        },
      );
      if (asJson) return io.out(json(outcome));
      const { consent, request: after } = outcome;
      io.out(
        consent.state === 'given'
          ? `request ${after.id}: consent given for team ${consent.team}; it may now be approved (${after.state})`
          : `request ${after.id}: consent refused for team ${consent.team}; the request is ${after.state}`,
      );
    });

  request
    .command('consents')
    .description('consents asked of team owners (yours with --mine); pending ones unless --all')
    .option('--mine', 'only those asked of you (the signed-in user)')
    .option('--owner <login>', 'only those asked of this owner')
    .option('--all', 'every state, not only pending')
    .action(async (flags) => {
      const { api, asJson } = clientOf();
      const query = new URLSearchParams({ limit: '200' });
      if (!flags.all) query.set('state', 'pending');
      const owner = flags.mine
        ? (await api.get<{ login: string }>('/api/v1/me')).login
        : flags.owner;
      if (owner) query.set('owner', owner);
      const page = await api.get<{ items: TeamConsentView[]; total: number }>(
        `/api/v1/consents?${query}`,
      );
      if (asJson) return io.out(json(page));
      if (page.items.length === 0)
        return io.out(flags.all ? 'no consents' : 'no consent is waiting for an answer');
      io.out(
        table(
          ['REQUEST', 'PROJECT', 'TEAM', 'OWNER', 'ASKED BY', 'JOINING', 'STATE'],
          page.items.map((c) => [
            String(c.requestId),
            c.projectName,
            c.team,
            c.owner,
            c.askedBy,
            c.joining.join(',') || '-',
            c.state,
          ]),
        ),
      );
    });
}
