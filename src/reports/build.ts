import { HOUR_MS, hoursOf, percentile, runsOf } from './figures.ts';
import {
  coverageFindings,
  incidentFindings,
  namespaceFindings,
  noticeFindings,
  sortFindings,
} from './findings.ts';
import type {
  Coverage,
  IncidentEntry,
  NamespaceReport,
  NoticeEntry,
  ProjectReport,
  ReportSnapshot,
  SnapshotIncident,
  SnapshotNotice,
} from './model.ts';
import { namespaceReport } from './namespace.ts';

/** What the harvest could not tell for some hours, said rather than guessed. */
function notMeasured(namespaces: NamespaceReport[]): string[] {
  const unmeasured = namespaces.reduce(
    (n, ns) => n + ns.days.reduce((rows, d) => rows + d.hours, 0) - ns.podsNeverReady.measuredHours,
    0,
  );
  return unmeasured > 0
    ? [
        `Pods that never became ready, in ${unmeasured} of the namespace-hours harvested: harvested before opf read readiness (pods_never_ready), or its query returned nothing.`,
      ]
    : [];
}

const iso = (text: string) => new Date(text).toISOString();
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * A project's report from a snapshot. Pure and deterministic: every list is sorted, every
 * figure rounded the same way, and no clock is read (an open incident lasts to the period's
 * end), so the same snapshot gives the same JSON and Markdown byte for byte.
 */
export function buildProjectReport(input: ReportSnapshot): ProjectReport {
  const snapshot: ReportSnapshot = { ...input, from: iso(input.from), to: iso(input.to) };
  const harvested = new Map(
    snapshot.harvested.map((c) => [c.cluster, new Set(c.hours.map(iso))] as const),
  );
  const namespaces = [...snapshot.namespaces]
    .map((ns) => ({ ...ns, hours: ns.hours.map((h) => ({ ...h, hour: iso(h.hour) })) }))
    .sort((a, b) => byText(a.cluster, b.cluster) || byText(a.namespace, b.namespace))
    .map((ns) => namespaceReport(snapshot, ns, harvested.get(ns.cluster) ?? new Set()));
  const clusters = [...new Set(namespaces.map((ns) => ns.cluster))].sort(byText);
  const coverage = coverageOf(
    snapshot,
    clusters,
    harvested,
    rollupHours(
      namespaces.map((ns) => ({
        cluster: ns.cluster,
        days: ns.days.filter((d) => d.source === 'daily'),
      })),
    ),
  );
  const incidents = incidentsOf(snapshot);
  const notices = noticesOf(snapshot);
  const acknowledged = notices.flatMap((n) =>
    n.hoursToAcknowledge === null ? [] : [n.hoursToAcknowledge],
  );
  const median = percentile(acknowledged, 0.5);
  const tierOrder = snapshot.tiers.map((t) => t.name);
  return {
    project: snapshot.project,
    sample: snapshot.sample,
    from: snapshot.from,
    to: snapshot.to,
    coverage,
    namespaces,
    incidents,
    notices,
    noticeAcknowledgementHours: median,
    findings: sortFindings([
      ...coverageFindings(coverage),
      ...namespaces.flatMap((ns) => namespaceFindings(ns, tierOrder)),
      ...incidentFindings(incidents),
      ...noticeFindings(snapshot.project, notices, median),
    ]),
    notMeasured: notMeasured(namespaces),
  };
}

/**
 * Per cluster, the days read from daily rollups and the hours they were made from (the most
 * of any namespace there): a day older than the hourly retention has no hour record left.
 * The project's and the cloud's reports both count coverage from it.
 */
export function rollupHours(
  namespaces: readonly { cluster: string; days: readonly { day: string; hours: number }[] }[],
): Map<string, Map<string, number>> {
  const out = new Map<string, Map<string, number>>();
  for (const ns of namespaces)
    for (const d of ns.days) {
      const days = out.get(ns.cluster) ?? new Map<string, number>();
      days.set(d.day, Math.max(days.get(d.day) ?? 0, d.hours));
      out.set(ns.cluster, days);
    }
  return out;
}

