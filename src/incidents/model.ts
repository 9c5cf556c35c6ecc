import { z } from 'zod';
import { labelSchema } from '../core/index.ts';

/** How bad an incident is; the status page shows a cluster's worst open one. */
export const SEVERITIES = ['critical', 'major', 'minor'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const SEVERITY_RANK: Record<Severity, number> = { minor: 1, major: 2, critical: 3 };

/** A cluster's state on the status page, from its worst open incident. */
export const CLUSTER_STATES = [
  'operational',
  'degraded',
  'partial-outage',
  'major-outage',
] as const;
export type ClusterState = (typeof CLUSTER_STATES)[number];
export const STATE_OF_SEVERITY: Record<Severity, ClusterState> = {
  minor: 'degraded',
  major: 'partial-outage',
  critical: 'major-outage',
};

/**
 * An alert's `severity` label as an incident severity: Prometheus rules commonly say
 * critical/page, warning/error, or info/none.
 */
export function severityOfLabel(label: string | undefined): Severity {
  const value = (label ?? '').toLowerCase();
  if (['critical', 'page', 'emergency', 'high'].includes(value)) return 'critical';
  if (['warning', 'error', 'major', 'medium'].includes(value)) return 'major';
  return 'minor';
}

const labelMap = z
  .record(z.string().max(1024), z.string().max(16_384))
  .refine((m) => Object.keys(m).length <= 200, 'at most 200 labels');

/**
 * Alertmanager's webhook body, version 4 (alertmanager/notify/webhook). Keys opf does not
 * use are let through: a newer Alertmanager may add some.
 */
export const alertmanagerAlertSchema = z.object({
  status: z.enum(['firing', 'resolved']),
  labels: labelMap,
  annotations: labelMap.default({}),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.string().max(64).optional(),
  generatorURL: z.string().max(4096).optional(),
  fingerprint: z.string().min(1).max(128),
});
export type AlertmanagerAlert = z.infer<typeof alertmanagerAlertSchema>;

export const alertmanagerPayloadSchema = z.object({
  version: z.literal('4'),
  groupKey: z.string().min(1).max(4096),
  truncatedAlerts: z.number().int().min(0).optional(),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().max(1024),
  groupLabels: labelMap,
  commonLabels: labelMap,
  commonAnnotations: labelMap,
  externalURL: z.string().max(4096),
  alerts: z.array(alertmanagerAlertSchema).min(1).max(1000),
});
export type AlertmanagerPayload = z.infer<typeof alertmanagerPayloadSchema>;

const clusterRef = z.string().min(1).max(130);
const text = (max: number) => z.string().trim().min(1).max(max);

/** Ops declare an incident: what, where, whom it touches, and how bad. */
export const declareIncidentSchema = z.strictObject({
  title: text(200),
  severity: z.enum(SEVERITIES),
  clusters: z.array(clusterRef).max(50).default([]),
  projects: z.array(labelSchema).max(200).default([]),
  /** The first update: what is known now. */
  body: text(20_000),
  announce: z.boolean().default(true),
});
export type DeclareIncidentInput = z.infer<typeof declareIncidentSchema>;

export const incidentUpdateSchema = z.strictObject({
  body: text(20_000),
  /** Change the severity with this update. */
  severity: z.enum(SEVERITIES).optional(),
  announce: z.boolean().default(true),
});
export type IncidentUpdateInput = z.infer<typeof incidentUpdateSchema>;

export const resolveIncidentSchema = z.strictObject({
  body: text(20_000),
  announce: z.boolean().default(true),
});
export type ResolveIncidentInput = z.infer<typeof resolveIncidentSchema>;

export const postmortemSchema = z.strictObject({
  /** Markdown; the portal renders it without HTML (see docs/incidents.md). */
  markdown: text(100_000),
});
export type PostmortemInput = z.infer<typeof postmortemSchema>;

/** A member answers an incident for their project; the message goes on the timeline. */
export const acknowledgeIncidentSchema = z
  .strictObject({ message: text(2_000).optional() })
  .nullish()
  .transform((body) => body ?? {});
export type AcknowledgeIncidentInput = { message?: string };

export interface IncidentAlertView {
  fingerprint: string;
  alertname: string;
  namespace: string | null;
  status: 'firing' | 'resolved';
  startsAt: string;
  endsAt: string | null;
  summary: string | null;
  labels: Record<string, string>;
}

export interface IncidentEntryView {
  at: string;
  kind: string;
  body: string;
  author: string;
}

export interface IncidentView {
  id: number;
  source: 'alertmanager' | 'declared';
  title: string;
  severity: Severity;
  status: 'open' | 'resolved';
  clusters: string[];
  namespaces: string[];
  /** The first linked project (most incidents touch one), or null. */
  project: string | null;
  projects: string[];
  startedAt: string;
  resolvedAt: string | null;
  alerts: IncidentAlertView[];
  postmortem: string | null;
  githubIssue: string | null;
  link: string;
}

/** Each linked project's first answer, or null while its team has not answered. */
export interface IncidentAcknowledgementView {
  project: string;
  acknowledgedBy: string | null;
  acknowledgedAt: string | null;
}

export interface IncidentDetailView extends IncidentView {
  timeline: IncidentEntryView[];
  acknowledgements: IncidentAcknowledgementView[];
}
