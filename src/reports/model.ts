/**
 * A project's report (docs/reports.md): what its software did in production over a period,
 * built from a snapshot of what opf recorded. The builder is pure: the same snapshot gives
 * the same report, byte for byte, so nothing here reads a clock or the database.
 */
import type { QuotaTier } from '../core/index.ts';
import type { ReportDay, ReportHour } from '../store/index.ts';

/**
 * One harvested hour of one namespace, and one day of the daily rollups: the store's rows,
 * read as they are (one type each for the store and the report).
 */
export type { ReportDay, ReportHour };

export interface SnapshotIncident {
  id: number;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  clusters: string[];
  startedAt: string;
  resolvedAt: string | null;
  /** The alert names that fired in it (empty for a declared incident). */
  alerts: string[];
}

export interface SnapshotNotice {
  id: number;
  title: string;
  postedAt: string;
  respondBy: string;
  acknowledgedAt: string | null;
  closedAt: string | null;
}

/** Everything a project's report is built from. */
export interface ReportSnapshot {
  project: string;
  /** Its telemetry is the demo's sample data (src/seed), not harvested. */
  sample: boolean;
  /** Whole hours, ISO 8601 (UTC); the period is [from, to). */
  from: string;
  to: string;
  /** The right-sizing margin (0.15 = 15%): docs/telemetry.md. */
  margin: number;
  tiers: readonly QuotaTier[];
  /** Per cluster of the project, the hours of the period that were harvested. */
  harvested: { cluster: string; hours: string[] }[];
  namespaces: {
    namespace: string;
    cluster: string;
    tier: string | null;
    hours: ReportHour[];
    /** The daily rollups of the days without hourly rows (older than the hourly retention). */
    daily: ReportDay[];
  }[];
  /** Per tier, the CPU p95 and peak memory of other projects' namespaces (never named). */
  peers: { tier: string; cpuP95: number[]; memoryMax: number[] }[];
  incidents: SnapshotIncident[];
  notices: SnapshotNotice[];
}

export interface Gap {
  cluster: string;
  from: string;
  to: string;
  hours: number;
}

export interface Coverage {
  /** Hours in the period. */
  hours: number;
  /** Hours of the period some cluster of the project was not harvested: left out, never averaged over. */
  missingHours: number;
  gaps: Gap[];
}

export interface DayLimit {
  day: string;
  /** Hours at or over the limit; null on a day read from its daily rollup (peaks, not hours). */
  hours: number | null;
}

export interface ResourceFigures {
  p50: number | null;
  p95: number | null;
  max: number | null;
  /** The ResourceQuota's hard limit at the end of the period; null when none. */
  limit: number | null;
  /** Days with an hour at or over the limit, and how many such hours. */
  daysLimitReached: DayLimit[];
}

export interface WorstDay {
  day: string;
  count: number;
}

/** One day of a namespace: figures over its harvested hours only; null on a day without any. */
export interface DayFigures {
  day: string;
  /** Where the day's figures come from: its hourly rows, its daily rollup, or nothing. */
  source: 'hourly' | 'daily' | null;
  hours: number;
  missingHours: number;
  cpuMax: number | null;
  cpuLimit: number | null;
  memoryMax: number | null;
  memoryLimit: number | null;
  storageUsed: number | null;
  restarts: number | null;
  oomKills: number | null;
  /** Pod-hours of pods that never became ready in their hour. */
  podsNeverReady: number | null;
}

export interface NamespaceReport {
  namespace: string;
  cluster: string;
  tier: string | null;
  coverage: { hours: number; missingHours: number };
  /**
   * Days read from hourly rows and from daily rollups. p50 and p95 (and so the right size
   * and the peers) are over the hourly rows only; peaks, limit days, sums and storage use both.
   */
  granularity: { hourlyDays: number; dailyDays: number };
  cpu: ResourceFigures;
  memory: ResourceFigures;
  storage: {
    first: number | null;
    last: number | null;
    growth: number | null;
    /** Growth over the days between the first and the last sample. */
    growthPerDay: number | null;
    limit: number | null;
  };
  restarts: { total: number; worstDay: WorstDay | null };
  oomKills: { total: number; worstDay: WorstDay | null };
  /**
   * Pods that never became ready: `podHours` sums each hour's count (a pod stuck for five
   * hours is five pod-hours), `hours` the hours with any, `peak` the most in one hour, the
   * worst day the one with most pod-hours; `measuredHours` the hours the metric was harvested.
   */
  podsNeverReady: {
    podHours: number;
    hours: number;
    peak: number;
    worstDay: WorstDay | null;
    measuredHours: number;
  };
  /** Hours some quota resource was at its hard limit. */
  quotaExhaustedHours: number;
  recommendedTier: string | null;
  recommendation: {
    tier: string | null;
    need: { cpu: number; memory: number } | null;
    custom: { cpu: string; memory: string } | null;
    explanation: string;
  };
  /** Where this namespace's usage stands among namespaces of the same tier (0–100). */
  peers: {
    tier: string;
    namespaces: number;
    cpuPercentile: number;
    memoryPercentile: number;
  } | null;
  days: DayFigures[];
}

export interface IncidentEntry {
  id: number;
  title: string;
  severity: 'critical' | 'major' | 'minor';
  clusters: string[];
  startedAt: string;
  resolvedAt: string | null;
  /** Up to its resolution, or to the end of the period while it is open. */
  durationHours: number;
  alerts: string[];
}

export interface NoticeEntry {
  id: number;
  title: string;
  postedAt: string;
  respondBy: string;
  acknowledgedAt: string | null;
  hoursToAcknowledge: number | null;
  overdue: boolean;
}

export type FindingSeverity = 'critical' | 'warning' | 'info';

export interface Finding {
  kind:
    | 'coverage-gap'
    | 'memory-limit-reached'
    | 'cpu-limit-reached'
    | 'oom-kills'
    | 'restarts'
    | 'pods-never-ready'
    | 'storage-growth'
    | 'right-size'
    | 'idle'
    | 'incident'
    | 'notice-overdue'
    | 'notice-acknowledgement';
  severity: FindingSeverity;
  namespace: string | null;
  cluster: string | null;
  message: string;
  /** What to do about it; null when nothing applies. */
  suggestion: string | null;
  /** The figures behind the message. */
  data: Record<string, unknown>;
}

export interface ProjectReport {
  project: string;
  /** Its telemetry is the demo's sample data (src/seed), not harvested: said at the top. */
  sample: boolean;
  from: string;
  to: string;
  coverage: Coverage;
  namespaces: NamespaceReport[];
  incidents: IncidentEntry[];
  notices: NoticeEntry[];
  /** Median hours to acknowledge a notice, over those acknowledged. */
  noticeAcknowledgementHours: number | null;
  findings: Finding[];
  /** What the report cannot say, and why. */
  notMeasured: string[];
}
