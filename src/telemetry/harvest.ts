import { TELEMETRY_METRICS } from '../core/index.ts';
import {
  type Db,
  ensureHourlyPartitions,
  hourlyBatch,
  markTelemetryHours,
  rollupTelemetryDays,
  type TermsCover,
  telemetryProjectLinks,
  telemetryTermsId,
  upsertTelemetrySeries,
  writeHourlyBatch,
} from '../store/index.ts';
import { ceilDay, floorDay, floorHour, HOUR_MS, hoursOf } from './hours.ts';
import { mapLimit, sleep } from './pool.ts';
import { queryRange, type RangeAnswer, SourceError } from './prometheus.ts';
import { sourcesOf, type TelemetrySettings, type TelemetrySource } from './settings.ts';

export interface HarvestOutcome {
  hoursDone: number;
  hoursGap: number;
  rowsWritten: number;
  /** Why hours became gaps (the last error of each failed chunk). */
  errors: string[];
}

export interface HarvestOptions {
  signal?: AbortSignal;
  /** Called after each chunk is written or recorded as a gap. */
  onProgress?: (outcome: HarvestOutcome) => void;
  now?: Date;
}

/**
 * Harvest whole hours [from, to) of one cluster: every metric's range query per chunk of
 * hours, at most `concurrency` in flight, each retried with backoff over the cluster's
 * sources. A chunk whose every query answered is written with its daily rollups and its
 * hours marked harvested, in one transaction; a chunk with a query that never answered is
 * written not at all and its hours recorded as a gap, harvested again later (nothing is
 * averaged over hours that are missing). Hours after the last complete one are left alone.
 */
export async function harvestRange(
  db: Db,
  settings: TelemetrySettings,
  cluster: string,
  range: { from: Date; to: Date },
  options: HarvestOptions = {},
): Promise<HarvestOutcome> {
  const sources = sourcesOf(settings, cluster);
  const to = new Date(Math.min(range.to.getTime(), floorHour(options.now ?? new Date()).getTime()));
  const chunks = chunksOf(floorHour(range.from), to, settings.chunkHours);
  const outcome: HarvestOutcome = { hoursDone: 0, hoursGap: 0, rowsWritten: 0, errors: [] };
  if (chunks.length === 0) return outcome;
  const consent = await consentResolver(db, cluster);
  // Queries of all chunks share the pool; each chunk is written once its queries are in,
  // one write at a time, while the next chunks' queries are in flight.
  let writes = Promise.resolve();
  const pending = chunks.map((chunk) => ({
    chunk,
    answers: [] as (RangeAnswer | Error)[],
    left: TELEMETRY_METRICS.length,
  }));
  const tasks = pending.flatMap((entry) =>
    TELEMETRY_METRICS.map((_, metric) => ({ entry, metric })),
  );
  await mapLimit(tasks, settings.concurrency, async ({ entry, metric }) => {
    if (options.signal?.aborted) {
      entry.answers[metric] = new Error('harvest stopped');
    } else {
      const name = TELEMETRY_METRICS[metric]!.name;
      entry.answers[metric] = await withRetry(sources, settings, options.signal, (source) =>
        queryRange(
          source,
          settings.queries[name],
          {
            start: new Date(entry.chunk.from.getTime() + HOUR_MS),
            end: entry.chunk.to,
            stepSeconds: 3600,
          },
          { timeoutMs: settings.queryTimeoutMs, ...(options.signal && { signal: options.signal }) },
        ),
      );
    }
    if (--entry.left === 0) {
      const answers = entry.answers;
      writes = writes.then(() =>
        writeChunk(db, cluster, entry.chunk, answers, consent, outcome).then(() =>
          options.onProgress?.({ ...outcome }),
        ),
      );
    }
  });
  await writes;
  return outcome;
}

function chunksOf(from: Date, to: Date, chunkHours: number): { from: Date; to: Date }[] {
  const chunks: { from: Date; to: Date }[] = [];
  for (let t = from.getTime(); t < to.getTime(); t += chunkHours * HOUR_MS)
    chunks.push({
      from: new Date(t),
      to: new Date(Math.min(t + chunkHours * HOUR_MS, to.getTime())),
    });
  return chunks;
}

/** Attempt n goes to source n mod k; between attempts the backoff doubles. */
async function withRetry<T>(
  sources: readonly TelemetrySource[],
  settings: TelemetrySettings,
  signal: AbortSignal | undefined,
  attempt: (source: TelemetrySource) => Promise<T>,
): Promise<T | Error> {
  if (sources.length === 0) return new Error('no source is configured for this cluster');
  let last: Error = new Error('not attempted');
  for (let n = 0; n < settings.attempts; n++) {
    if (n > 0) await sleep(settings.backoffMs * 2 ** (n - 1), signal);
    if (signal?.aborted) return new Error('harvest stopped');
    try {
      return await attempt(sources[n % sources.length]!);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      last = error;
    }
  }
  return last;
}

