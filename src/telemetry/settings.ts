import { TELEMETRY_METRICS, type TelemetryMetricName } from '../core/index.ts';

/** A Prometheus-compatible query API (Prometheus, Thanos Querier) of one cluster. */
export interface TelemetrySource {
  /** The cluster id, env/name (`moc/smaug`). */
  cluster: string;
  url: string;
  /** Sent as a bearer token; never logged. */
  token?: string;
}

export interface TelemetrySettings {
  sources: TelemetrySource[];
  /** The PromQL of each metric: the documented defaults with OPF_TELEMETRY_QUERIES over them. */
  queries: Record<TelemetryMetricName, string>;
  /** Range queries in flight at once, per harvest. */
  concurrency: number;
  /** Hours one range query covers. */
  chunkHours: number;
  /** Attempts per query (the cluster's sources taken in turn) before its hours are a gap. */
  attempts: number;
  /** Backoff before attempt n+1: backoffMs * 2^(n-1). */
  backoffMs: number;
  /** Deadline of one query. */
  queryTimeoutMs: number;
  /** How far back the first scheduled harvest of a cluster reaches. */
  firstHarvestHours: number;
  /** The margin a recommended tier keeps over p95 CPU and peak memory (0.15 = 15%). */
  margin: number;
  retention: { hourlyDays: number; dailyDays: number };
}

export const DEFAULT_TELEMETRY_SETTINGS: TelemetrySettings = {
  sources: [],
  queries: Object.fromEntries(TELEMETRY_METRICS.map((m) => [m.name, m.promql])) as Record<
    TelemetryMetricName,
    string
  >,
  concurrency: 4,
  // A day a chunk: a backfill is many chunks, so one chunk is written while the next ones'
  // queries run, and only the last write is not hidden behind queries (bench/telemetry:
  // 168-hour chunks took 2.6× the bare queries, 24-hour ones 1.23×). A failed chunk is a
  // day-sized gap, not a week.
  chunkHours: 24,
  attempts: 4,
  backoffMs: 1000,
  queryTimeoutMs: 120_000,
  firstHarvestHours: 24,
  margin: 0.15,
  retention: { hourlyDays: 90, dailyDays: 730 },
};

export function sourcesOf(settings: TelemetrySettings, cluster: string): TelemetrySource[] {
  return settings.sources.filter((s) => s.cluster === cluster);
}

export function telemetryClusters(settings: TelemetrySettings): string[] {
  return [...new Set(settings.sources.map((s) => s.cluster))];
}
