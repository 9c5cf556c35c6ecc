import { OpfError } from '../core/index.ts';
import { type EngagementContext, engagementOfAll } from '../engagement/index.ts';
import {
  activationsBetween,
  type Db,
  findProject,
  findTelemetrySeries,
  harvestedHours,
  listQuotaTiers,
  reportDays,
  reportHours,
  reportIncidents,
  reportNotices,
  seriesWindowFigures,
} from '../store/index.ts';
import { buildProjectReport } from './build.ts';
import { buildCloudReport } from './cloud.ts';
import type { CloudReport } from './cloud-model.ts';
import { cores } from './figures.ts';
import type { ProjectReport, ReportSnapshot } from './model.ts';

export interface ReportContext {
  db: Db;
  /** The right-sizing margin (docs/telemetry.md, OPF_TELEMETRY_MARGIN_PERCENT). */
  margin: number;
  /** Hours whose terms withhold telemetry count too (ops and admins). */
  includeWithheld: boolean;
}

export type ReportRange = { from: Date; to: Date };

/** What a project's report is built from, read from the store. */
export async function projectSnapshot(
  ctx: ReportContext,
  name: string,
  range: ReportRange,
): Promise<ReportSnapshot> {
  const tx = { tx: ctx.db };
  const project = await findProject(tx, name);
  if (!project) throw new OpfError('OPF_ERR_REPORT_PROJECT_UNKNOWN', `no project is named ${name}`);
  const series = await findTelemetrySeries(tx, { project: name });
  const claimed = project.namespaces.filter(
    (ns) => ns.cluster && !series.some((s) => s.namespace === ns.name && s.cluster === ns.cluster),
  );
  const clusters = [
    ...new Set([...series.map((s) => s.cluster), ...claimed.map((ns) => ns.cluster!)]),
  ];
  const ids = series.map((s) => s.id);
  const [hours, daily, harvested, figures, incidents, notices, tiers] = await Promise.all([
    reportHours(tx, ids, range, ctx.includeWithheld),
    reportDays(tx, ids, range, ctx.includeWithheld),
    harvestedHours(tx, clusters, range),
    seriesWindowFigures(tx, range, ctx.includeWithheld),
    reportIncidents(tx, name, range),
    reportNotices(tx, name, range),
    listQuotaTiers(tx),
  ]);
  const tierOf = (namespace: string, cluster: string) =>
    project.namespaces.find((ns) => ns.name === namespace && (ns.cluster ?? cluster) === cluster)
      ?.tier ?? null;
  const peers = new Map<string, { tier: string; cpuP95: number[]; memoryMax: number[] }>();
  // Other projects' namespaces only, and never their names: the report gives a rank.
  for (const f of figures) {
    // Sample data is not a peer: a real project is never ranked against the demo's.
    if (!f.tier || f.project === name || f.sample || f.cpuP95 === null || f.memoryMax === null)
      continue;
    const entry = peers.get(f.tier) ?? { tier: f.tier, cpuP95: [], memoryMax: [] };
    entry.cpuP95.push(cores(f.cpuP95)!);
    entry.memoryMax.push(Math.round(f.memoryMax));
    peers.set(f.tier, entry);
  }
  return {
    project: name,
    sample: series.some((s) => s.sample),
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    margin: ctx.margin,
    tiers,
    harvested,
    namespaces: [
      ...series.map((s) => ({
        namespace: s.namespace,
        cluster: s.cluster,
        tier: tierOf(s.namespace, s.cluster),
        hours: hours.get(s.id) ?? [],
        daily: daily.get(s.id) ?? [],
      })),
      ...claimed.map((ns) => ({
        namespace: ns.name,
        cluster: ns.cluster!,
        tier: ns.tier ?? null,
        hours: [],
        daily: [],
      })),
    ],
    peers: [...peers.values()].map((p) => ({
      ...p,
      cpuP95: p.cpuP95.sort((a, b) => a - b),
      memoryMax: p.memoryMax.sort((a, b) => a - b),
    })),
    incidents,
    notices,
  };
}

export async function projectReport(
  ctx: ReportContext,
  name: string,
  range: ReportRange,
): Promise<ProjectReport> {
  return buildProjectReport(await projectSnapshot(ctx, name, range));
}

/**
 * The cloud's report. Projects at risk are their engagement records evaluated at the
 * period's end (the records read what opf knows now: docs/reports.md).
 */
export async function cloudReport(
  ctx: ReportContext,
  range: ReportRange,
  engagement: EngagementContext,
): Promise<CloudReport> {
  const tx = { tx: ctx.db };
  const [harvested, figures, daily, incidents, activations, records] = await Promise.all([
    harvestedHours(tx, 'all', range),
    seriesWindowFigures(tx, range, ctx.includeWithheld),
    reportDays(tx, 'all', range, ctx.includeWithheld),
    reportIncidents(tx, null, range),
    activationsBetween(tx, range),
    engagementOfAll({ ...engagement, now: () => range.to }, { status: ['at-risk', 'inactive'] }),
  ]);
  // Series with only rollups in the period (past the hourly retention) have no hourly figures.
  const rollupOnly = await findTelemetrySeries(tx, {
    ids: [...daily.keys()].filter((id) => !figures.some((f) => f.seriesId === id)),
  });
  return buildCloudReport({
    from: range.from.toISOString(),
    to: range.to.toISOString(),
    harvested,
    namespaces: [
      ...figures.map((f) => ({
        namespace: f.namespace,
        cluster: f.cluster,
        project: f.project,
        sample: f.sample,
        hours: f.hours,
        cpuP95: f.cpuP95,
        cpuMax: f.cpuMax,
        memoryMax: f.memoryMax,
        cpuLimit: f.cpuLimit,
        memoryLimit: f.memoryLimit,
        daily: daily.get(f.seriesId) ?? [],
      })),
      ...rollupOnly.map((s) => ({
        namespace: s.namespace,
        cluster: s.cluster,
        project: s.project,
        sample: s.sample,
        hours: 0,
        cpuP95: null,
        cpuMax: null,
        memoryMax: null,
        cpuLimit: null,
        memoryLimit: null,
        daily: daily.get(s.id) ?? [],
      })),
    ],
    incidents,
    activations,
    atRisk: records.map((r) => ({
      project: r.project,
      status: r.status as 'at-risk' | 'inactive',
      reasons: r.reasons.map((reason) => reason.text),
    })),
  });
}
