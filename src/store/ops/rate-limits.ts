import { sql } from 'kysely';
import type { TxContext } from '../schema.ts';

/**
 * Count one request against `key` in a fixed window of `windowMs`, in one statement: the
 * row is created, restarted when its window has passed, or incremented, atomically, so
 * every replica counts into the same budget. Returns the count so far in this window and
 * how long until it ends.
 */
export async function countRateLimited(
  { tx }: TxContext,
  key: string,
  windowMs: number,
): Promise<{ count: number; resetInMs: number }> {
  const window = sql`make_interval(secs => ${windowMs / 1000})`;
  const result = await sql<{ count: number; reset_in_ms: number }>`
    insert into rate_limits as r (key, window_start, count) values (${key}, now(), 1)
    on conflict (key) do update set
      window_start = case when r.window_start + ${window} <= now() then now() else r.window_start end,
      count = case when r.window_start + ${window} <= now() then 1 else r.count + 1 end
    returning count,
      extract(epoch from (window_start + ${window} - now())) * 1000 as reset_in_ms`.execute(tx);
  const row = result.rows[0]!;
  return { count: Number(row.count), resetInMs: Math.max(0, Math.ceil(Number(row.reset_in_ms))) };
}

/** Forget windows that started before `olderThanMs` ago (longer than any limit's window). */
export async function pruneRateLimits({ tx }: TxContext, olderThanMs: number): Promise<void> {
  await sql`delete from rate_limits
    where window_start < now() - make_interval(secs => ${olderThanMs / 1000})`.execute(tx);
}
