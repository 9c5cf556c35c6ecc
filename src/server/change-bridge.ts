import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeSignal } from './change-signal.ts';

const CHANNEL = 'opf_data_changed';

/**
 * Carry changes between replicas that share a PostgreSQL server: this process's changes
 * are NOTIFY'd, and other processes' notifications raise the signal here. Returns a stop.
 *
 * While the listening connection is down, this replica cannot hear the others: it raises
 * the signal every `retryMs` (so nothing it caches lives longer than that) and reconnects;
 * once back, it raises the signal again, and tells the others of any change it made while
 * it could not.
 */
export async function bridgeChangesOverPostgres(
  url: string,
  signal: ChangeSignal,
  options: { retryMs?: number } = {},
): Promise<() => Promise<void>> {
  const retryMs = options.retryMs ?? 1000;
  const me = randomUUID();
  let listener: pg.Client | undefined;
  let unsent = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;

  const notify = (client: pg.Client) =>
    client.query('select pg_notify($1, $2)', [CHANNEL, me]).then(
      () => undefined,
      () => {
        unsent = true;
      },
    );

  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString: url });
    // A lost connection emits 'error' then 'end'; 'end' starts the recovery.
    client.on('error', () => undefined);
    client.on('end', () => {
      if (listener !== client) return;
      listener = undefined;
      lost();
    });
    client.on('notification', (message) => {
      if (message.payload !== me) signal.changed('remote');
    });
    await client.connect();
    await client.query(`listen ${CHANNEL}`);
    listener = client;
  }

  function lost(): void {
    if (stopped) return;
    signal.changed('remote');
    retry = setTimeout(() => {
      connect().then(
        () => {
          signal.changed('remote');
          if (unsent && listener) {
            unsent = false;
            void notify(listener);
          }
        },
        () => lost(),
      );
    }, retryMs);
  }

  await connect();
  const unsubscribe = signal.subscribe((origin) => {
    if (origin !== 'local') return;
    if (listener) void notify(listener);
    else unsent = true;
  });
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    unsubscribe();
    const client = listener;
    listener = undefined;
    await client?.end();
  };
}
