/** The cloud's own report (docs/reports.md): the figures the coordination meeting looks at. */
import type { Coverage, SnapshotIncident } from './model.ts';

/** One namespace over the period, as the window statistics give it. */
export interface CloudNamespace {
  namespace: string;
  cluster: string;
  project: string | null;
  /** The demo's sample data (src/seed), not harvested: labelled wherever it shows. */
  sample: boolean;
  hours: number;
  cpuP95: number | null;
  memoryMax: number | null;
  cpuLimit: number | null;
  memoryLimit: number | null;
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
  clusters: { cluster: string; hours: number; missingHours: number }[];
  /** Projects by the CPU they use (the sum of their namespaces' p95), then memory. */
  topConsumers: {
    project: string;
    /** Its usage is the demo's sample data, not harvested. */
    sample: boolean;
    namespaces: number;
    cpuP95: number;
    memoryMax: number;
    cpuLimit: number | null;
    memoryLimit: number | null;
  }[];
  /** Quota granted and not used: limit − CPU p95, limit − peak memory, per namespace. */
  idleQuota: {
    cpu: number;
    memory: number;
    namespaces: {
      project: string;
      sample: boolean;
      namespace: string;
      cluster: string;
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
