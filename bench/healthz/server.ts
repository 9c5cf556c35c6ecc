import type { Server } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { seedReferenceData } from '../../src/seed/index.ts';
import { buildApp } from '../../src/server/index.ts';
import { openDatabase } from '../../src/store/index.ts';

/**
 * The /healthz bench's server process (forked by run.ts): opf on an in-memory PGlite with the
 * reference data (its meetings and request routes), on 127.0.0.1. It reports its port over
 * IPC and, when asked, the longest event-loop delay seen since the last question: the time
 * any one piece of work held the loop, whatever the machine's load does to the probes.
 */
const database = await openDatabase({ kind: 'pglite', dataDir: undefined });
await database.db.transaction().execute((tx) => seedReferenceData(tx));
const app = await buildApp({
  db: database.db,
  databaseKind: database.kind,
  publicUrl: 'http://127.0.0.1',
  adminToken: process.env.OPF_BENCH_TOKEN ?? '',
});
await app.listen({ host: '127.0.0.1', port: 0 });
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
  if (message === 'loop') {
    const cpu = process.cpuUsage();
    process.send?.({
      loopMaxMs: loop.max / 1e6,
      loopP99Ms: loop.percentile(99) / 1e6,
      cpuMs: (cpu.user + cpu.system) / 1000,
    });
    loop.reset();
  }
});
process.on('disconnect', () => void stop());
const address = (app.server as Server).address();
if (!address || typeof address === 'string') throw new Error('no TCP address');
process.send?.({ port: address.port });
