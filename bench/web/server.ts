import type { Server } from 'node:http';
import { buildApp, ChangeSignal } from '../../src/server/index.ts';
import { type DatabaseConfig, openDatabase } from '../../src/store/index.ts';

/**
 * The web benchmark's server process (forked by run.ts): opf's app, serving the built portal
 * from dist/web and the API on the prepared database, as `opf serve` does (with the public read
 * cache unless OPF_BENCH_CACHE=off). The anchor page is one more route on the same app, so it
 * passes through the same HTTP stack (security headers, CSP, authorization hook, metrics).
 * Listens on 127.0.0.1 only; reports the port and the anchor's path over IPC; stops on 'stop' or when the parent goes.
 */
const ANCHOR_PATH = '/bench/anchor';

/** The anchor: a tiny static page with one element, no script, no style sheet (and an empty
 * icon, so chromium does not ask for /favicon.ico). */
const ANCHOR_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>anchor</title><link rel="icon" href="data:,"></head>
<body><h1 id="anchor">opf</h1></body>
</html>
`;

if (process.env.OPF_BENCH_DATABASE) {
  const config = JSON.parse(process.env.OPF_BENCH_DATABASE) as DatabaseConfig;
  const database = await openDatabase(config);
  const opf = await buildApp(
    {
      db: database.db,
      databaseKind: database.kind,
      publicUrl: 'http://127.0.0.1',
      // run.ts posts an announcement and a notice with it, so those pages have content.
      adminToken: process.env.OPF_BENCH_ADMIN_TOKEN ?? '',
      ...(process.env.OPF_BENCH_CACHE !== 'off' && { changes: new ChangeSignal() }),
    },
    // Warnings only: a page the server could not render (sent as the shell) says why.
    { logger: { level: 'warn' } },
  );
  opf.get(
    ANCHOR_PATH,
    { config: { policy: 'public' }, schema: { hide: true } },
    async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(ANCHOR_HTML),
  );
  await opf.listen({ host: '127.0.0.1', port: 0 });

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await opf.close().catch(() => undefined);
    await database.close();
    process.exit(0);
  };
  process.on('message', (message) => {
    if (message === 'stop') void stop();
  });
  process.on('disconnect', () => void stop());
  const address = (opf.server as Server).address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  process.send?.({ port: address.port, anchorPath: ANCHOR_PATH });
}
