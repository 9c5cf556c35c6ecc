import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { OpfError } from '../../core/index.ts';
import type { IncidentDetailView, IncidentView } from '../../incidents/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { myProjectAmong } from './my-project.ts';
import { clientOf } from './request.ts';

const list = (value: string, previous: string[] = []) => [
  ...previous,
  ...value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean),
];

function readMarkdown(io: CliIo, path: string): string {
  try {
    return readFileSync(resolve(io.cwd, path), 'utf8');
  } catch (error) {
    throw new OpfError(
      'OPF_ERR_FILE_UNREADABLE',
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
}

function summary(i: IncidentView): string {
  return `incident ${i.id} (${i.status}, ${i.severity}): ${i.title}\n${i.link}`;
}

function render(i: IncidentDetailView): string {
  const lines = [
    `${i.title}`,
    `incident ${i.id}: ${i.status}, ${i.severity}, from ${i.source}`,
    `started ${i.startedAt}${i.resolvedAt ? `, resolved ${i.resolvedAt}` : ''}`,
    ...(i.clusters.length > 0 ? [`clusters: ${i.clusters.join(', ')}`] : []),
    ...(i.projects.length > 0 ? [`projects: ${i.projects.join(', ')}`] : []),
    ...(i.namespaces.length > 0 ? [`namespaces: ${i.namespaces.join(', ')}`] : []),
    ...(i.githubIssue ? [`GitHub issue: ${i.githubIssue}`] : []),
    ...i.acknowledgements.map(
      (a) =>
        `answered for ${a.project}: ${a.acknowledgedAt ? `${a.acknowledgedAt} by ${a.acknowledgedBy}` : 'not yet'}`,
    ),
    i.link,
    '',
  ];
  if (i.alerts.length > 0)
    lines.push(
      table(
        ['ALERT', 'NAMESPACE', 'STATE', 'SINCE', 'UNTIL'],
        i.alerts.map((a) => [
          a.alertname,
          a.namespace ?? '-',
          a.status,
          a.startsAt,
          a.endsAt ?? '-',
        ]),
      ),
      '',
    );
  lines.push(
    table(
      ['AT', 'WHAT', 'BY', 'TEXT'],
      i.timeline.map((e) => [e.at, e.kind, e.author, e.body.split('\n')[0] ?? '']),
    ),
  );
  if (i.postmortem) lines.push('', 'Post-mortem:', '', i.postmortem);
  return lines.join('\n');
}

/** `opf incidents …`: the status page's incidents (everyone reads; ops declare and update). */
export function registerIncidentCommands(program: Command, io: CliIo): void {
  const incidents = program
    .command('incidents')
    .description('incidents: from alerts, or declared by ops; the status page’s record');

  incidents
    .command('list')
    .description('newest first')
    .option('--status <status>', 'open or resolved')
    .option('--project <name>', 'only those touching this project')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const query = new URLSearchParams();
      if (flags.status) query.set('status', flags.status);
      if (flags.project) query.set('project', flags.project);
      const { items } = await api.get<{ items: IncidentView[] }>(
        `/api/v1/incidents${query.size > 0 ? `?${query}` : ''}`,
      );
      if (asJson) return io.out(json(items));
      io.out(
        table(
          ['ID', 'STATUS', 'SEVERITY', 'STARTED', 'PROJECTS', 'TITLE'],
          items.map((i) => [
            String(i.id),
            i.status,
            i.severity,
            i.startedAt,
            i.projects.join(',') || '-',
            i.title,
          ]),
        ),
      );
    });

  incidents
    .command('show')
    .argument('<id>')
    .description('one incident: alerts, timeline, post-mortem')
    .action(async (id) => {
      const { api, asJson } = clientOf(program, io);
      const incident = await api.get<IncidentDetailView>(
        `/api/v1/incidents/${encodeURIComponent(id)}`,
      );
      io.out(asJson ? json(incident) : render(incident));
    });

  incidents
    .command('open')
    .description('declare an incident (ops): announced to the channels and the affected teams')
    .requiredOption('--title <text>', 'one line')
    .requiredOption('--severity <level>', 'critical, major or minor')
    .requiredOption('--body <text>', 'what is known now')
    .option('--cluster <id>', 'an affected cluster, env/name (repeat or comma-separate)', list)
    .option('--project <name>', 'an affected project (repeat or comma-separate)', list)
    .option('--no-announce', 'record it without announcing')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const created = await api.post<IncidentDetailView>('/api/v1/incidents', {
        title: flags.title,
        severity: flags.severity,
        body: flags.body,
        clusters: flags.cluster ?? [],
        projects: flags.project ?? [],
        announce: flags.announce,
      });
      io.out(asJson ? json(created) : summary(created));
    });

  incidents
    .command('update')
    .argument('<id>')
    .description('post an update (ops), announced unless --no-announce')
    .requiredOption('--body <text>', 'what changed')
    .option('--severity <level>', 'critical, major or minor')
    .option('--no-announce', 'record it without announcing')
    .action(async (id, flags) => {
      const { api, asJson } = clientOf(program, io);
      const updated = await api.post<IncidentDetailView>(
        `/api/v1/incidents/${encodeURIComponent(id)}/updates`,
        {
          body: flags.body,
          announce: flags.announce,
          ...(flags.severity && { severity: flags.severity }),
        },
      );
      io.out(asJson ? json(updated) : summary(updated));
    });

  incidents
    .command('resolve')
    .argument('<id>')
    .description('resolve a declared incident (ops)')
    .requiredOption('--body <text>', 'how it ended')
    .option('--postmortem <file>', 'attach this Markdown file as the post-mortem')
    .option('--no-announce', 'record it without announcing')
    .action(async (id, flags) => {
      const { api, asJson } = clientOf(program, io);
      const markdown = flags.postmortem ? readMarkdown(io, flags.postmortem) : undefined;
      let incident = await api.post<IncidentDetailView>(
        `/api/v1/incidents/${encodeURIComponent(id)}/resolve`,
        { body: flags.body, announce: flags.announce },
      );
      if (markdown !== undefined)
        incident = await api.put<IncidentDetailView>(
          `/api/v1/incidents/${encodeURIComponent(id)}/postmortem`,
          { markdown },
        );
      io.out(asJson ? json(incident) : summary(incident));
    });

  incidents
    .command('ack')
    .argument('<id>')
    .description(
      'acknowledge an incident for your project: your team knows and answers (its first answer is its response time)',
    )
    .option('--project <name>', 'the project you answer for (default: the one of yours it touches)')
    .option('-m, --message <text>', 'a word for the timeline (what the team does about it)')
    .action(async (id, flags) => {
      const { api, asJson } = clientOf(program, io);
      const incident = await api.get<IncidentDetailView>(
        `/api/v1/incidents/${encodeURIComponent(id)}`,
      );
      const project =
        flags.project ??
        (await myProjectAmong(
          api,
          incident.acknowledgements.filter((a) => !a.acknowledgedAt).map((a) => a.project),
          {
            none: `incident ${incident.id} waits for no project`,
            several: `incident ${incident.id} waits for several of your projects`,
          },
        ));
      const after = await api.post<IncidentDetailView>(
        `/api/v1/projects/${encodeURIComponent(project)}/incidents/${encodeURIComponent(id)}/acknowledge`,
        flags.message ? { message: flags.message } : {},
      );
      const answer = after.acknowledgements.find((a) => a.project === project);
      io.out(
        asJson
          ? json(after)
          : `incident ${after.id}: acknowledged for ${project} by ${answer?.acknowledgedBy} at ${answer?.acknowledgedAt}`,
      );
    });

  incidents
    .command('postmortem')
    .argument('<id>')
    .argument('<file>', 'Markdown')
    .description('attach or revise the post-mortem (ops)')
    .action(async (id, file) => {
      const { api, asJson } = clientOf(program, io);
      const incident = await api.put<IncidentDetailView>(
        `/api/v1/incidents/${encodeURIComponent(id)}/postmortem`,
        { markdown: readMarkdown(io, file) },
      );
      io.out(asJson ? json(incident) : summary(incident));
    });
}
