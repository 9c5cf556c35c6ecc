import {
  completeJob,
  type Db,
  databaseNow,
  failAbandonedJobs,
  failJob,
  type JobRecord,
  type LeasedJob,
  leaseNextJob,
  renewJobLease,
} from '../store/index.ts';

/** What a running handler may know of its lease. */
export interface JobLease {
  /**
   * Aborted when the lease was lost (it ran out and another worker took the job): stop
   * early; whatever this worker reports afterwards is discarded.
   */
  signal: AbortSignal;
  /**
   * Renew the lease now and throw if it is no longer this worker's. A handler calls it after
   * a slow outside effect (a push) and before it records what the effect did: a worker that
   * stalled past its lease (and was replaced) then writes nothing; one that still holds it
   * has another whole lease to write in.
   */
  confirm(): Promise<void>;
}

/**
 * Runs one job. `giveUp`, when a handler has it, is called once when the job failed its
 * last attempt, so what the job stood for (a request, a member change) is marked failed
 * instead of waiting for ever.
 */
export type JobHandler = ((job: JobRecord, lease: JobLease) => Promise<void>) & {
  giveUp?: (job: JobRecord, error: unknown) => Promise<void>;
};

export interface JobRunnerOptions {
  db: Db;
  handlers: Record<string, JobHandler>;
  /** How often to look for due jobs when idle. */
  pollMs?: number;
  /** How long a lease lasts unless renewed; a crashed worker's job is taken again after it. */
  leaseMs?: number;
  /** How often a running job's lease is renewed; default a third of leaseMs. */
  renewMs?: number;
  /** Attempts per job, on every path: a worker that died holding the lease used one. */
  maxAttempts?: number;
  /** Jobs one runDue runs at most (one lease at a time) before it yields. */
  batch?: number;
  /** Backoff before attempt n+1: base * 2^(n-1), capped. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  onError?: (job: JobRecord, error: unknown) => void;
  /** Called after a job succeeded (its writes are visible). */
  onDone?: (job: JobRecord) => void;
  /**
   * Called when this worker's result was discarded: its lease ran out while the handler
   * ran and another worker took the job. `outcome` is what this worker had to report.
   */
  onStale?: (job: JobRecord, outcome: 'done' | 'failed') => void;
}

/**
 * Runs side effects that left a request's transaction through the outbox (git pushes,
 * mail, chat, forge calls). At least once per job; handlers make the effect idempotent
 * (a dedupe key, a stable Message-ID, a check of the remote), so the effect is exactly once.
 * Jobs are leased one at a time; the lease is renewed while the handler runs, and every
 * result is fenced by the lease's token (docs/adr/0011-job-runner.md).
 */
export class JobRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private stopped = true;
  /** Set by stop(): the job in hand finishes, no other is taken. */
  private draining = false;

  constructor(private readonly options: JobRunnerOptions) {}

  start(): void {
    this.stopped = false;
    this.draining = false;
    this.schedule(0);
  }

  /** Take no more jobs; resolves once the job in hand (if any) has finished and reported. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.draining = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Run due jobs, one lease at a time, each once, up to `batch`; returns how many ran (tests call this). */
  async runDue(): Promise<number> {
    const kinds = Object.keys(this.options.handlers);
    const maxAttempts = this.maxAttempts();
    await this.giveUpOnAbandoned(kinds, maxAttempts);
    // What was due when the pass began, each once: a follow-up a job enqueues, or a job
    // that failed here and is due again at once (short backoff), waits for the next pass.
    const dueBy = await databaseNow({ tx: this.options.db });
    const ran: number[] = [];
    while (ran.length < (this.options.batch ?? 10) && !this.draining) {
      const job = await leaseNextJob(
        { tx: this.options.db },
        { leaseMs: this.leaseMs(), kinds, maxAttempts, dueBy, skip: ran },
      );
      if (!job) break;
      await this.runOne(job);
      ran.push(job.id);
    }
    return ran.length;
  }

  private async runOne(job: LeasedJob): Promise<void> {
    const { db } = this.options;
    const handler = this.options.handlers[job.kind];
    const heartbeat = this.keepLease(job);
    try {
      if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
      await handler(job, { signal: heartbeat.lost, confirm: heartbeat.confirm });
      heartbeat.stop();
      if (await completeJob({ tx: db }, job)) this.options.onDone?.(job);
      else this.options.onStale?.(job, 'done');
    } catch (error) {
      heartbeat.stop();
      this.options.onError?.(job, error);
      const retryAt =
        job.attempts < this.maxAttempts()
          ? new Date(Date.now() + this.backoff(job.attempts))
          : undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (!(await failJob({ tx: db }, job, message, retryAt))) {
        this.options.onStale?.(job, 'failed');
        return;
      }
      if (!retryAt && handler?.giveUp)
        await handler.giveUp(job, error).catch((failure) => this.options.onError?.(job, failure));
    }
  }

  /** Renew the lease while the handler runs; `lost` aborts once another worker holds it. */
  private keepLease(job: LeasedJob): {
    lost: AbortSignal;
    confirm(): Promise<void>;
    stop(): void;
  } {
    const lost = new AbortController();
    const confirm = async () => {
      if (
        !lost.signal.aborted &&
        (await renewJobLease({ tx: this.options.db }, job, this.leaseMs()))
      )
        return;
      clearInterval(timer);
      const error = new Error(`lease on job ${job.id} lost: another worker took it`);
      lost.abort(error);
      throw error;
    };
    const renew = async () => {
      try {
        if (!(await renewJobLease({ tx: this.options.db }, job, this.leaseMs()))) {
          clearInterval(timer);
          lost.abort(new Error(`lease on job ${job.id} lost: another worker took it`));
        }
      } catch (error) {
        // The database may be back before the lease runs out: keep trying.
        this.options.onError?.(job, error);
      }
    };
    const timer = setInterval(() => void renew(), this.options.renewMs ?? this.leaseMs() / 3);
    return { lost: lost.signal, confirm, stop: () => clearInterval(timer) };
  }

  /** Jobs whose worker died on their last attempt fail for good, as a failed last attempt does. */
  private async giveUpOnAbandoned(kinds: string[], maxAttempts: number): Promise<void> {
    const abandoned = await failAbandonedJobs({ tx: this.options.db }, { kinds, maxAttempts });
    for (const job of abandoned) {
      const error = new Error('its worker stopped during the last attempt');
      this.options.onError?.(job, error);
      await this.options.handlers[job.kind]
        ?.giveUp?.(job, error)
        .catch((failure) => this.options.onError?.(job, failure));
    }
  }

  private leaseMs(): number {
    return this.options.leaseMs ?? 60_000;
  }

  private maxAttempts(): number {
    return this.options.maxAttempts ?? 8;
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
