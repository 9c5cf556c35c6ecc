import { z } from 'zod';
import { CLUSTER_STATES, SEVERITIES } from '../../incidents/index.ts';

/** The shapes the incident routes send, as the OpenAPI document describes them. */
export const incidentAlertSchema = z
  .object({
    fingerprint: z.string(),
    alertname: z.string(),
    namespace: z.string().nullable(),
    status: z.enum(['firing', 'resolved']),
    startsAt: z.string(),
    endsAt: z.string().nullable(),
    summary: z.string().nullable(),
    labels: z.record(z.string(), z.string()),
  })
  .meta({ id: 'IncidentAlert' });

const incidentFields = {
  id: z.number().int(),
  source: z.enum(['alertmanager', 'declared']),
  title: z.string(),
  severity: z.enum(SEVERITIES),
  status: z.enum(['open', 'resolved']),
  clusters: z.array(z.string()),
  namespaces: z.array(z.string()),
  project: z.string().nullable().describe('The first linked project, or null'),
  projects: z.array(z.string()),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  alerts: z.array(incidentAlertSchema),
  postmortem: z.string().nullable().describe('Markdown'),
  githubIssue: z.string().nullable().describe('The mirrored GitHub issue, when mirroring is on'),
  link: z.string().describe('The incident’s page in the portal'),
};

export const incidentSchema = z.object(incidentFields).meta({ id: 'Incident' });

export const incidentDetailSchema = z
  .object({
    ...incidentFields,
    timeline: z
      .array(z.object({ at: z.string(), kind: z.string(), body: z.string(), author: z.string() }))
      .describe('In time order'),
    acknowledgements: z
      .array(
        z.object({
          project: z.string(),
          acknowledgedBy: z.string().nullable(),
          acknowledgedAt: z.string().nullable(),
        }),
      )
      .describe('Each linked project: its team’s first answer, or nulls while it has none'),
  })
  .meta({ id: 'IncidentDetail' });

export const statusSchema = z
  .object({
    generatedAt: z.string(),
    windowDays: z.number().int(),
    clusters: z.array(
      z.object({
        id: z.string(),
        displayName: z.string(),
        state: z.enum(CLUSTER_STATES),
        openIncidents: z.array(z.number().int()),
        days: z.array(z.object({ date: z.string(), worst: z.enum(SEVERITIES).nullable() })),
      }),
    ),
    open: z.array(incidentSchema),
    recent: z.array(incidentSchema).describe('Resolved within the window, newest first'),
  })
  .meta({ id: 'Status' });

export const webhookOutcomeSchema = z.object({
  incidentId: z.number().int(),
  status: z.enum(['open', 'resolved']),
  changed: z.boolean().describe('false for a replayed or superseded delivery'),
});
