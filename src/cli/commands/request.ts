import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { OpfError, type RequestView, type TermsVersion } from '../../core/index.ts';
import type { HistoryPage, RequestDetail } from '../../onboarding/index.ts';
import type { PlanPreview } from '../../provisioning/index.ts';
import { ApiClient } from '../api-client.ts';
import { storedToken } from '../credentials.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { type ProposalView, registerOffboardingCommands } from './offboarding.ts';
import { registerConsentCommands, renderConsent } from './request-consent.ts';
import { nextCommands } from './request-next.ts';

interface GlobalOptions {
  server?: string;
  token?: string;
  json?: boolean;
}

export function serverOf(program: Command, io: CliIo): string {
  const options = program.opts() as GlobalOptions;
  return options.server ?? io.env.OPF_SERVER ?? 'http://127.0.0.1:8080';
}

export function clientOf(program: Command, io: CliIo): { api: ApiClient; asJson: boolean } {
  const options = program.opts() as GlobalOptions;
  const server = serverOf(program, io);
  return {
    api: new ApiClient({
      server,
      // The token `opf login` stored for this server, when none is given.
      token: options.token ?? io.env.OPF_TOKEN ?? storedToken(io.env, server),
    }),
    asJson: options.json === true,
  };
}

export function registerRequestCommands(program: Command, io: CliIo): void {
  const request = program
    .command('request')
    .description('onboarding requests: submit, follow, review');

  request
    .command('submit')
    .description('submit a request from a file (opf format or opfcli onboard format)')
    .requiredOption('-f, --file <file>', 'request file (YAML or JSON)')
    .option(
      '--accept-terms',
      'accept every current term (printed first) when the file carries no acceptance',
    )
    .option('--draft', 'save as a draft instead of submitting')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const spec = await readRequestFile(api, io, flags.file, flags.acceptTerms === true);
      const created = await api.post<RequestView>(
        `/api/v1/requests${flags.draft ? '?draft=true' : ''}`,
        spec,
      );
      io.out(
        asJson
          ? json(created)
          : `request ${created.id} for project ${created.projectName}: ${created.state}`,
      );
    });

  request
    .command('update')
    .description(
      'replace what a request asks for (while a draft, submitted, or when changes were requested)',
    )
    .argument('<id>', 'request id')
    .requiredOption('-f, --file <file>', 'request file (YAML or JSON)')
    .option('--version <n>', 'fail if the request changed since this version')
    .option('--accept-terms', 'accept every current term when the file carries no acceptance')
    .action(async (id, flags) => {
      const { api, asJson } = clientOf(program, io);
      const spec = await readRequestFile(
        api,
        io,
        flags.file,
        flags.acceptTerms === true,
        // An edit of a file without terms keeps the request's acceptance while it is current.
        () => currentAcceptanceOf(api, id),
      );
      const headers: Record<string, string> = flags.version
        ? { 'if-match': `"${flags.version}"` }
        : {};
      const after = await api.put<RequestView>(
        `/api/v1/requests/${encodeURIComponent(id)}`,
        spec,
        headers,
      );
      io.out(
        asJson ? json(after) : `request ${after.id}: ${after.state} (version ${after.version})`,
      );
    });

  request
    .command('list')
    .description('list requests (public)')
    .option('--state <state...>', 'only these states')
    .option('--project <name>', 'only this project')
    .option('--cluster <env/name>', 'only requests with a namespace on this cluster')
    .option('--search <text>', 'part of the project name, display name or team name')
    .option('--order <order>', 'newest, oldest or name', 'newest')
    .option('--limit <n>', 'how many', '50')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const query = new URLSearchParams({ limit: flags.limit, order: flags.order });
      for (const state of flags.state ?? []) query.append('state', state);
      if (flags.project) query.set('project', flags.project);
      if (flags.cluster) query.set('cluster', flags.cluster);
      if (flags.search) query.set('q', flags.search);
      const page = await api.get<{ items: RequestView[]; total: number }>(
        `/api/v1/requests?${query}`,
      );
      if (asJson) return io.out(json(page));
      io.out(
        table(
          ['ID', 'PROJECT', 'STATE', 'NAMESPACES', 'UPDATED'],
          page.items.map((r) => [
            String(r.id),
            r.projectName,
            r.state,
            r.spec.namespaces.map((ns) => `${ns.name}@${ns.cluster}`).join(','),
            r.updatedAt.slice(0, 16).replace('T', ' '),
          ]),
        ),
      );
      if (page.total > page.items.length)
        io.out(`(${page.items.length} of ${page.total}; use --limit)`);
    });

  request
    .command('show')
    .description('a request with its history and comments')
    .argument('<id>', 'request id')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const path = `/api/v1/requests/${encodeURIComponent(id)}`;
      const detail = await api.get<RequestDetail>(path);
      // The detail carries the newest events; the CLI shows the whole story.
      let before = detail.history[0]?.id;
      while (before !== undefined && detail.history.length < detail.historyTotal) {
        const page = await api.get<HistoryPage>(`${path}/history?limit=500&before=${before}`);
        detail.history.unshift(...page.items);
        before = page.nextBefore ?? undefined;
      }
      if (detail.termsAcceptances.length < detail.termsAcceptancesTotal)
        detail.termsAcceptances = (
          await api.get<{ items: RequestDetail['termsAcceptances'] }>(`${path}/terms-acceptances`)
        ).items;
      if (asJson) return io.out(json(detail));
      const proposals = await api.get<{ items: ProposalView[] }>(`${path}/offboarding`);
      io.out(
        renderDetail(
          detail,
          proposals.items.find((p) => p.state === 'open'),
        ),
      );
    });

  const actions = [
    ['review', 'start-review', 'start reviewing a submitted request', false],
    ['approve', 'approve', 'approve a request in review', false],
    ['reject', 'reject', 'reject a request (needs --reason)', true],
    ['request-changes', 'request-changes', 'ask the project for changes (needs --reason)', true],
    ['withdraw', 'withdraw', 'withdraw a request', false],
    ['resubmit', 'submit', 'submit a draft or resubmit after changes', false],
  ] as const;
  for (const [name, action, description, reasonRequired] of actions) {
    const command = request
      .command(name)
      .description(description)
      .argument('<id>', 'request id')
      .option('--version <n>', 'fail if the request changed since this version');
    if (action === 'approve')
      command.option(
        '--dry-run',
        'print what approval would write into the GitOps repository, and approve nothing',
      );
    (reasonRequired
      ? command.requiredOption('-r, --reason <text>', 'why')
      : command.option('-r, --reason <text>', 'why')
    ).action(async (id, flags: { reason?: string; version?: string; dryRun?: boolean }) => {
      const { api, asJson } = clientOf(program, io);
      if (flags.dryRun) {
        const preview = await api.get<PlanPreview>(
          `/api/v1/requests/${encodeURIComponent(id)}/plan`,
        );
        return io.out(asJson ? json(preview) : renderPlan(preview));
      }
      const body = {
        ...(flags.reason !== undefined && { reason: flags.reason }),
        ...(flags.version !== undefined && { version: Number(flags.version) }),
      };
      const after = await api.post<RequestView>(
        `/api/v1/requests/${encodeURIComponent(id)}/${action}`,
        body,
      );
      io.out(
        asJson ? json(after) : `request ${after.id}: ${after.state} (version ${after.version})`,
      );
    });
  }

  registerOffboardingCommands(request, () => clientOf(program, io), io);
  registerConsentCommands(request, () => clientOf(program, io), io);

  request
    .command('plan')
    .description(
      'what approving the request would write into the GitOps repository (a unified diff)',
    )
    .argument('<id>', 'request id')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const preview = await api.get<PlanPreview>(`/api/v1/requests/${encodeURIComponent(id)}/plan`);
      io.out(asJson ? json(preview) : renderPlan(preview));
    });

  request
    .command('comment')
    .description('comment on a request')
    .argument('<id>', 'request id')
    .requiredOption('-m, --message <text>', 'the comment')
    .action(async (id, flags) => {
      const { api, asJson } = clientOf(program, io);
      const comment = await api.post<{ id: number }>(
        `/api/v1/requests/${encodeURIComponent(id)}/comments`,
        { body: flags.message },
      );
      io.out(asJson ? json(comment) : `comment ${comment.id} added to request ${id}`);
    });
}

