import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeSignal } from './change-signal.ts';

const CHANNEL = 'opf_data_changed';

export interface ChangeBridgeOptions {
  /** Wait before reconnecting, and between clearings of the cache while disconnected. */
  retryMs?: number;
  /** How often the listening connection proves it is alive (a silent drop fires no event). */
  heartbeatMs?: number;
}

/**
 * Carry changes between replicas that share a PostgreSQL server: this process's changes
 * are NOTIFY'd, and other processes' notifications raise the signal here. Returns a stop.
 *
 * While the listening connection is down, this replica cannot hear the others: it raises
 * the signal every `retryMs` (so nothing it caches lives longer than that) and reconnects;
 * once back, it raises the signal again, and tells the others of any change it made while
 * it could not. A connection that stops answering its heartbeat counts as down.
 */
export async function bridgeChangesOverPostgres(
  url: string,
  signal: ChangeSignal,
  options: ChangeBridgeOptions = {},
): Promise<() => Promise<void>> {
  const retryMs = options.retryMs ?? 1000;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const me = randomUUID();
  let listener: pg.Client | undefined;
  let unsent = false;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  /** Notifications sent but not confirmed: if the connection dies, they may be lost. */
  let inFlight = 0;

  const notify = (client: pg.Client) => {
    inFlight += 1;
    return client.query('select pg_notify($1, $2)', [CHANNEL, me]).then(
      () => {
        inFlight -= 1;
      },
      () => {
        inFlight -= 1;
        unsent = true;
      },
    );
  };

  async function connect(): Promise<void> {
    const client = new pg.Client({ connectionString: url, keepAlive: true });
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
    try {
      await client.connect();
      await client.query(`listen ${CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    // Stopped while connecting: this connection is nobody's.
    if (stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    listener = client;
  }

  function lost(): void {
    if (stopped) return;
    if (inFlight > 0) unsent = true;
    signal.changed('remote');
    retry = setTimeout(() => {
      connect().then(
        () => {
          if (stopped || !listener) return;
          signal.changed('remote');
          if (unsent) {
            unsent = false;
            void notify(listener);
          }
        },
        () => lost(),
      );
    }, retryMs);
  }

  // Ask the connection for an answer now and then: no answer in time, and it counts as lost
  // (a dropped peer may never close the socket, so waiting for 'end' could take hours).
  const heartbeat = setInterval(() => {
    const client = listener;
    if (!client) return;
    const timeout = setTimeout(() => {
      if (listener !== client) return;
      listener = undefined;
      void client.end().catch(() => undefined);
      lost();
    }, heartbeatMs);
    client.query('select 1').then(
      () => clearTimeout(timeout),
      () => clearTimeout(timeout),
    );
  }, heartbeatMs);
  heartbeat.unref();

  await connect();
  const unsubscribe = signal.subscribe((origin) => {
    if (origin !== 'local') return;
    if (listener) void notify(listener);
    else unsent = true;
  });
  return async () => {
    stopped = true;
    clearInterval(heartbeat);
    if (retry) clearTimeout(retry);
    unsubscribe();
    const client = listener;
    listener = undefined;
    await client?.end();
  };
}
