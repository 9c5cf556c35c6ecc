import type { Command } from '@commander-js/extra-typings';
import type { RequestView } from '../../core/index.ts';
import type { ApiClient } from '../api-client.ts';
import { json } from '../format.ts';
import type { CliIo } from '../io.ts';

/** The fields of an offboarding proposal the CLI prints (GET /api/v1/requests/ID/offboarding). */
export interface ProposalView {
  id: number;
  reason: string;
  proposedBy: string;
  byProject: boolean;
  noticeEndsAt: string;
  state: string;
  meeting: { slug: string; date: string } | null;
}

/**
 * `opf request offboard|start-offboarding|cancel-offboarding|finish-offboarding`, and the
 * admin's `provision` and `activate`: every lifecycle route the API has, from the terminal.
 */
export function registerOffboardingCommands(
  request: Command,
  client: () => { api: ApiClient; asJson: boolean },
  io: CliIo,
): void {
  const path = (id: string, tail: string) => `/api/v1/requests/${encodeURIComponent(id)}/${tail}`;
  const printRequest = (after: RequestView, asJson: boolean) =>
    io.out(asJson ? json(after) : `request ${after.id}: ${after.state} (version ${after.version})`);

  request
    .command('offboard')
    .description(
      'propose offboarding an active project (ops: the project gets the notice period to answer; its team: asking to leave)',
    )
    .argument('<id>', 'request id')
    .requiredOption('-r, --reason <text>', 'why')
    .action(async (id, flags) => {
      const { api, asJson } = client();
      const proposal = await api.post<ProposalView>(path(id, 'offboarding'), {
        reason: flags.reason,
      });
      if (asJson) return io.out(json(proposal));
      io.out(
        `request ${id}: offboarding proposed (proposal ${proposal.id}); ops may decide from ${proposal.noticeEndsAt.slice(0, 16).replace('T', ' ')} UTC with: opf request start-offboarding ${id}`,
      );
      if (proposal.meeting)
        io.out(`on the agenda of ${proposal.meeting.slug} on ${proposal.meeting.date}`);
    });

  request
    .command('start-offboarding')
    .description(
      'decide the offboarding proposal once its notice period is over (ops): opf removes the project from the GitOps repository',
    )
    .argument('<id>', 'request id')
    .option('-r, --reason <text>', 'why (default: the proposal’s reason)')
    .option('--version <n>', 'fail if the request changed since this version')
    .action(async (id, flags) => {
      const { api, asJson } = client();
      const after = await api.post<RequestView>(path(id, 'start-offboarding'), {
        ...(flags.reason !== undefined && { reason: flags.reason }),
        ...(flags.version !== undefined && { version: Number(flags.version) }),
      });
      printRequest(after, asJson);
    });

  request
    .command('cancel-offboarding')
    .description(
      'withdraw the open offboarding proposal (ops), for instance when the project answered',
    )
    .argument('<id>', 'request id')
    .option('-r, --reason <text>', 'why')
    .action(async (id, flags) => {
      const { api, asJson } = client();
      const proposal = await api.post<ProposalView>(
        path(id, 'offboarding/cancel'),
        flags.reason !== undefined ? { reason: flags.reason } : {},
      );
      io.out(
        asJson ? json(proposal) : `request ${id}: offboarding proposal ${proposal.id} withdrawn`,
      );
    });

  const systemActions = [
    ['provision', 'mark the approved change as being written to the GitOps repository (admin)'],
    ['activate', 'mark the change as applied: the project is active (admin)'],
    [
      'finish-offboarding',
      'mark the project as offboarded when its removal was done by hand (admin; opf does it itself once its removal is on the branch)',
    ],
  ] as const;
  for (const [action, description] of systemActions)
    request
      .command(action)
      .description(description)
      .argument('<id>', 'request id')
      .option('-r, --reason <text>', 'why')
      .option('--version <n>', 'fail if the request changed since this version')
      .action(async (id, flags) => {
        const { api, asJson } = client();
        const after = await api.post<RequestView>(path(id, action), {
          ...(flags.reason !== undefined && { reason: flags.reason }),
          ...(flags.version !== undefined && { version: Number(flags.version) }),
        });
        printRequest(after, asJson);
      });
}
