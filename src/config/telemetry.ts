import { z } from 'zod';
import { OpfError, TELEMETRY_METRIC_NAMES } from '../core/index.ts';
import { DEFAULT_TELEMETRY_SETTINGS, type TelemetrySettings } from '../telemetry/index.ts';

const sourcesSchema = z.array(
  z.strictObject({
    cluster: z.string().regex(/^[a-z0-9-]+\/[a-z0-9-]+$/, 'env/name, lower case'),
    url: z
      .string()
      .url()
      .refine((url) => /^https?:/.test(url), 'an http(s) URL'),
    token: z.string().min(1).optional(),
  }),
);

/**
 * Telemetry from the environment (README, configuration table; docs/telemetry.md). The
 * sources' URLs and tokens live only here: no API caller ever names a URL opf queries.
 */
export function telemetryConfig(env: NodeJS.ProcessEnv): TelemetrySettings {
  const sources =
    parseJson(env.OPF_TELEMETRY_SOURCES, 'OPF_TELEMETRY_SOURCES', sourcesSchema) ?? [];
  const overrides =
    parseJson(
      env.OPF_TELEMETRY_QUERIES,
      'OPF_TELEMETRY_QUERIES',
      z.partialRecord(
        z.enum(TELEMETRY_METRIC_NAMES as [string, ...string[]]),
        z.string().min(1).max(4000),
      ),
    ) ?? {};
  return {
    ...DEFAULT_TELEMETRY_SETTINGS,
    sources,
    queries: { ...DEFAULT_TELEMETRY_SETTINGS.queries, ...overrides },
    margin: number(env, 'OPF_TELEMETRY_MARGIN_PERCENT', 15, 0, 500) / 100,
    concurrency: number(env, 'OPF_TELEMETRY_CONCURRENCY', 4, 1, 64),
    retention: {
      hourlyDays: number(env, 'OPF_TELEMETRY_HOURLY_RETENTION_DAYS', 90, 31, 3660),
      dailyDays: number(env, 'OPF_TELEMETRY_DAILY_RETENTION_DAYS', 730, 31, 36600),
    },
  };
}

function parseJson<T>(text: string | undefined, name: string, schema: z.ZodType<T>): T | undefined {
  if (!text) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new OpfError('OPF_ERR_CONFIG_INVALID', `${name} must be JSON`);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `${name}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ')}`,
    );
  return parsed.data;
}

function number(
  env: NodeJS.ProcessEnv,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `${name} must be a whole number from ${min} to ${max}, not "${text}"`,
    );
  return value;
}
