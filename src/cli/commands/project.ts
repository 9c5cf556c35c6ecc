import type { Command } from '@commander-js/extra-typings';
import type { MemberChangeView, ProjectMembersView } from '../../core/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

/** `opf project members list|add|remove`: an onboarded project's team, changed by its owner. */
export function registerProjectCommands(program: Command, io: CliIo): void {
  const project = program.command('project').description('onboarded projects');
  project
    .command('install-operator')
    .description(
      'ops: install an operator into one of a project’s namespaces (opfcli install-operator)',
    )
    .argument('<project>')
    .argument('<operator>', 'the operator package name')
    .argument('<catalog>', 'the catalog source in openshift-marketplace')
    .requiredOption('-n, --namespace <ns>', 'one of the project’s namespaces')
    .option('-c, --channel <channel>', 'the subscription channel')
    .option('-m, --manual', 'installPlanApproval: Manual')
    .option('--all-namespaces', 'an OperatorGroup for all namespaces (default: this one only)')
    .action(async (name, operator, catalog, flags) => {
      const { api, asJson } = clientOf(program, io);
      const done = await api.post<{
        summary: string;
        alreadyDone: boolean;
        commit: string | null;
        pullRequestUrl: string | null;
      }>(`/api/v1/projects/${encodeURIComponent(name)}/operators`, {
        operator,
        catalog,
        namespace: flags.namespace,
        ...(flags.channel !== undefined && { channel: flags.channel }),
        manual: flags.manual === true,
        singleNamespace: flags.allNamespaces !== true,
      });
      io.out(
        asJson
          ? json(done)
          : `${done.alreadyDone ? 'already in place' : 'delivered'}: ${done.summary}${done.pullRequestUrl ? ` (${done.pullRequestUrl})` : done.commit ? ` (${done.commit.slice(0, 12)})` : ''}`,
      );
    });

  const members = project
    .command('members')
    .description('a project team’s members; its owner (or ops) adds and removes them');

  members
    .command('list')
    .description('the owner, the members and recent member changes (public)')
    .argument('<project>', 'project name')
    .action(async (name) => {
      const { api, asJson } = clientOf(program, io);
      const view = await api.get<ProjectMembersView>(membersPath(name));
      io.out(asJson ? json(view) : renderMembers(view));
    });

  members
    .command('add')
    .description('add a member: the team’s group file is changed through the GitOps repository')
    .argument('<project>', 'project name')
    .argument('<login>', 'the user’s login')
    .action(async (name, login) => {
      const { api, asJson } = clientOf(program, io);
      const change = await api.post<MemberChangeView>(membersPath(name), { login });
      io.out(asJson ? json(change) : renderChange(change));
    });

  members
    .command('remove')
    .description('remove a member (not the owner, not the last one)')
    .argument('<project>', 'project name')
    .argument('<login>', 'the user’s login')
    .action(async (name, login) => {
      const { api, asJson } = clientOf(program, io);
      const change = await api.delete<MemberChangeView>(
        `${membersPath(name)}/${encodeURIComponent(login)}`,
      );
      io.out(asJson ? json(change) : renderChange(change));
    });
}

function membersPath(project: string): string {
  return `/api/v1/projects/${encodeURIComponent(project)}/members`;
}

function renderChange(change: MemberChangeView): string {
  const verb = change.action === 'add' ? 'add' : 'remove';
  return `member change ${change.id}: ${verb} ${change.login} in team ${change.team}: ${change.state} (a job writes the group file)`;
}

function renderMembers(view: ProjectMembersView): string {
  const owner = view.owner.toLowerCase();
  const rows = view.members.map((login) => [login, login.toLowerCase() === owner ? 'owner' : '']);
  if (!view.members.some((login) => login.toLowerCase() === owner))
    rows.unshift([view.owner, 'owner']);
  const lines = [`project ${view.project}, team ${view.team}`, table(['LOGIN', 'ROLE'], rows)];
  if (view.changes.length)
    lines.push(
      '',
      table(
        ['CHANGE', 'ACTION', 'LOGIN', 'STATE', 'BY', 'AT'],
        view.changes.map((c) => [
          String(c.id),
          c.action,
          c.login,
          c.state,
          c.requestedBy,
          c.requestedAt.slice(0, 16).replace('T', ' '),
        ]),
      ),
    );
  return lines.join('\n');
}
