import { completeJob, type Db, failJob, type JobRecord, leaseDueJobs } from '../store/index.ts';

/**
 * Runs one job. `giveUp`, when a handler has it, is called once when the job failed its
 * last attempt, so what the job stood for (a request, a member change) is marked failed
 * instead of waiting for ever.
 */
export type JobHandler = ((job: JobRecord) => Promise<void>) & {
  giveUp?: (job: JobRecord, error: unknown) => Promise<void>;
};

export interface JobRunnerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  /** How often to look for due jobs when idle. */
  pollMs?: number;
  /** How long a leased job is ours; a crashed worker's job is taken again after this. */
  leaseMs?: number;
  maxAttempts?: number;
  /** Backoff before attempt n+1: base * 2^(n-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onError?: (job: JobRecord, error: unknown) => void;
  /** Called after a job succeeded (its writes are visible). */
  onDone?: (job: JobRecord) => void;
}

/**
 * Runs side effects that left a request's transaction through the outbox (git pushes,
 * mail, chat, forge calls). At least once per job; handlers make the effect idempotent
 * (a dedupe key, a stable Message-ID, a check of the remote), so the effect is exactly once.
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;

  constructor(private readonly options: JobRunnerOptions) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Run every due job once; returns how many ran (tests call this directly). */
  async runDue(): Promise<number> {
    const { db, handlers } = this.options;
    const jobs = await leaseDueJobs(
      { tx: db },
      10,
      this.options.leaseMs ?? 60_000,
      Object.keys(handlers),
    );
    for (const job of jobs) {
      const handler = handlers[job.kind];
      try {
        if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
        await handler(job);
        await completeJob({ tx: db }, job.id);
        this.options.onDone?.(job);
      } catch (error) {
        this.options.onError?.(job, error);
        const retryAt =
          job.attempts < (this.options.maxAttempts ?? 8)
            ? new Date(Date.now() + this.backoff(job.attempts))
            : undefined;
        await failJob(
          { tx: db },
          job.id,
          error instanceof Error ? error.message : String(error),
          retryAt,
        );
        if (!retryAt && handler?.giveUp)
          await handler.giveUp(job, error).catch((failure) => this.options.onError?.(job, failure));
      }
    }
    return jobs.length;
  }

  private backoff(attempts: number): number {
    const base = this.options.backoffBaseMs ?? 1000;
    return Math.min(base * 2 ** Math.max(0, attempts - 1), this.options.backoffMaxMs ?? 5 * 60_000);
  }

  private schedule(delay: number): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.runDue()
        .then((count) => this.schedule(count > 0 ? 0 : (this.options.pollMs ?? 1000)))
        .catch(() => this.schedule(this.options.pollMs ?? 1000));
    }, delay);
  }
}
