import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { OpfError } from '../../core/index.ts';
import { json, table } from '../format.ts';
import type { CliIo } from '../io.ts';
import { clientOf } from './request.ts';

interface HarvestRun {
  id: number;
  cluster: string;
  from: string;
  to: string;
  state: 'queued' | 'running' | 'done' | 'failed';
  hoursDone: number;
  hoursGap: number;
  rowsWritten: number;
  error: string | null;
}

interface DatasetEntry {
  period: 'daily' | 'monthly';
  key: string;
  rows: number;
  files: { parquet: string; csv: string; card: string };
}

/** `opf telemetry harvest|export`: harvest a range (ops), download the open datasets. */
export function registerTelemetryCommands(program: Command, io: CliIo): void {
  const telemetry = program
    .command('telemetry')
    .description('usage telemetry harvested from the clusters');

  telemetry
    .command('harvest')
    .description(
      'harvest a range of hours from a cluster’s Prometheus (ops or admin); waits until done',
    )
    .requiredOption('--cluster <env/name>', 'the cluster, e.g. moc/smaug')
    .requiredOption('--from <iso>', 'start, ISO 8601 (rounded down to the hour)')
    .requiredOption('--to <iso>', 'end, ISO 8601 (rounded up to the hour)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      let run = await api.post<HarvestRun>('/api/v1/telemetry/harvests', {
        cluster: flags.cluster.toLowerCase(),
        from: flags.from,
        to: flags.to,
      });
      while (run.state === 'queued' || run.state === 'running') {
        await new Promise((resolve) => setTimeout(resolve, 300));
        run = await api.get<HarvestRun>(`/api/v1/telemetry/harvests/${run.id}`);
      }
      io.out(
        asJson
          ? json(run)
          : `harvest ${run.id} of ${run.cluster} ${run.from} to ${run.to}: ${run.state}, ${run.hoursDone} hours harvested, ${run.hoursGap} hours of gaps, ${run.rowsWritten} rows`,
      );
      if (run.state === 'failed')
        throw new OpfError(
          'OPF_ERR_INTERNAL',
          `harvest ${run.id} failed: ${run.error ?? 'unknown error'}`,
        );
      if (run.hoursGap > 0)
        throw new OpfError(
          'OPF_ERR_TELEMETRY_SOURCE_UNAVAILABLE',
          `${run.hoursGap} hours are recorded as gaps (${run.error ?? 'the source did not answer'}); the hourly harvest fills them when the source is back`,
        );
    });

  telemetry
    .command('export')
    .description(
      'download the open datasets of complete days (and months) from the server into a directory',
    )
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day, YYYY-MM-DD (included)')
    .requiredOption('--format <format>', 'parquet or csv')
    .requiredOption('--out <dir>', 'directory to write into (made if missing)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      const day = /^\d{4}-\d{2}-\d{2}$/;
      if (!day.test(flags.from) || !day.test(flags.to) || flags.to < flags.from)
        throw new OpfError(
          'OPF_ERR_TELEMETRY_RANGE_INVALID',
          `--from and --to must be days YYYY-MM-DD, from before to, not "${flags.from}" and "${flags.to}"`,
        );
      if (flags.format !== 'parquet' && flags.format !== 'csv')
        throw new OpfError(
          'OPF_ERR_VALIDATION',
          `--format must be parquet or csv, not "${flags.format}"`,
        );
      const format = flags.format;
      const { items } = await api.get<{ items: DatasetEntry[] }>('/api/v1/datasets');
      const wanted = items.filter((d) =>
        d.period === 'daily'
          ? d.key >= flags.from && d.key <= flags.to
          : `${d.key}-01` >= flags.from && monthEndsBy(d.key, flags.to),
      );
      if (wanted.length === 0)
        throw new OpfError(
          'OPF_ERR_DATASET_UNKNOWN',
          `no published dataset between ${flags.from} and ${flags.to}`,
        );
      await mkdir(flags.out, { recursive: true });
      const written: string[] = [];
      for (const dataset of wanted) {
        const base = join(flags.out, `opf-telemetry-${dataset.key}`);
        await writeFile(`${base}.${format}`, await api.download(dataset.files[format]));
        await writeFile(`${base}.card.json`, await api.download(dataset.files.card));
        written.push(`${base}.${format}`);
      }
      io.out(
        asJson
          ? json({ files: written })
          : table(
              ['PERIOD', 'KEY', 'ROWS', 'FILE'],
              wanted.map((d, i) => [d.period, d.key, String(d.rows), written[i]!]),
            ),
      );
    });
}

