import { coverageOf, incidentsOf } from './build.ts';
import {
  clusterDays,
  clusterRollups,
  granularityOf,
  type MergedNamespace,
  mergeNamespace,
} from './cloud-coverage.ts';
import type { CloudReport, CloudSnapshot } from './cloud-model.ts';
import { bytes, cores, HOUR_MS, maxOf, percentile } from './figures.ts';

/** How many projects and namespaces the lists name: the meeting reads the top of each. */
export const CLOUD_LIST_LIMIT = 10;

const iso = (text: string) => new Date(text).toISOString();
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const days = (ms: number) => Math.round((ms / (24 * HOUR_MS)) * 100) / 100;

/** The cloud's report from a snapshot: pure and deterministic, like a project's. */
export function buildCloudReport(input: CloudSnapshot): CloudReport {
  const from = iso(input.from);
  const to = iso(input.to);
  const harvested = new Map(
    input.harvested.map((c) => [c.cluster, new Set(c.hours.map(iso))] as const),
  );
  const clusterNames = [
    ...new Set([...harvested.keys(), ...input.namespaces.map((n) => n.cluster)]),
  ].sort(byText);
  const namespaces = [...input.namespaces]
    .sort((a, b) => byText(a.cluster, b.cluster) || byText(a.namespace, b.namespace))
    .map((ns) => mergeNamespace({ from, to }, ns));
  const rollups = clusterRollups(namespaces);
  const coverage = coverageOf({ from, to }, clusterNames, harvested, rollups);
  const clusters = clusterNames.map((cluster) => {
    const gaps = coverage.gaps.filter((g) => g.cluster === cluster);
    const days = clusterDays(
      { from, to },
      cluster,
      coverage,
      harvested.get(cluster) ?? new Set(),
      rollups.get(cluster) ?? new Map(),
    );
    return {
      cluster,
      hours: coverage.hours,
      missingHours: sum(gaps.map((g) => g.hours)),
      ...granularityOf([days]),
      days,
    };
  });
  const incidents = incidentsOf({ from, to, incidents: input.incidents });
  const leadTimes = input.activations
    .map((a) => ({
      requestId: a.requestId,
      project: a.project,
      submittedAt: iso(a.submittedAt),
      activatedAt: iso(a.activatedAt),
      days: days(Date.parse(a.activatedAt) - Date.parse(a.submittedAt)),
    }))
    .sort((a, b) => byText(a.activatedAt, b.activatedAt) || a.requestId - b.requestId);
  return {
    from,
    to,
    coverage,
    granularity: granularityOf(clusters.map((c) => c.days)),
    clusters,
    topConsumers: topConsumers(namespaces),
    idleQuota: idleQuota(namespaces),
    incidentsPerCluster: [...new Set(incidents.flatMap((i) => i.clusters))]
      .sort(byText)
      .map((cluster) => {
        const here = incidents.filter((i) => i.clusters.includes(cluster));
        const count = (severity: string) => here.filter((i) => i.severity === severity).length;
        return {
          cluster,
          incidents: here.length,
          critical: count('critical'),
          major: count('major'),
          minor: count('minor'),
          hours: Math.round(sum(here.map((i) => i.durationHours)) * 100) / 100,
        };
      }),
    onboarding: {
      activated: leadTimes.length,
      leadTimeDays: {
        p50: percentile(
          leadTimes.map((l) => l.days),
          0.5,
        ),
        p95: percentile(
          leadTimes.map((l) => l.days),
          0.95,
        ),
        max: maxOf(leadTimes.map((l) => l.days)),
      },
      requests: leadTimes,
    },
    projectsAtRisk: [...input.atRisk]
      .map((r) => ({ ...r, reasons: [...r.reasons] }))
      .sort((a, b) => byText(a.status, b.status) || byText(a.project, b.project)),
  };
}

function topConsumers(namespaces: MergedNamespace[]): CloudReport['topConsumers'] {
  const byProject = new Map<string, MergedNamespace[]>();
  for (const ns of namespaces)
    if (ns.project && ns.cpuMax !== null && ns.memoryMax !== null)
      byProject.set(ns.project, [...(byProject.get(ns.project) ?? []), ns]);
  const limitSum = (values: (number | null)[]) =>
    values.some((v) => v === null) ? null : sum(values as number[]);
  // A p95 over the namespaces with hourly rows; none when no namespace has any in the period.
  const p95Sum = (list: MergedNamespace[]) => {
    const known = list.flatMap((n) => (n.cpuP95 === null ? [] : [n.cpuP95]));
    return known.length ? cores(sum(known)) : null;
  };
  return [...byProject]
    .map(([project, list]) => ({
      project,
      sample: list.some((n) => n.sample),
      namespaces: list.length,
      cpuP95: p95Sum(list),
      cpuMax: cores(sum(list.map((n) => n.cpuMax!)))!,
      memoryMax: bytes(sum(list.map((n) => n.memoryMax!)))!,
      cpuLimit: cores(limitSum(list.map((n) => n.cpuLimit))),
      memoryLimit: bytes(limitSum(list.map((n) => n.memoryLimit))),
    }))
    .sort(
      (a, b) =>
        (b.cpuP95 ?? -1) - (a.cpuP95 ?? -1) ||
        b.cpuMax - a.cpuMax ||
        b.memoryMax - a.memoryMax ||
        byText(a.project, b.project),
    )
    .slice(0, CLOUD_LIST_LIMIT);
}

function idleQuota(namespaces: MergedNamespace[]): CloudReport['idleQuota'] {
  const idle = namespaces.flatMap((ns) =>
    ns.project &&
    (ns.cpuP95 ?? ns.cpuMax) !== null &&
    ns.memoryMax !== null &&
    ns.cpuLimit !== null &&
    ns.memoryLimit !== null
      ? [
          {
            project: ns.project,
            sample: ns.sample,
            namespace: ns.namespace,
            cluster: ns.cluster,
            cpuBasis: ns.cpuP95 === null ? ('peak' as const) : ('p95' as const),
            idleCpu: cores(Math.max(0, ns.cpuLimit - (ns.cpuP95 ?? ns.cpuMax)!))!,
            idleMemory: bytes(Math.max(0, ns.memoryLimit - ns.memoryMax))!,
            cpuLimit: cores(ns.cpuLimit)!,
            memoryLimit: bytes(ns.memoryLimit)!,
          },
        ]
      : [],
  );
  return {
    cpu: cores(sum(idle.map((n) => n.idleCpu)))!,
    memory: bytes(sum(idle.map((n) => n.idleMemory)))!,
    namespaces: idle
      .sort(
        (a, b) =>
          b.idleCpu - a.idleCpu ||
          b.idleMemory - a.idleMemory ||
          byText(a.cluster, b.cluster) ||
          byText(a.namespace, b.namespace),
      )
      .slice(0, CLOUD_LIST_LIMIT),
  };
}
