import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { ChangeSignal } from './change-signal.ts';

const CHANNEL = 'opf_data_changed';

/**
 * Carry changes between replicas that share a PostgreSQL server: this process's changes
 * are NOTIFY'd, and other processes' notifications raise the signal here. Returns a stop.
 */
export async function bridgeChangesOverPostgres(
  url: string,
  signal: ChangeSignal,
): Promise<() => Promise<void>> {
  const me = randomUUID();
  const listener = new pg.Client({ connectionString: url });
  await listener.connect();
  await listener.query(`listen ${CHANNEL}`);
  listener.on('notification', (message) => {
    if (message.payload !== me) signal.changed('remote');
  });
  const unsubscribe = signal.subscribe((origin) => {
    if (origin === 'local')
      listener.query('select pg_notify($1, $2)', [CHANNEL, me]).catch(() => undefined);
  });
  return async () => {
    unsubscribe();
    await listener.end();
  };
}