/**
 * An hour is missing when any of the project's clusters was not harvested in it. A day read
 * from a daily rollup counts the hours its rollup was made from; which of its hours were
 * missing is not known there, so its gap is the whole day with that many hours.
 */
export function coverageOf(
  snapshot: { from: string; to: string },
  clusters: string[],
  harvested: Map<string, Set<string>>,
  rollups: Map<string, Map<string, number>> = new Map(),
): Coverage {
  const all = hoursOf(snapshot.from, snapshot.to);
  const missing = new Set<string>();
  const gaps: Coverage['gaps'] = [];
  const shortDays = new Map<string, number>();
  for (const cluster of clusters) {
    const done = harvested.get(cluster) ?? new Set<string>();
    const daily = rollups.get(cluster) ?? new Map<string, number>();
    const absent = all.filter((hour) => !done.has(hour) && !daily.has(hour.slice(0, 10)));
    for (const hour of absent) missing.add(hour);
    for (const run of runsOf(absent)) gaps.push({ cluster, ...run });
    for (const [day, hours] of daily) {
      if (hours >= 24) continue;
      const to = new Date(Date.parse(day) + 24 * HOUR_MS).toISOString();
      gaps.push({ cluster, from: `${day}T00:00:00.000Z`, to, hours: 24 - hours });
      shortDays.set(day, Math.max(shortDays.get(day) ?? 0, 24 - hours));
    }
  }
  // The union over clusters: on a rollup day, at least its shortest cluster's missing hours.
  let missingHours = missing.size;
  for (const [day, short] of shortDays) {
    const hourly = [...missing].filter((hour) => hour.startsWith(day)).length;
    missingHours += Math.max(0, short - hourly);
  }
  gaps.sort((a, b) => byText(a.cluster, b.cluster) || byText(a.from, b.from));
  return { hours: all.length, missingHours, gaps };
}

const roundHours = (ms: number) => Math.round((ms / HOUR_MS) * 100) / 100;

export function incidentsOf(
  snapshot: Pick<ReportSnapshot, 'from' | 'to' | 'incidents'>,
): IncidentEntry[] {
  return snapshot.incidents
    .filter(
      (i: SnapshotIncident) =>
        iso(i.startedAt) < snapshot.to &&
        (i.resolvedAt === null || iso(i.resolvedAt) >= snapshot.from),
    )
    .map((i) => {
      const startedAt = iso(i.startedAt);
      // Resolved after the period: as of the period's end it was still open.
      const resolvedAt =
        i.resolvedAt && iso(i.resolvedAt) <= snapshot.to ? iso(i.resolvedAt) : null;
      return {
        id: i.id,
        title: i.title,
        severity: i.severity,
        clusters: [...i.clusters].sort(byText),
        startedAt,
        resolvedAt,
        durationHours: roundHours(Date.parse(resolvedAt ?? snapshot.to) - Date.parse(startedAt)),
        alerts: [...new Set(i.alerts)].sort(byText),
      };
    })
    .sort((a, b) => byText(a.startedAt, b.startedAt) || a.id - b.id);
}

function noticesOf(snapshot: ReportSnapshot): NoticeEntry[] {
  return snapshot.notices
    .filter(
      (n: SnapshotNotice) => iso(n.postedAt) >= snapshot.from && iso(n.postedAt) < snapshot.to,
    )
    .map((n) => {
      const acked =
        n.acknowledgedAt && iso(n.acknowledgedAt) < snapshot.to ? iso(n.acknowledgedAt) : null;
      const respondBy = iso(n.respondBy);
      const closedBefore = n.closedAt !== null && iso(n.closedAt) <= respondBy;
      return {
        id: n.id,
        title: n.title,
        postedAt: iso(n.postedAt),
        respondBy,
        acknowledgedAt: acked,
        hoursToAcknowledge: acked ? roundHours(Date.parse(acked) - Date.parse(n.postedAt)) : null,
        overdue: respondBy < snapshot.to && !closedBefore && (acked === null || acked > respondBy),
      };
    })
    .sort((a, b) => byText(a.postedAt, b.postedAt) || a.id - b.id);
}
