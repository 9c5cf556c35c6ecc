import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { countRateLimited, type Db, pruneRateLimits } from '../store/index.ts';

/** No limit's window is longer than this; older rows are only history. */
const LONGEST_WINDOW_MS = 24 * 60 * 60_000;
/** Prune old windows once in so many counted requests (per process). */
const PRUNE_EVERY = 1000;

/**
 * @fastify/rate-limit's store in PostgreSQL: the count for a key (the client address and
 * the route's limit group) is one row every replica increments, so neither another replica
 * nor a restart hands out a fresh allowance. Routes of one group (`groupId`) share one
 * budget, since the key is the address and the group, not the route.
 */
export function postgresRateLimitStore(db: Db): FastifyRateLimitStoreCtor {
  return class extends PostgresRateLimitStore {
    constructor() {
      super(db);
    }
  };
}

class PostgresRateLimitStore implements FastifyRateLimitStore {
  private counted = 0;

  constructor(private readonly db: Db) {}

  incr(
    key: string,
    callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
    timeWindow: number,
  ): void {
    this.counted += 1;
    if (this.counted % PRUNE_EVERY === 0)
      void pruneRateLimits({ tx: this.db }, LONGEST_WINDOW_MS).catch(() => {});
    countRateLimited({ tx: this.db }, key, timeWindow).then(
      ({ count, resetInMs }) => callback(null, { current: count, ttl: resetInMs }),
      (error: Error) => callback(error),
    );
  }

  /** Every route counts into the same table: the key carries the group, not the route. */
  child(): FastifyRateLimitStore {
    return this;
  }
}

/**
 * The one budget `/auth/*` and `/api/v1/tokens` share per client address (docs/identity.md):
 * every route of the group counts into the same row.
 */
export function authRateLimit(max: number) {
  return { max, timeWindow: '1 minute', groupId: '@auth' };
}