type Acceptance = { version: string; accepted: string[] };

/**
 * The terms the request already accepted, when they are still the current version (then
 * an edit need not accept them again); undefined when they changed since.
 */
async function currentAcceptanceOf(api: ApiClient, id: string): Promise<Acceptance | undefined> {
  const [detail, terms] = await Promise.all([
    api.get<RequestDetail>(`/api/v1/requests/${encodeURIComponent(id)}`),
    api.get<TermsVersion>('/api/v1/terms/current'),
  ]);
  const accepted = detail.request.spec.terms;
  return accepted.version === terms.version ? accepted : undefined;
}

/** Decode a request file locally (errors name keys and lines), adding terms when asked. */
async function readRequestFile(
  api: ApiClient,
  io: CliIo,
  file: string,
  acceptTerms: boolean,
  keptTerms?: () => Promise<Acceptance | undefined>,
) {
  // The request schemas (zod) and the YAML parser load only for the commands that read a file.
  const { decodeRequestInput, looksLikeOpfcliOnboard, parseYamlInput } = await import(
    '../request-decoding.ts'
  );
  const input = parseYamlInput(readText(resolve(io.cwd, file)), file);
  const value = input.value;
  const carriesTerms =
    !looksLikeOpfcliOnboard(value) &&
    typeof value === 'object' &&
    value !== null &&
    'terms' in value;
  // An opfcli file without users: whoever submits it owns the team, as the server decides.
  const submitter = namesNoUsers(value)
    ? (await api.get<{ login: string }>('/api/v1/me')).login
    : undefined;
  let acceptance: Acceptance | undefined;
  if (!carriesTerms && !acceptTerms && keptTerms) acceptance = await keptTerms();
  if (!carriesTerms && acceptTerms) {
    // Check the file first: terms are not shown as accepted for a file that is refused.
    decodeRequestInput(input, file, { version: 'unchecked', accepted: [] }, submitter);
    const terms = await api.get<TermsVersion>('/api/v1/terms/current');
    io.err(renderTerms(terms, 'You accept these terms for this project:'));
    acceptance = { version: terms.version, accepted: terms.items.map((item) => item.id) };
  }
  return decodeRequestInput(input, file, acceptance, submitter);
}