async function writeChunk(
  db: Db,
  cluster: string,
  chunk: { from: Date; to: Date },
  answers: (RangeAnswer | Error)[],
  consent: ConsentResolver,
  outcome: HarvestOutcome,
): Promise<void> {
  const hours = hoursOf(chunk.from, chunk.to);
  const failed = answers.find((answer): answer is Error => answer instanceof Error);
  if (failed) {
    await markTelemetryHours({ tx: db }, cluster, hours, {
      state: 'gap',
      reason: failed.message.slice(0, 500),
    });
    outcome.hoursGap += hours.length;
    outcome.errors.push(failed.message);
    return;
  }
  // Per namespace, its hours × metrics values (NaN: none) and which hours have any value.
  const metrics = TELEMETRY_METRICS.length;
  const byNamespace = new Map<string, { values: Float64Array; present: Uint8Array }>();
  let rowCount = 0;
  const first = chunk.from.getTime() + HOUR_MS;
  answers.forEach((answer, metric) => {
    for (const { namespace, times, values } of answer as RangeAnswer) {
      let entry = byNamespace.get(namespace);
      if (!entry) {
        entry = {
          values: new Float64Array(hours.length * metrics).fill(Number.NaN),
          present: new Uint8Array(hours.length),
        };
        byNamespace.set(namespace, entry);
      }
      for (let i = 0; i < times.length; i++) {
        const index = (times[i]! - first) / HOUR_MS;
        if (!Number.isInteger(index) || index < 0 || index >= hours.length) continue;
        if (entry.present[index] === 0) {
          entry.present[index] = 1;
          rowCount++;
        }
        entry.values[index * metrics + metric] = values[i]!;
      }
    }
  });
  await db.transaction().execute(async (tx) => {
    const ids = await upsertTelemetrySeries(
      { tx },
      cluster,
      [...byNamespace.keys()].map((namespace) => ({
        namespace,
        project: consent.projectOf(namespace),
      })),
    );
    await ensureHourlyPartitions({ tx }, chunk.from, chunk.to);
    const batch = hourlyBatch(rowCount);
    let row = 0;
    for (const [namespace, { values, present }] of byNamespace) {
      const seriesId = ids.get(namespace)!;
      for (let index = 0; index < hours.length; index++) {
        if (present[index] === 0) continue;
        const hour = hours[index]!;
        batch.seriesIds[row] = seriesId;
        batch.hours[row] = hour.getTime();
        const terms = consent.of({ tx }, namespace, hour);
        batch.consents[row] = typeof terms === 'number' ? terms : await terms;
        batch.values.set(values.subarray(index * metrics, (index + 1) * metrics), row * metrics);
        row++;
      }
    }
    batch.length = row;
    await writeHourlyBatch({ tx }, batch);
    await markTelemetryHours({ tx }, cluster, hours, { state: 'done' });
    await rollupTelemetryDays({ tx }, cluster, floorDay(chunk.from), ceilDay(chunk.to));
    outcome.rowsWritten += row;
  });
  outcome.hoursDone += hours.length;
}

interface ConsentResolver {
  projectOf(namespace: string): string | undefined;
  /**
   * 0 for the cloud's own namespaces; else the id of the terms that covered the hour (a
   * promise only the first time a terms version is met).
   */
  of(
    ctx: { tx: Parameters<typeof telemetryTermsId>[0]['tx'] },
    namespace: string,
    hour: Date,
  ): number | Promise<number>;
}

/** No accepted terms covered the hour: recorded as such, and never published. */
export const NO_TERMS = '(none accepted)';

async function consentResolver(db: Db, cluster: string): Promise<ConsentResolver> {
  const links = await telemetryProjectLinks({ tx: db }, cluster);
  const ids = new Map<string, number>();
  const idOf = (
    ctx: { tx: Parameters<typeof telemetryTermsId>[0]['tx'] },
    cover: TermsCover | undefined,
  ): number | Promise<number> => {
    const version = cover?.version ?? NO_TERMS;
    const key = `${version}\u0000${cover?.telemetry ?? false}`;
    const known = ids.get(key);
    if (known !== undefined) return known;
    return telemetryTermsId(ctx, version, cover?.telemetry ?? false).then((id) => {
      ids.set(key, id);
      return id;
    });
  };
  return {
    projectOf: (namespace) => links.get(namespace)?.project,
    of: (ctx, namespace, hour) => {
      const link = links.get(namespace);
      if (!link) return 0;
      // The terms in force for the hour: the latest accepted before the hour ended.
      const end = hour.getTime() + HOUR_MS;
      const cover = link.terms.filter((t) => t.acceptedAt.getTime() <= end).at(-1);
      return idOf(ctx, cover);
    },
  };
}
