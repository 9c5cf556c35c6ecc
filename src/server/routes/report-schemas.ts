import { z } from 'zod';

const n = z.number().nullable();
const day = z.string().describe('YYYY-MM-DD (UTC)');
const coverage = z
  .object({
    hours: z.number().int().describe('Hours in the period'),
    missingHours: z
      .number()
      .int()
      .describe('Hours some cluster was not harvested: left out, never averaged over'),
    gaps: z.array(
      z.object({ cluster: z.string(), from: z.string(), to: z.string(), hours: z.number().int() }),
    ),
  })
  .meta({ id: 'ReportCoverage' });
const resource = z.object({
  p50: n,
  p95: n,
  max: n,
  limit: n.describe('The ResourceQuota’s hard limit at the end of the period'),
  daysLimitReached: z.array(
    z.object({
      day,
      hours: z.number().int().nullable().describe('null on a day read from its daily rollup'),
    }),
  ),
});
const worst = z.object({ day, count: z.number().int() }).nullable();
const incident = z.object({
  id: z.number().int(),
  title: z.string(),
  severity: z.enum(['critical', 'major', 'minor']),
  clusters: z.array(z.string()),
  startedAt: z.string(),
  resolvedAt: z.string().nullable(),
  durationHours: z.number(),
  alerts: z.array(z.string()),
});

export const findingSchema = z
  .object({
    kind: z.string(),
    severity: z.enum(['critical', 'warning', 'info']),
    namespace: z.string().nullable(),
    cluster: z.string().nullable(),
    message: z.string(),
    suggestion: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).describe('The figures behind the message'),
  })
  .meta({ id: 'ReportFinding' });

const sample = z.boolean().describe('The demo’s sample data (not harvested), labelled as such');

export const projectReportSchema = z
  .object({
    project: z.string(),
    sample,
    from: z.string(),
    to: z.string(),
    coverage,
    namespaces: z.array(
      z.object({
        namespace: z.string(),
        cluster: z.string(),
        tier: z.string().nullable(),
        coverage: z.object({ hours: z.number().int(), missingHours: z.number().int() }),
        granularity: z
          .object({ hourlyDays: z.number().int(), dailyDays: z.number().int() })
          .describe(
            'Days read from hourly rows and from daily rollups (older than the hourly retention); p50 and p95 use the hourly rows only',
          ),
        cpu: resource.describe('Cores'),
        memory: resource.describe('Bytes'),
        storage: z
          .object({ first: n, last: n, growth: n, growthPerDay: n, limit: n })
          .describe('Bytes'),
        restarts: z.object({ total: z.number().int(), worstDay: worst }),
        oomKills: z.object({ total: z.number().int(), worstDay: worst }),
        podsNeverReady: z
          .object({
            podHours: z.number().int(),
            hours: z.number().int(),
            peak: z.number().int(),
            worstDay: worst,
            measuredHours: z.number().int(),
          })
          .describe('Pods whose Ready condition was never true in an hour; worst day by pod-hours'),
        quotaExhaustedHours: z.number().int(),
        recommendedTier: z.string().nullable(),
        recommendation: z.object({
          tier: z.string().nullable(),
          need: z.object({ cpu: z.number(), memory: z.number() }).nullable(),
          custom: z.object({ cpu: z.string(), memory: z.string() }).nullable(),
          explanation: z.string(),
        }),
        peers: z
          .object({
            tier: z.string(),
            namespaces: z.number().int(),
            cpuPercentile: z.number().int(),
            memoryPercentile: z.number().int(),
          })
          .nullable()
          .describe('Where its usage stands among namespaces of the same tier; none named'),
        days: z.array(
          z.object({
            day,
            source: z.enum(['hourly', 'daily']).nullable(),
            hours: z.number().int(),
            missingHours: z.number().int(),
            cpuMax: n,
            cpuLimit: n,
            memoryMax: n,
            memoryLimit: n,
            storageUsed: n,
            restarts: n,
            oomKills: n,
            podsNeverReady: n.describe('Pod-hours of pods never ready that day'),
          }),
        ),
      }),
    ),
    incidents: z.array(incident),
    notices: z.array(
      z.object({
        id: z.number().int(),
        title: z.string(),
        postedAt: z.string(),
        respondBy: z.string(),
        acknowledgedAt: z.string().nullable(),
        hoursToAcknowledge: n,
        overdue: z.boolean(),
      }),
    ),
    noticeAcknowledgementHours: n,
    findings: z.array(findingSchema),
    notMeasured: z.array(z.string()),
  })
  .meta({ id: 'ProjectReport' });

export const cloudReportSchema = z
  .object({
    from: z.string(),
    to: z.string(),
    coverage,
    granularity: z
      .object({ hourlyDays: z.number().int(), dailyDays: z.number().int() })
      .describe(
        'Days read from hourly rows and from daily rollups (older than the hourly retention); CPU p95 is over the hourly rows only',
      ),
    clusters: z.array(
      z.object({
        cluster: z.string(),
        hours: z.number().int(),
        missingHours: z.number().int(),
        hourlyDays: z.number().int(),
        dailyDays: z.number().int(),
        days: z.array(
          z.object({
            day: z.string(),
            source: z.enum(['hourly', 'daily']).nullable(),
            hours: z.number().int(),
            missingHours: z.number().int(),
          }),
        ),
      }),
    ),
    topConsumers: z.array(
      z.object({
        project: z.string(),
        sample,
        namespaces: z.number().int(),
        cpuP95: n,
        cpuMax: z.number(),
        memoryMax: z.number(),
        cpuLimit: n,
        memoryLimit: n,
      }),
    ),
    idleQuota: z.object({
      cpu: z.number(),
      memory: z.number(),
      namespaces: z.array(
        z.object({
          project: z.string(),
          sample,
          namespace: z.string(),
          cluster: z.string(),
          cpuBasis: z.enum(['p95', 'peak']),
          idleCpu: z.number(),
          idleMemory: z.number(),
          cpuLimit: z.number(),
          memoryLimit: z.number(),
        }),
      ),
    }),
    incidentsPerCluster: z.array(
      z.object({
        cluster: z.string(),
        incidents: z.number().int(),
        critical: z.number().int(),
        major: z.number().int(),
        minor: z.number().int(),
        hours: z.number(),
      }),
    ),
    onboarding: z.object({
      activated: z.number().int(),
      leadTimeDays: z.object({ p50: n, p95: n, max: n }),
      requests: z.array(
        z.object({
          requestId: z.number().int(),
          project: z.string(),
          submittedAt: z.string(),
          activatedAt: z.string(),
          days: z.number(),
        }),
      ),
    }),
    projectsAtRisk: z.array(
      z.object({
        project: z.string(),
        status: z.enum(['at-risk', 'inactive']),
        reasons: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'CloudReport' });
