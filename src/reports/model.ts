/**
 * A project's report (docs/reports.md): what its software did in production over a period,
 * built from a snapshot of what opf recorded. The builder is pure: the same snapshot gives
 * the same report, byte for byte, so nothing here reads a clock or the database.
 */
import type { QuotaTier } from '../core/index.ts';
import type { ReportHour } from '../store/index.ts';

/** One harvested hour of one namespace: the store's row, read as is (one type for both). */
export type { ReportHour };

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
  namespaces: { namespace: string; cluster: string; tier: string | null; hours: ReportHour[] }[];
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
  hours: number;
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
  hours: number;
  missingHours: number;
  cpuMax: number | null;
  cpuLimit: number | null;
  memoryMax: number | null;
  memoryLimit: number | null;
  storageUsed: number | null;
  restarts: number | null;
  oomKills: number | null;
}

export interface NamespaceReport {
  namespace: string;
  cluster: string;
  tier: string | null;
  coverage: { hours: number; missingHours: number };
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
