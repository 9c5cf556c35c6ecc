import { createHash } from 'node:crypto';
import {
  OpfError,
  TELEMETRY_LICENCE,
  TELEMETRY_METRICS,
  type TelemetryMetric,
} from '../core/index.ts';
import {
  type DatasetColumns,
  type Db,
  findCurrentTerms,
  knownPersonNames,
  listTelemetryGaps,
  type TelemetryGap,
  telemetryDatasetColumns,
  telemetryDays,
  withheldHourCount,
} from '../store/index.ts';
import { DAY_MS } from './hours.ts';
import type { TelemetrySettings } from './settings.ts';

export type DatasetPeriod = 'daily' | 'monthly';
export type DatasetFormat = 'parquet' | 'csv';

export interface DatasetEntry {
  period: DatasetPeriod;
  /** YYYY-MM-DD or YYYY-MM. */
  key: string;
  from: string;
  to: string;
  rows: number;
  files: { parquet: string; csv: string; card: string };
}

/** Where a dataset is served: stable, under the API. */
export function datasetPath(
  period: DatasetPeriod,
  key: string,
  file: DatasetFormat | 'card.json',
): string {
  return `/api/v1/datasets/${period}/${key}.${file}`;
}

/** The window a dataset name covers, or OPF_ERR_DATASET_UNKNOWN. */
export function datasetWindow(period: DatasetPeriod, key: string): { from: Date; to: Date } {
  const pattern = period === 'daily' ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})-(\d{2})$/;
  const match = pattern.exec(key);
  const from = match ? new Date(`${key}${period === 'daily' ? '' : '-01'}T00:00:00Z`) : undefined;
  if (
    !match ||
    !from ||
    Number.isNaN(from.getTime()) ||
    from.toISOString().slice(0, key.length) !== key
  )
    throw new OpfError('OPF_ERR_DATASET_UNKNOWN', `no ${period} dataset "${key}"`);
  const to =
    period === 'daily'
      ? new Date(from.getTime() + DAY_MS)
      : new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
  return { from, to };
}

/**
 * The published datasets: every complete day that holds harvested rows, and every complete
 * month with such a day. A day still being harvested is not published (its file would change).
 */
export async function listDatasets(db: Db, now = new Date()): Promise<DatasetEntry[]> {
  const days = await telemetryDays({ tx: db });
  const today = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  const entries: DatasetEntry[] = [];
  const months = new Map<string, number>();
  for (const { day, rows } of days) {
    if (new Date(`${day}T00:00:00Z`) >= today) continue;
    entries.push(entry('daily', day, rows));
    months.set(day.slice(0, 7), (months.get(day.slice(0, 7)) ?? 0) + rows);
  }
  const thisMonth = today.toISOString().slice(0, 7);
  for (const [month, rows] of months)
    if (month < thisMonth) entries.push(entry('monthly', month, rows));
  return entries.sort((a, b) => b.from.localeCompare(a.from) || a.period.localeCompare(b.period));
}

function entry(period: DatasetPeriod, key: string, rows: number): DatasetEntry {
  const window = datasetWindow(period, key);
  return {
    period,
    key,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    rows,
    files: {
      parquet: datasetPath(period, key, 'parquet'),
      csv: datasetPath(period, key, 'csv'),
      card: datasetPath(period, key, 'card.json'),
    },
  };
}

/**
 * The rows of a dataset, with no personal data (publishedNamespaces), column by column: what
 * the CSV is written from. The Parquet file streams instead (dataset-export.ts).
 */
export async function datasetRows(
  db: Db,
  window: { from: Date; to: Date },
): Promise<DatasetColumns> {
  const [columns, publish] = await Promise.all([
    telemetryDatasetColumns({ tx: db }, window),
    publishedNamespaces(db),
  ]);
  columns.namespace = columns.namespace.map(publish);
  return columns;
}

/**
 * The name a namespace is published under: a namespace named after a person opf knows (a
 * user's or team member's login as one or more of its dash-separated words, or anything with an @)
 * is published under a stable pseudonym instead of its name.
 */
export async function publishedNamespaces(db: Db): Promise<(namespace: string) => string> {
  const people = await knownPersonNames({ tx: db });
  const logins = new Set(people.filter((login) => login.length >= 3));
  const seen = new Map<string, string>();
  return (namespace) => {
    let published = seen.get(namespace);
    if (published === undefined) {
      const words = namespace.toLowerCase().split(/[-_.]/);
      const personal = namespace.includes('@') || wordRuns(words).some((run) => logins.has(run));
      published = personal
        ? `pseudonym-${createHash('sha256').update(namespace).digest('hex').slice(0, 12)}`
        : namespace;
      seen.set(namespace, published);
    }
    return published;
  };
}

