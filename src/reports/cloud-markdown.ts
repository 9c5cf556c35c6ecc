import type { CloudReport } from './cloud-model.ts';
import { formatBytes, formatCpu, formatHours } from './figures.ts';
import { minute, orDash, table } from './markdown-table.ts';

/** The demo's sample data is never passed off as harvested usage. */
const labelled = (entry: { project: string; sample: boolean }) =>
  entry.sample ? `${entry.project} (sample data)` : entry.project;

/** The cloud's report as Markdown: what the coordination meeting's agenda links to. */
export function renderCloudReportMarkdown(report: CloudReport): string {
  const { coverage } = report;
  const lines = [
    `# The cloud from ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}`,
    '',
    `Period ${minute(report.from)} to ${minute(report.to)} (${coverage.hours} hours). ` +
      `Telemetry covers ${coverage.hours - coverage.missingHours} of them on every cluster; ${coverage.missingHours} missing somewhere.${granularity(report)}`,
    '',
    ...table(
      ['cluster', 'hours', 'missing', 'days hourly', 'days from rollups'],
      report.clusters.map((c) => [
        c.cluster,
        String(c.hours),
        String(c.missingHours),
        String(c.hourlyDays),
        String(c.dailyDays),
      ]),
    ),
    ...gapLines(report),
    '',
    '## Top consumers',
    '',
  ];
  if (report.topConsumers.length === 0) lines.push('No project usage was harvested.');
  else
    lines.push(
      ...table(
        [
          'project',
          'namespaces',
          'CPU p95',
          'peak CPU',
          'CPU limit',
          'peak memory',
          'memory limit',
        ],
        report.topConsumers.map((c) => [
          labelled(c),
          String(c.namespaces),
          orDash(c.cpuP95, formatCpu),
          formatCpu(c.cpuMax),
          orDash(c.cpuLimit, formatCpu),
          formatBytes(c.memoryMax),
          orDash(c.memoryLimit, formatBytes),
        ]),
      ),
    );
  lines.push(
    '',
    '## Idle quota',
    '',
    `Granted and not used (limit − CPU p95, limit − peak memory): ${formatCpu(report.idleQuota.cpu)} and ${formatBytes(report.idleQuota.memory)}.`,
  );
  if (report.idleQuota.namespaces.length)
    lines.push(
      '',
      ...table(
        ['project', 'namespace', 'cluster', 'idle CPU', 'of', 'idle memory', 'of'],
        report.idleQuota.namespaces.map((n) => [
          labelled(n),
          n.namespace,
          n.cluster,
          n.cpuBasis === 'peak' ? `${formatCpu(n.idleCpu)} (from the peak)` : formatCpu(n.idleCpu),
          formatCpu(n.cpuLimit),
          formatBytes(n.idleMemory),
          formatBytes(n.memoryLimit),
        ]),
      ),
    );
  lines.push('', '## Incidents per cluster', '');
  if (report.incidentsPerCluster.length === 0) lines.push('No incident in the period.');
  else
    lines.push(
      ...table(
        ['cluster', 'incidents', 'critical', 'major', 'minor', 'time open'],
        report.incidentsPerCluster.map((c) => [
          c.cluster,
          String(c.incidents),
          String(c.critical),
          String(c.major),
          String(c.minor),
          formatHours(c.hours),
        ]),
      ),
    );
  const lead = report.onboarding.leadTimeDays;
  lines.push(
    '',
    '## Onboarding',
    '',
    report.onboarding.activated === 0
      ? 'No request became active in the period.'
      : `${report.onboarding.activated} request${report.onboarding.activated === 1 ? '' : 's'} became active; from request to active took ${lead.p50} days (median), ${lead.p95} (p95), ${lead.max} at most.`,
    '',
    '## Projects at risk',
    '',
  );
  if (report.projectsAtRisk.length === 0) lines.push('None.');
  for (const p of report.projectsAtRisk)
    lines.push(`- ${p.project} (${p.status}): ${p.reasons.join(' ') || 'no reason recorded'}`);
  lines.push('');
  return lines.join('\n');
}

/** Said only when some days come from the daily rollups, in the project report's words. */
function granularity(report: CloudReport): string {
  const { hourlyDays, dailyDays } = report.granularity;
  if (dailyDays === 0) return '';
  return ` Granularity: hourly rows for ${hourlyDays} days, daily rollups for ${dailyDays} days (older than the hourly retention); CPU p95 is over the hourly rows only, peaks and limits over both.`;
}

/** Gaps listed in the Markdown; the JSON has them all. */
const GAPS_LISTED = 20;

/** The gaps, so that a reader sees where the figures stop rather than an average over it. */
function gapLines(report: CloudReport): string[] {
  const { gaps } = report.coverage;
  if (gaps.length === 0) return [];
  const more = gaps.length - GAPS_LISTED;
  return [
    '',
    'Gaps in the harvest (left out of every figure):',
    '',
    ...gaps
      .slice(0, GAPS_LISTED)
      .map((g) => `- ${g.cluster}: ${minute(g.from)} to ${minute(g.to)} (${g.hours} h)`),
    ...(more > 0 ? [`- and ${more} more (the JSON form lists every gap)`] : []),
  ];
}
