import type { JobHandler } from '../jobs/index.ts';
import {
  applyTelemetryRetention,
  createHarvestRun,
  type Db,
  enqueueJob,
  findHarvestRun,
  lastHarvestedHour,
  telemetryGapHours,
  updateHarvestRun,
} from '../store/index.ts';
import { publishDatasetDays } from './dataset-export.ts';
import { type HarvestOutcome, harvestRange } from './harvest.ts';
import { ceilDay, DAY_MS, floorDay, floorHour, HOUR_MS, rangesOf } from './hours.ts';
import { type TelemetrySettings, telemetryClusters } from './settings.ts';

export const TELEMETRY_TICK_JOB = 'telemetry.tick';
export const TELEMETRY_HARVEST_JOB = 'telemetry.harvest';

/** Gap hours one tick tries again per cluster (the rest wait for the next tick). */
const GAP_HOURS_PER_TICK = 24 * 31;

/**
 * The hourly tick: put the next one in the outbox (a dedupe key per hour, so replicas and
 * restarts make one), unless telemetry has no source.
 */
export async function scheduleTelemetryTick(
  db: Db,
  settings: TelemetrySettings,
  at = new Date(),
): Promise<void> {
  if (settings.sources.length === 0) return;
  // A few minutes past the hour: the hour's last samples have been scraped by then.
  const hour = floorHour(at);
  const runAt = new Date(Math.max(hour.getTime() + 3 * 60_000, at.getTime()));
  await enqueueJob(
    { tx: db },
    {
      kind: TELEMETRY_TICK_JOB,
      payload: {},
      dedupeKey: `${TELEMETRY_TICK_JOB}:${hour.toISOString()}`,
      runAt,
    },
  );
}

/** Ask for a harvest of a range (the API's POST): a run record and its job, together. */
export async function requestHarvest(
  db: Db,
  request: { cluster: string; from: Date; to: Date; requestedBy: string },
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const id = await createHarvestRun({ tx }, { ...request, trigger: 'request' });
    await enqueueJob({ tx }, { kind: TELEMETRY_HARVEST_JOB, payload: { runId: id } });
    return id;
  });
}

/**
 * One cluster's scheduled harvest: the hours since the last harvested one (incremental;
 * the first reaches back `firstHarvestHours`), then gap hours again, oldest first.
 */
export async function harvestClusterNow(
  db: Db,
  settings: TelemetrySettings,
  cluster: string,
  options: { signal?: AbortSignal; now?: Date } = {},
): Promise<HarvestOutcome> {
  const now = floorHour(options.now ?? new Date());
  const last = await lastHarvestedHour({ tx: db }, cluster);
  const from = last
    ? new Date(last.getTime() + HOUR_MS)
    : new Date(now.getTime() - settings.firstHarvestHours * HOUR_MS);
  const total: HarvestOutcome = { hoursDone: 0, hoursGap: 0, rowsWritten: 0, errors: [] };
  const add = (outcome: HarvestOutcome) => {
    total.hoursDone += outcome.hoursDone;
    total.hoursGap += outcome.hoursGap;
    total.rowsWritten += outcome.rowsWritten;
    total.errors.push(...outcome.errors);
  };
  const gaps = await telemetryGapHours({ tx: db }, cluster, GAP_HOURS_PER_TICK);
  const ranges = [
    ...rangesOf(gaps).filter((r) => r.from < from),
    ...(from < now ? [{ from, to: now }] : []),
  ];
  for (const range of ranges) {
    const id = await createHarvestRun({ tx: db }, { cluster, ...range, trigger: 'schedule' });
    add(await runHarvest(db, settings, id, cluster, range, options));
  }
  return total;
}

async function runHarvest(
  db: Db,
  settings: TelemetrySettings,
  id: number,
  cluster: string,
  range: { from: Date; to: Date },
  options: { signal?: AbortSignal; now?: Date },
): Promise<HarvestOutcome> {
  await updateHarvestRun({ tx: db }, id, { state: 'running' });
  try {
    const outcome = await harvestRange(db, settings, cluster, range, {
      ...options,
      onProgress: (progress) =>
        void updateHarvestRun({ tx: db }, id, {
          hoursDone: progress.hoursDone,
          hoursGap: progress.hoursGap,
          rowsWritten: progress.rowsWritten,
        }).catch(() => {}),
    });
    await publishClosedDays(db, range, options.now ?? new Date(), outcome);
    await updateHarvestRun({ tx: db }, id, {
      state: 'done',
      hoursDone: outcome.hoursDone,
      hoursGap: outcome.hoursGap,
      rowsWritten: outcome.rowsWritten,
      ...(outcome.errors[0] && { error: outcome.errors[0].slice(0, 500) }),
    });
    return outcome;
  } catch (error) {
    await updateHarvestRun({ tx: db }, id, {
      state: 'failed',
      error: (error as Error).message.slice(0, 500),
    });
    throw error;
  }
}

/**
 * Once a harvest is in, the datasets' parts of the closed UTC days it covered are written
 * (docs/adr/0032-published-day-parts.md), so that exports stitch them instead of reading the
 * rows again. A day whose part is current is skipped. A failure here costs only speed (the
 * export reads a day without a current part from the rows): recorded, not thrown.
 */
async function publishClosedDays(
  db: Db,
  range: { from: Date; to: Date },
  now: Date,
  outcome: HarvestOutcome,
): Promise<void> {
  // Every day the range touched, once it has ended.
  const end = Math.min(ceilDay(range.to).getTime(), floorDay(now).getTime());
  const days: string[] = [];
  for (let day = floorDay(range.from).getTime(); day < end; day += DAY_MS)
    days.push(new Date(day).toISOString().slice(0, 10));
  if (days.length === 0) return;
  try {
    await publishDatasetDays(db, days);
  } catch (error) {
    outcome.errors.push(`publishing the datasets' days: ${(error as Error).message}`);
  }
}

/** The telemetry jobs of the job runner. */
export function telemetryJobs(db: Db, settings: TelemetrySettings): Record<string, JobHandler> {
  const tick: JobHandler = async (_job, lease) => {
    // The next tick first: a tick that fails or is cut short still has a successor.
    await scheduleTelemetryTick(db, settings, new Date(Date.now() + HOUR_MS));
    for (const cluster of telemetryClusters(settings))
      await harvestClusterNow(db, settings, cluster, { signal: lease.signal });
    const now = Date.now();
    await applyTelemetryRetention(
      { tx: db },
      {
        hourlyBefore: new Date(now - settings.retention.hourlyDays * DAY_MS),
        dailyBefore: new Date(now - settings.retention.dailyDays * DAY_MS),
      },
    );
  };
  const harvest: JobHandler = async (job, lease) => {
    const { runId } = job.payload as { runId: number };
    const run = await findHarvestRun({ tx: db }, runId);
    if (!run || run.state === 'done') return;
    await runHarvest(
      db,
      settings,
      runId,
      run.cluster,
      { from: new Date(run.from), to: new Date(run.to) },
      {
        signal: lease.signal,
      },
    );
  };
  harvest.giveUp = async (job, error) => {
    const { runId } = job.payload as { runId: number };
    await updateHarvestRun({ tx: db }, runId, {
      state: 'failed',
      error: String((error as Error).message ?? error).slice(0, 500),
    });
  };
  return { [TELEMETRY_TICK_JOB]: tick, [TELEMETRY_HARVEST_JOB]: harvest };
}
