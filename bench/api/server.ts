import type { Server } from 'node:http';
import Fastify from 'fastify';
import { buildApp, ChangeSignal } from '../../src/server/index.ts';
import { openPostgresPool } from '../../src/store/database.ts';
import { type DatabaseConfig, openDatabase } from '../../src/store/index.ts';
import {
  directoryPageStatement,
  type PageRow,
  type ProjectQuery,
  pageItemsJson,
} from '../../src/store/ops/projects.ts';

/**
 * The benchmark's server process (forked by run.ts): opf's app on the prepared database, and
 * beside it, in the same process, a bare Fastify app with one route returning a constant JSON.
 * On the PostgreSQL server the bare app has a second route, /statement: a directory page read
 * with the very statement opf sends, through a pool set up as opf's is (openPostgresPool: its
 * size, named statements, JIT off), its rows joined into the same answer. It is the floor under
 * opf's route (the statement's own cost, the driver and HTTP), so a report shows how much of a
 * route's cost is opf's and how much the database's. Both listen on 127.0.0.1 only. Reports the
 * ports over IPC; stops on 'stop' or when the parent goes away.
 */
const config = JSON.parse(process.env.OPF_BENCH_DATABASE ?? 'null') as DatabaseConfig | null;
if (!config) throw new Error('OPF_BENCH_DATABASE is not set (run bench/api/run.ts)');

const database = await openDatabase(config);
const opf = await buildApp({
  db: database.db,
  databaseKind: database.kind,
  publicUrl: 'http://127.0.0.1',
  adminToken: 'bench-token-not-used-by-reads',
  ...(process.env.OPF_BENCH_CACHE !== 'off' && { changes: new ChangeSignal() }),
});
const bare = Fastify({ logger: false });
const CONSTANT = { ok: true, service: 'bare', items: [1, 2, 3] };
bare.get('/', async () => CONSTANT);
if (config.kind === 'postgres') {
  const pool = openPostgresPool(config);
  bare.addHook('onClose', () => pool.end());
  bare.get<{ Querystring: Record<string, string | undefined> }>(
    '/statement',
    async (request, reply) => {
      const { q, status, limit = '50', offset = '0' } = request.query;
      const query = {
        ...(q && { search: q }),
        ...(status && { status: status as ProjectQuery['status'] }),
        limit: Number(limit),
        offset: Number(offset),
      };
      const statement = directoryPageStatement(query);
      const { rows } = await pool.query<PageRow>(statement.sql, [...statement.parameters]);
      const total = Number(rows[0]?.total ?? 0);
      return reply
        .type('application/json')
        .send(
          `{"items":${pageItemsJson(rows)},"total":${total},"limit":${query.limit},"offset":${query.offset}}`,
        );
    },
  );
}

await opf.listen({ host: '127.0.0.1', port: 0 });
await bare.listen({ host: '127.0.0.1', port: 0 });
const portOf = (app: { server: Server }) => {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return address.port;
};

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await Promise.allSettled([opf.close(), bare.close()]);
  await database.close();
  process.exit(0);
}
process.on('message', (message) => {
  if (message === 'stop') void stop();
});
process.on('disconnect', () => void stop());
process.send?.({ opfPort: portOf(opf), barePort: portOf(bare), pid: process.pid });
