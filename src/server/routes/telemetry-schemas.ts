import { z } from 'zod';

const n = z.number().nullable();
const spread = z.object({ p50: n, p95: n, max: n });
const resourceUsage = z
  .object({
    now: n,
    p50: n,
    p95: n,
    max: n,
    limit: n.describe('The ResourceQuota’s hard limit now; null without a quota'),
    headroom: n.describe(
      'limit − the size that matters (CPU p95, memory peak); negative when over',
    ),
    headroomPercent: n,
  })
  .meta({ id: 'ResourceUsage' });
const windowSummary = z.object({
  hours: z.number().int(),
  missingHours: z
    .number()
    .int()
    .describe('Hours of the window not harvested (gaps): never averaged over'),
  cpu: spread,
  memory: spread,
});

export const namespaceUsageSchema = z
  .object({
    namespace: z.string(),
    cluster: z.string(),
    project: z.string().nullable(),
    sample: z.boolean().describe('Sample data of the demo, not harvested; never published'),
    window: z.object({
      from: z.string(),
      to: z.string(),
      hours: z.number().int(),
      missingHours: z.number().int(),
    }),
    cpu: resourceUsage.describe('Cores'),
    memory: resourceUsage.describe('Bytes'),
    windows: z.object({ days7: windowSummary, days30: windowSummary }),
    recommendedTier: z
      .string()
      .nullable()
      .describe('A quota tier, "custom", or null without usage'),
    recommendation: z.object({
      tier: z.string().nullable(),
      need: z.object({ cpu: z.number(), memory: z.number() }).nullable(),
      custom: z.object({ cpu: z.string(), memory: z.string() }).nullable(),
      margin: z.number(),
      explanation: z.string(),
    }),
    flags: z.object({
      exhausted: z.boolean(),
      exhaustedHours: z.number().int(),
      idle: z.boolean(),
    }),
    series: z
      .array(
        z.object({
          hour: z.string(),
          cpu: n,
          memory: n,
          quotaCpu: n,
          quotaMemory: n,
        }),
      )
      .optional(),
  })
  .meta({ id: 'NamespaceUsage' });

export const harvestRunSchema = z
  .object({
    id: z.number().int(),
    cluster: z.string(),
    from: z.string(),
    to: z.string(),
    trigger: z.enum(['schedule', 'request']),
    requestedBy: z.string().nullable(),
    state: z.enum(['queued', 'running', 'done', 'failed']),
    hoursDone: z.number().int(),
    hoursGap: z.number().int(),
    rowsWritten: z.number().int(),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  })
  .meta({ id: 'HarvestRun' });

export const gapSchema = z.object({
  cluster: z.string(),
  from: z.string(),
  to: z.string(),
  hours: z.number().int(),
  reason: z.string().nullable(),
});

export const datasetEntrySchema = z
  .object({
    period: z.enum(['daily', 'monthly']),
    key: z.string(),
    from: z.string(),
    to: z.string(),
    rows: z.number().int(),
    files: z.object({ parquet: z.string(), csv: z.string(), card: z.string() }),
  })
  .meta({ id: 'DatasetEntry' });
