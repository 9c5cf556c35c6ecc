/**
 * A job runner in its own process, on a PGlite data directory, for the kill test: it runs
 * due jobs until the test kills it with SIGKILL (or stops by itself after a bounded time).
 */
import { openDatabase } from '../../src/store/index.ts';
import { runnerFor, settingsFor } from './delivery-setup.ts';
import type { TestSmtp, TestWebhooks } from './listeners.ts';

const [dataDir, smtpPort, hooksUrl] = process.argv.slice(2);
const database = await openDatabase({ kind: 'pglite', dataDir: dataDir! });
const settings = settingsFor(
  { port: Number(smtpPort) } as TestSmtp,
  { url: hooksUrl } as TestWebhooks,
);
// A short lease, so the survivor takes the killed worker's job again soon.
const runner = runnerFor(database.db, settings, 1500);
process.stdout.write('ready\n');
for (let round = 0; round < 400; round++) {
  await runner.runDue();
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await database.close();
