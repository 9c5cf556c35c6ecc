import { formatBytes, formatCpu as formatCores, formatHours, ordinal } from './figures.ts';
import { dash, minute, orDash, table } from './markdown-table.ts';
import type { NamespaceReport, ProjectReport, ResourceFigures } from './model.ts';

/** The report as Markdown: what the monthly message carries and `opf report --format md` prints. */
export function renderProjectReportMarkdown(report: ProjectReport): string {
  const { coverage } = report;
  const lines = [
    `# ${report.project}: how it ran from ${report.from.slice(0, 10)} to ${report.to.slice(0, 10)}`,
    '',
    `Period ${minute(report.from)} to ${minute(report.to)} (${coverage.hours} hours). ` +
      `Telemetry covers ${coverage.hours - coverage.missingHours} of them; ${coverage.missingHours} missing.`,
  ];
  if (report.sample)
    lines.push(
      '',
      'The telemetry of this project is the demo’s sample data, generated at first start, not harvested from a cluster.',
    );
  if (coverage.gaps.length) {
    lines.push('', 'Gaps in the harvest (left out of every figure, never averaged over):', '');
    for (const gap of coverage.gaps)
      lines.push(`- ${gap.cluster}: ${minute(gap.from)} to ${minute(gap.to)} (${gap.hours} h)`);
  }
  lines.push('', '## Findings', '');
  if (report.findings.length === 0) lines.push('Nothing to act on.');
  for (const [i, f] of report.findings.entries()) {
    const where = f.namespace
      ? ` · ${f.namespace} (${f.cluster})`
      : f.cluster
        ? ` · ${f.cluster}`
        : '';
    lines.push(`${i + 1}. **${f.severity}** · ${f.kind}${where}: ${f.message}`);
    if (f.suggestion) lines.push(`   Suggestion: ${f.suggestion}`);
  }
  for (const ns of report.namespaces) lines.push('', ...namespaceSection(ns));
  lines.push('', '## Incidents', '');
  if (report.incidents.length === 0) lines.push('No incident touched the project.');
  else
    lines.push(
      ...table(
        ['#', 'title', 'severity', 'clusters', 'started', 'resolved', 'duration'],
        report.incidents.map((i) => [
          String(i.id),
          i.title,
          i.severity,
          i.clusters.join(', ') || dash,
          minute(i.startedAt),
          i.resolvedAt ? minute(i.resolvedAt) : 'open',
          formatHours(i.durationHours),
        ]),
      ),
    );
  lines.push('', '## Notices', '');
  if (report.notices.length === 0) lines.push('No notice was posted to the project.');
  else
    lines.push(
      ...table(
        ['#', 'title', 'posted', 'respond by', 'acknowledged', 'after'],
        report.notices.map((n) => [
          String(n.id),
          n.title,
          minute(n.postedAt),
          minute(n.respondBy),
          n.acknowledgedAt ? minute(n.acknowledgedAt) : n.overdue ? 'overdue' : 'not yet',
          orDash(n.hoursToAcknowledge, formatHours),
        ]),
      ),
    );
  if (report.notMeasured.length)
    lines.push('', '## Not measured', '', ...report.notMeasured.map((text) => `- ${text}`));
  lines.push('');
  return lines.join('\n');
}

function namespaceSection(ns: NamespaceReport): string[] {
  const resource = (name: string, r: ResourceFigures, format: (v: number) => string) => [
    name,
    orDash(r.p50, format),
    orDash(r.p95, format),
    orDash(r.max, format),
    orDash(r.limit, format),
    String(r.daysLimitReached.length),
  ];
  const lines = [
    `## ${ns.namespace} on ${ns.cluster}${ns.tier ? ` (tier ${ns.tier})` : ''}`,
    '',
    `Coverage: ${ns.coverage.hours - ns.coverage.missingHours} of ${ns.coverage.hours} hours.${granularity(ns)}`,
    '',
    ...table(
      ['', 'p50', 'p95', 'max', 'limit', 'days at the limit'],
      [resource('CPU', ns.cpu, formatCores), resource('memory', ns.memory, formatBytes)],
    ),
    '',
    `- Storage: ${orDash(ns.storage.first, formatBytes)} to ${orDash(ns.storage.last, formatBytes)} (limit ${orDash(ns.storage.limit, formatBytes)}).`,
    `- Restarts: ${ns.restarts.total}${ns.restarts.worstDay ? ` (worst day ${ns.restarts.worstDay.day}: ${ns.restarts.worstDay.count})` : ''}.`,
    `- OOM kills: ${ns.oomKills.total}${ns.oomKills.worstDay ? ` (worst day ${ns.oomKills.worstDay.day}: ${ns.oomKills.worstDay.count})` : ''}.`,
    `- Pods never ready: ${neverReady(ns)}.`,
    `- Hours at a quota's hard limit: ${ns.quotaExhaustedHours}.`,
    `- Right size: ${ns.recommendedTier ?? dash}. ${ns.recommendation.explanation}`,
  ];
  if (ns.peers)
    lines.push(
      `- Among the ${ns.peers.namespaces} namespaces of tier ${ns.peers.tier}: CPU p95 at the ${ordinal(ns.peers.cpuPercentile)} percentile, peak memory at the ${ordinal(ns.peers.memoryPercentile)}.`,
    );
  lines.push(
    '',
    '### By day',
    '',
    ...table(
      [
        'day',
        'hours',
        'missing',
        'CPU max',
        'memory max',
        'storage',
        'restarts',
        'OOM kills',
        'never ready',
      ],
      ns.days.map((d) => [
        d.day,
        String(d.hours),
        String(d.missingHours),
        orDash(d.cpuMax, formatCores),
        orDash(d.memoryMax, formatBytes),
        orDash(d.storageUsed, formatBytes),
        orDash(d.restarts, String),
        orDash(d.oomKills, String),
        orDash(d.podsNeverReady, String),
      ]),
    ),
  );
  return lines;
}

function neverReady(ns: NamespaceReport): string {
  const p = ns.podsNeverReady;
  if (p.measuredHours === 0) return 'not measured';
  if (p.podHours === 0) return `none (measured in ${p.measuredHours} hours)`;
  return `${p.podHours} pod-hours in ${p.hours} hours, at most ${p.peak} at once (worst day ${p.worstDay!.day}: ${p.worstDay!.count})`;
}

/** Said only when some days come from the daily rollups (every day hourly is the usual case). */
function granularity(ns: NamespaceReport): string {
  const { hourlyDays, dailyDays } = ns.granularity;
  if (dailyDays === 0) return '';
  return ` Granularity: hourly rows for ${hourlyDays} days, daily rollups for ${dailyDays} days (older than the hourly retention); p50 and p95 are over the hourly rows only.`;
}