function namesNoUsers(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || !('team_name' in value)) return false;
  const file = value as { users?: unknown; project_owner?: unknown };
  return (
    file.project_owner === undefined && (!Array.isArray(file.users) || file.users.length === 0)
  );
}

function renderPlan(preview: PlanPreview): string {
  const head = `request ${preview.requestId} (version ${preview.requestVersion}) against ${preview.head.slice(0, 12)}`;
  if (preview.problem)
    return `${head}: no change can be planned: ${preview.problem.code}: ${preview.problem.message}`;
  const findings = preview.findings.map((f) => `finding ${f.code} ${f.path}: ${f.message}`);
  return [`${head}: ${preview.files.length} file(s)`, ...findings, preview.diff].join('\n');
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new OpfError(
      'OPF_ERR_FILE_UNREADABLE',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

export function renderTerms(terms: TermsVersion, heading: string): string {
  return [
    heading,
    ...terms.items.map((item) => `  - ${item.title}: ${item.text}`),
    `(terms version ${terms.version})`,
    '',
  ].join('\n');
}

function renderDetail(detail: RequestDetail, proposal: ProposalView | undefined): string {
  const r = detail.request;
  const next = nextCommands(r.id, detail.allowedActions, proposal !== undefined);
  const lines = [
    `request ${r.id}: ${r.spec.project.displayName ?? r.projectName} (${r.projectName})`,
    `state:      ${r.state} (version ${r.version})`,
    ...(proposal
      ? [
          `offboarding: proposed by ${proposal.proposedBy}${proposal.byProject ? ' (the project asks to leave)' : ''}: ${proposal.reason}; ops may decide from ${proposal.noticeEndsAt.slice(0, 10)}`,
        ]
      : []),
    ...(next.length
      ? ['next:', ...next.map((command) => `  ${command}`)]
      : ['next:       nothing (final state)']),
    `team:       ${r.spec.team.name} (owner ${r.spec.team.owner}; members ${r.spec.team.members.join(', ')})`,
    'namespaces:',
    ...r.spec.namespaces.map(
      (ns) =>
        `  ${ns.name} on ${ns.cluster}: ${ns.tier ?? 'custom quota'}${ns.monitoring ? ', monitoring' : ''}${ns.limitRange ? '' : ', no limit range'}`,
    ),
    ...(detail.teamConsent ? [renderConsent(detail.teamConsent)] : []),
    'history:',
    ...detail.history.map(
      (e) =>
        `  ${e.at.slice(0, 19).replace('T', ' ')}  ${e.actor}  ${e.action}${e.reason ? `: ${e.reason}` : ''}`,
    ),
  ];
  for (const d of detail.deliveries)
    lines.push(
      `delivery:   ${d.outcome} ${d.commitSha ? d.commitSha.slice(0, 12) : ''} ${d.pullRequestUrl ?? d.branch ?? ''} ${d.message ?? ''}`.trimEnd(),
    );
  if (detail.comments.length) {
    lines.push('comments:');
    for (const c of detail.comments)
      lines.push(`  ${c.createdAt.slice(0, 19).replace('T', ' ')}  ${c.author}: ${c.body}`);
  }
  return lines.join('\n');
}