/** A month is exported whole only when the range reaches its last day. */
function monthEndsBy(month: string, to: string): boolean {
  const [year, m] = month.split('-').map(Number);
  const last = new Date(Date.UTC(year!, m!, 0)).toISOString().slice(0, 10);
  return last <= to;
}

/** `opf usage`: usage against quota, right-sizing and flags of a namespace or a project. */
export function registerUsageCommand(program: Command, io: CliIo): void {
  program
    .command('usage')
    .description('usage against quota of a namespace or of each namespace of a project (public)')
    .option('--namespace <ns>', 'a namespace (any harvested one)')
    .option('--project <name>', 'an opf project')
    .option('--cluster <env/name>', 'the cluster, when the namespace is on several')
    .option('--days <n>', 'only the last N days (default: every harvested hour)')
    .action(async (flags) => {
      const { api, asJson } = clientOf(program, io);
      if (!flags.namespace === !flags.project)
        throw new OpfError('OPF_ERR_VALIDATION', 'name one of --namespace or --project');
      const query = new URLSearchParams();
      if (flags.days) query.set('days', flags.days);
      if (flags.project) {
        const usage = await api.get<{ project: string; namespaces: Usage[] }>(
          `/api/v1/usage/projects/${encodeURIComponent(flags.project)}?${query}`,
        );
        return io.out(asJson ? json(usage) : renderUsage(usage.namespaces));
      }
      query.set('namespace', flags.namespace!);
      if (flags.cluster) query.set('cluster', flags.cluster.toLowerCase());
      const { items } = await api.get<{ items: Usage[] }>(`/api/v1/usage/namespaces?${query}`);
      if (items.length > 1)
        throw new OpfError(
          'OPF_ERR_TELEMETRY_AMBIGUOUS',
          `namespace ${flags.namespace} is on ${items.map((u) => u.cluster).join(', ')}: add --cluster`,
        );
      io.out(asJson ? json(items[0]) : renderUsage(items));
    });
}

interface Usage {
  namespace: string;
  cluster: string;
  cpu: { now: number | null; p95: number | null; max: number | null; limit: number | null };
  memory: { now: number | null; p95: number | null; max: number | null; limit: number | null };
  recommendedTier: string | null;
  recommendation: { explanation: string };
  flags: { exhausted: boolean; idle: boolean };
  window: { hours: number; missingHours: number };
}

function renderUsage(items: Usage[]): string {
  const cores = (v: number | null) => (v === null ? '-' : v.toFixed(3));
  const gib = (v: number | null) => (v === null ? '-' : `${(v / 1024 ** 3).toFixed(2)}Gi`);
  const rows = items.map((u) => [
    `${u.cluster}/${u.namespace}`,
    `${cores(u.cpu.p95)} / ${cores(u.cpu.limit)}`,
    `${gib(u.memory.max)} / ${gib(u.memory.limit)}`,
    u.recommendedTier ?? '-',
    [u.flags.exhausted && 'exhausted', u.flags.idle && 'idle'].filter(Boolean).join(',') || '-',
    `${u.window.hours}h${u.window.missingHours ? ` (${u.window.missingHours}h missing)` : ''}`,
  ]);
  return [
    table(
      ['NAMESPACE', 'CPU P95 / QUOTA', 'MEMORY PEAK / QUOTA', 'RECOMMENDED', 'FLAGS', 'HOURS'],
      rows,
    ),
    ...items.map((u) => `${u.namespace}: ${u.recommendation.explanation}`),
  ].join('\n');
}
