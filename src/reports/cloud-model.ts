/** The cloud's own report (docs/reports.md): the figures the coordination meeting looks at. */
import type { Coverage, ReportDay, SnapshotIncident } from './model.ts';

/**
 * One namespace over the period: the window statistics of its hourly rows, and the daily
 * rollups of the days without any (older than the hourly retention: docs/adr/0034).
 */
export interface CloudNamespace {
  namespace: string;
  cluster: string;
  project: string | null;
  /** The demo's sample data (src/seed), not harvested: labelled wherever it shows. */
  sample: boolean;
  /** Hourly rows in the period. */
  hours: number;
  cpuP95: number | null;
  cpuMax: number | null;
  memoryMax: number | null;
  /** The quota at the last hourly row that had one. */
  cpuLimit: number | null;
  memoryLimit: number | null;
  /** The rollups of the days without hourly rows. */
  daily: ReportDay[];
}

/** One day of one cluster's coverage: where its figures come from, and its missing hours. */
export interface CloudCoverageDay {
  day: string;
  source: 'hourly' | 'daily' | null;
  /** Hours of the day inside the period. */
  hours: number;
  missingHours: number;
}

/** Days of the period read from hourly rows and from daily rollups. */
export interface CloudGranularity {
  hourlyDays: number;
  dailyDays: number;
}

export interface CloudSnapshot {
  from: string;
  to: string;
  harvested: { cluster: string; hours: string[] }[];
  namespaces: CloudNamespace[];
  incidents: SnapshotIncident[];
  /** Requests that became active in the period: submitted, then activated. */
  activations: { requestId: number; project: string; submittedAt: string; activatedAt: string }[];
  /** Projects whose engagement record is at risk or inactive at the period's end. */
  atRisk: { project: string; status: 'at-risk' | 'inactive'; reasons: string[] }[];
}

export interface CloudReport {
  from: string;
  to: string;
  coverage: Coverage;
  /**
   * Days read from hourly rows and from daily rollups, anywhere in the cloud. CPU p95 (and
   * so idle CPU) is over the hourly rows only; peaks and limits use both (as a project's).
   */
  granularity: CloudGranularity;
  clusters: ({
    cluster: string;
    hours: number;
    missingHours: number;
    days: CloudCoverageDay[];
  } & CloudGranularity)[];
  /**
   * Projects by the CPU they use (the sum of their namespaces' p95 over hourly rows; null
   * when none has hourly rows in the period), then by their CPU and memory peaks.
   */
  topConsumers: {
    project: string;
    /** Its usage is the demo's sample data, not harvested. */
    sample: boolean;
    namespaces: number;
    cpuP95: number | null;
    cpuMax: number;
    memoryMax: number;
    cpuLimit: number | null;
    memoryLimit: number | null;
  }[];
  /**
   * Quota granted and not used: limit − CPU p95, limit − peak memory, per namespace. A
   * namespace with only daily rollups in the period has no p95: its idle CPU is limit − peak
   * (`cpuBasis: 'peak'`), at least that much idle.
   */
  idleQuota: {
    cpu: number;
    memory: number;
    namespaces: {
      project: string;
      sample: boolean;
      namespace: string;
      cluster: string;
      cpuBasis: 'p95' | 'peak';
      idleCpu: number;
      idleMemory: number;
      cpuLimit: number;
      memoryLimit: number;
    }[];
  };
  incidentsPerCluster: {
    cluster: string;
    incidents: number;
    critical: number;
    major: number;
    minor: number;
    hours: number;
  }[];
  onboarding: {
    activated: number;
    leadTimeDays: { p50: number | null; p95: number | null; max: number | null };
    requests: {
      requestId: number;
      project: string;
      submittedAt: string;
      activatedAt: string;
      days: number;
    }[];
  };
  projectsAtRisk: { project: string; status: 'at-risk' | 'inactive'; reasons: string[] }[];
}