/** Every run of consecutive words, joined by dashes: a login like olive-owner is two words. */
function wordRuns(words: readonly string[]): string[] {
  const runs: string[] = [];
  for (let i = 0; i < words.length; i++)
    for (let j = i + 1; j <= words.length; j++) runs.push(words.slice(i, j).join('-'));
  return runs;
}

/** The columns of every dataset file, in order. */
export const DATASET_FIELDS = [
  {
    name: 'hour',
    type: 'timestamp (UTC, ms)',
    description: 'The start of the hour the row covers',
  },
  { name: 'cluster', type: 'string', description: 'The cluster, env/name' },
  {
    name: 'namespace',
    type: 'string',
    description: 'The namespace (pseudonymised if named after a person)',
  },
  {
    name: 'project',
    type: 'string, null',
    description: 'The opf project the namespace belongs to; null for the cloud’s own',
  },
  {
    name: 'terms_version',
    type: 'string, null',
    description: 'The terms version that covered the hour (its telemetry item accepted)',
  },
  ...TELEMETRY_METRICS.map((m: TelemetryMetric) => ({
    name: m.name,
    // Stored as PostgreSQL real: published as 32-bit floats, no digits invented.
    type: `float32 (${m.unit}), null`,
    description: m.description,
  })),
] as const;

/** RFC 4180 CSV with a header; empty fields are nulls; hours as ISO 8601. */
export function writeCsv(columns: DatasetColumns): string {
  const names = DATASET_FIELDS.map((f) => f.name);
  const metricColumns = TELEMETRY_METRICS.map((m) => columns.metrics[m.name]!);
  const lines = [names.join(',')];
  for (let i = 0; i < columns.hour.length; i++) {
    const fields = [
      new Date(columns.hour[i]!).toISOString(),
      csvText(columns.cluster[i]!),
      csvText(columns.namespace[i]!),
      csvText(columns.project[i] ?? ''),
      csvText(columns.termsVersion[i] ?? ''),
    ];
    for (const values of metricColumns) {
      const value = values[i];
      fields.push(value === null || value === undefined ? '' : String(value));
    }
    lines.push(fields.join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const csvText = (text: string) =>
  /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;

export interface DataCard {
  name: string;
  period: DatasetPeriod;
  from: string;
  to: string;
  rows: number;
  licence: string;
  description: string;
  collectionNotice: { termsVersion: string; title: string; text: string } | null;
  schema: readonly { name: string; type: string; description: string; promql?: string }[];
  coverage: { hoursWithData: number; gaps: TelemetryGap[]; withheldNamespaceHours: number };
  personalData: string;
  files: { parquet: string; csv: string };
}

/** The data card of a dataset: schema, units, PromQL, licence, notice, coverage and gaps. */
export async function dataCard(
  db: Db,
  settings: TelemetrySettings,
  period: DatasetPeriod,
  key: string,
  counts: { rows: number; hours: number },
): Promise<DataCard> {
  const window = datasetWindow(period, key);
  const [terms, gaps, withheld] = await Promise.all([
    findCurrentTerms({ tx: db }),
    listTelemetryGaps({ tx: db }, { from: window.from, to: window.to }),
    withheldHourCount({ tx: db }, window),
  ]);
  const notice = terms?.items.find((item) => item.id === 'telemetry');
  return {
    name: `opf-telemetry-${key}`,
    period,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    rows: counts.rows,
    licence: TELEMETRY_LICENCE,
    description:
      'Hourly resource usage of every namespace of the cloud, harvested from its Prometheus: CPU, memory, storage, pods, restarts, OOM kills, network, and each namespace’s ResourceQuota.',
    collectionNotice:
      terms && notice
        ? { termsVersion: terms.version, title: notice.title, text: notice.text }
        : null,
    schema: DATASET_FIELDS.map((field) => {
      const metric = TELEMETRY_METRICS.find((m) => m.name === field.name);
      return metric ? { ...field, promql: settings.queries[metric.name] } : field;
    }),
    coverage: {
      hoursWithData: counts.hours,
      gaps,
      withheldNamespaceHours: withheld,
    },
    personalData:
      'None: no user names or e-mail addresses. Namespaces named after a person known to opf are published under a pseudonym.',
    files: { parquet: datasetPath(period, key, 'parquet'), csv: datasetPath(period, key, 'csv') },
  };
}
