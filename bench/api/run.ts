import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon, { type Result } from 'autocannon';
import pg from 'pg';
import { seedReferenceData } from '../../src/seed/index.ts';
import { type DatabaseConfig, openDatabase } from '../../src/store/index.ts';
import { preparePglite, preparePostgres } from '../support/database.ts';
import { processCpuMs } from '../support/process-cpu.ts';
import { Cleanups, endRunWithin, forkServer, markdownTable } from '../support/run-steps.ts';
import { type DatasetSummary, generateDataset, loadDataset } from './dataset.ts';

/**
 * API read benchmark (issue 2): 10,000 projects and 50,000 audit events, autocannon at 50
 * connections against opf's read routes and, in the same run, a bare Fastify route returning
 * a constant JSON (the anchor). Prints requests/s, p50 and p99 latency, the ratio to the bare
 * route, and whether the targets hold: p99 < 25 ms and at least 40% of the bare throughput
 * (issue 2), or 5% with --no-cache (issue 10: the first read after a write).
 *
 *   node --import tsx bench/api/run.ts [--pglite] [--no-cache] [--duration 10] [--warmup 3]
 *
 * opf runs as `opf serve` does, with the public read cache (anonymous reads are answered
 * from memory until something is written); --no-cache measures every read going to the
 * database, the cost of the first read after a write.
 *
 * PostgreSQL server by default (DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres):
 * a fresh database opf_bench_<random>, dropped at the end. --pglite: the embedded PGlite, in a
 * temporary directory. Everything runs on 127.0.0.1 and stops by itself.
 */
const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '50' },
    projects: { type: 'string', default: '10000' },
    events: { type: 'string', default: '50000' },
    history: { type: 'string', default: '200' },
  },
});
const DURATION = Number(args.duration);
const WARMUP = Number(args.warmup);
const CONNECTIONS = Number(args.connections);
const P99_TARGET_MS = 25;
const RATIO_TARGET = args['no-cache'] ? 0.05 : 0.4;

/** anchor: the bare route; reference: opf's own floors, shown, not judged; judged: the targets. */
type Role = 'anchor' | 'reference' | 'judged';

interface Target {
  name: string;
  role: Role;
  /** One path, or several that each connection walks through in turn. */
  path: string | string[];
  /** The server it runs on: opf, unless it is the bare app's (the anchor, the floor). */
  on?: 'bare';
  /** A floor's opf paths, one for each of its own, whose answers its own must equal. */
  floorOf?: string[];
}

const cleanups = new Cleanups();
const cleanup = () => cleanups.run();

// The hard limit: well over the expected time.
endRunWithin(cleanups, (7 * (DURATION + WARMUP) + 300) * 1000);

async function main(): Promise<void> {
  const started = Date.now();
  const config = await prepare(args.pglite);

  // 1. Schema, reference data and the data set.
  const t0 = Date.now();
  const { tables, summary } = generateDataset({
    projects: Number(args.projects),
    auditEvents: Number(args.events),
    longHistory: Number(args.history),
  });
  const database = await openDatabase(config);
  await database.db.transaction().execute((tx) => seedReferenceData(tx));
  await loadDataset(database.db, tables);
  await database.close();
  console.log(describeDataset(summary, Date.now() - t0));

  // 2. The servers, in a child process: autocannon here, servers there, PostgreSQL beside.
  const ports = await forkServer<{ opfPort: number; barePort: number; pid: number }>(
    fileURLToPath(new URL('./server.ts', import.meta.url)),
    {
      OPF_BENCH_DATABASE: JSON.stringify(config),
      OPF_BENCH_CACHE: args['no-cache'] ? 'off' : 'on',
    },
    cleanups,
  );

  // 3. The runs: the anchor first, opf's floors (its stack without the database, then with one
  //    trivial query), opf's reads, and the anchor again last. opf's routes are compared with
  //    the mean of the two anchor runs, so a change in the machine's load during the run shows.
  const pages = Math.ceil(summary.projects / 50);
  // Every page of the directory, in order: autocannon builds each request once and each
  // connection cycles through them (building a path per request would load the client, not opf).
  const everyPage = Array.from(
    { length: pages },
    (_, page) => `/api/v1/projects?limit=50&offset=${page * 50}`,
  );
  const anchor: Target = { name: 'bare Fastify route', role: 'anchor', path: '/', on: 'bare' };
  const filtered = `/api/v1/projects?q=${summary.searchWord}&status=active`;
  // A directory route's floor (server only): its statement through the bare app's /statement.
  const floor = (name: string, path: string | string[]): Target[] => {
    const paths = typeof path === 'string' ? [path] : path;
    return args.pglite
      ? []
      : [
          {
            name: `${name}: its statement, bare Fastify + pg`,
            role: 'reference',
            path: paths.map((each) => each.replace('/api/v1/projects', '/statement')),
            on: 'bare',
            floorOf: paths,
          },
        ];
  };
  const targets: Target[] = [
    { ...anchor, name: `${anchor.name}, first` },
    { name: 'opf /healthz (no database)', role: 'reference', path: '/healthz' },
    { name: 'opf /readyz (select 1)', role: 'reference', path: '/readyz' },
    {
      name: 'projects, paged (limit=50, offset cycles 0…)',
      role: 'judged',
      path: everyPage,
    },
    ...floor('paged', everyPage),
    {
      name: `projects, filtered (q=${summary.searchWord}&status=active)`,
      role: 'judged',
      path: filtered,
    },
    ...floor('filtered', filtered),
    {
      name: `request detail (id ${summary.longHistoryRequestId}, ${summary.longHistoryEvents} events)`,
      role: 'judged',
      path: `/api/v1/requests/${summary.longHistoryRequestId}`,
    },
    { ...anchor, name: `${anchor.name}, last` },
  ];
  // CPU time per answered request, of the server process and of the database's backends: a
  // figure that other load on the machine disturbs far less than requests/s.
  const cpu = new CpuMeter(ports.pid, config.kind === 'postgres' ? config.url : undefined);
  cleanups.push(() => cpu.close());
  const rows: Row[] = [];
  const loadBefore = loadavg()[0]!;
  for (const target of targets) {
    const port = target.on === 'bare' ? ports.barePort : ports.opfPort;
    const bytes = await check(port, target);
    if (target.floorOf) await sameAnswer(ports.opfPort, target.floorOf, port, target);
    // Each page once, in order, before the warm-up: with every connection walking the pages in
    // step, a timed run would otherwise keep meeting pages nobody has read yet.
    if (Array.isArray(target.path))
      for (const path of target.path) await (await fetch(`http://127.0.0.1:${port}${path}`)).text();
    if (WARMUP > 0) await cannon(port, target, WARMUP);
    const before = await cpu.read();
    const result = await cannon(port, target, DURATION);
    const used = CpuMeter.delta(before, await cpu.read());
    rows.push(toRow(target, bytes, result, used));
  }
  console.log(report(rows, args.pglite ? 'PGlite (embedded)' : 'PostgreSQL server'));
  // Other work on the machine skews every figure; say how busy it was.
  console.log(
    `load average (1 min) ${loadBefore.toFixed(2)} before the runs, ${loadavg()[0]!.toFixed(2)} after`,
  );
  console.log(`total time ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const failed = rows.some((row) => row.role === 'judged' && (!row.p99ok || !row.ratioOk));
  process.exitCode = failed ? 1 : 0;
}

/** The bench database, dropped at the end of the run. */
async function prepare(pglite: boolean): Promise<DatabaseConfig> {
  const prepared = pglite ? preparePglite() : await preparePostgres();
  cleanups.push(prepared.drop);
  return prepared.config;
}

/** One request first: the route must answer 200 (a benchmark of errors measures nothing). */
async function check(port: number, target: Target): Promise<number> {
  const path = typeof target.path === 'string' ? target.path : target.path[0]!;
  const response = await fetch(`http://127.0.0.1:${port}${path}`);
  const body = await response.text();
  if (response.status !== 200)
    throw new Error(`${path} answered ${response.status}: ${body.slice(0, 500)}`);
  return Buffer.byteLength(body);
}

/** A floor answers what its opf route answers, byte for byte, on every path, or it is no floor. */
async function sameAnswer(opfPort: number, opfPaths: string[], port: number, target: Target) {
  const paths = typeof target.path === 'string' ? [target.path] : target.path;
  for (const [i, path] of paths.entries()) {
    const opfPath = opfPaths[i]!;
    const [opf, floor] = await Promise.all(
      [`${opfPort}${opfPath}`, `${port}${path}`].map(async (at) =>
        (await fetch(`http://127.0.0.1:${at}`)).text(),
      ),
    );
    if (opf !== floor) throw new Error(`${path} does not answer what ${opfPath} does`);
  }
}

function cannon(port: number, target: Target, duration: number): Promise<Result> {
  const { path } = target;
  return autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: CONNECTIONS,
    duration,
    timeout: 10,
    requests: (typeof path === 'string' ? [path] : path).map((each) => ({
      method: 'GET',
      path: each,
    })),
  });
}

interface Row {
  name: string;
  role: Role;
  bytes: number;
  /** CPU ms per answered request: the server process, the database backends (server only). */
  serverCpu: number | undefined;
  dbCpu: number | undefined;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  ratio: number;
  p99ok: boolean;
  ratioOk: boolean;
}

function toRow(target: Target, bytes: number, result: Result, used: CpuUse): Row {
  const errors = result.errors + result.timeouts + result.non2xx;
  const answered = Math.max(1, result['2xx'] + result.non2xx);
  return {
    name: target.name,
    role: target.role,
    bytes,
    serverCpu: used.server === undefined ? undefined : used.server / answered,
    dbCpu: used.db === undefined ? undefined : used.db / answered,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors,
    ratio: 1,
    p99ok: result.latency.p99 < P99_TARGET_MS && errors === 0,
    ratioOk: true,
  };
}

function report(rows: Row[], where: string): string {
  const anchors = rows.filter((row) => row.role === 'anchor');
  const anchor = anchors.reduce((sum, row) => sum + row.rps, 0) / anchors.length;
  for (const row of rows) {
    row.ratio = row.rps / anchor;
    row.ratioOk = row.ratio >= RATIO_TARGET;
  }
  const header = [
    'route',
    'body B',
    'req/s',
    'p50 ms',
    'p99 ms',
    'errors',
    'vs bare',
    'CPU ms/req server',
    'CPU ms/req db',
    'targets',
  ];
  const ms = (value: number | undefined) => (value === undefined ? '-' : value.toFixed(3));
  const left = new Set([0, header.length - 1]);
  const lines = rows.map((row) => [
    row.name,
    String(row.bytes),
    row.rps.toFixed(0),
    row.p50.toFixed(1),
    row.p99.toFixed(1),
    String(row.errors),
    `${(row.ratio * 100).toFixed(1)}%`,
    ms(row.serverCpu),
    ms(row.dbCpu),
    row.role !== 'judged'
      ? row.role
      : `p99 < ${P99_TARGET_MS} ms ${row.p99ok ? 'ok' : 'FAIL'}, ≥ ${RATIO_TARGET * 100}% ${row.ratioOk ? 'ok' : 'FAIL'}`,
  ]);
  return [
    '',
    `${where}; autocannon ${CONNECTIONS} connections, ${DURATION} s per route after ${WARMUP} s warm-up;`,
    `${cpus().length} CPUs shared by autocannon, the servers and the database; node ${process.version}; ratio vs the mean of the two anchor runs (${anchor.toFixed(0)} req/s)`,
    markdownTable(header, lines, left),
  ].join('\n');
}

function describeDataset(s: DatasetSummary, ms: number): string {
  return [
    `data set loaded in ${(ms / 1000).toFixed(1)} s: ${s.projects} projects, ${s.requests} requests, ${s.auditEvents} audit events,`,
    `  ${s.namespaceClaims} namespace claims, ${s.comments} comments, ${s.termsAcceptances} terms acceptances;`,
    `  ${s.activeProjects} active projects, ${s.searchActiveMatches} of them match "${s.searchWord}"`,
  ].join('\n');
}

interface CpuUse {
  server: number | undefined;
  db: number | undefined;
}

/**
 * CPU time (ms) from /proc (Linux; elsewhere the columns show '-'): the server process, and the
 * PostgreSQL backends serving the bench database (found through pg_stat_activity; a backend
 * started during a run counts from zero). Clock ticks are taken as 100 Hz, Linux's USER_HZ.
 */
class CpuMeter {
  private client: pg.Client | undefined;
  private connected: Promise<void> | undefined;

  constructor(
    private readonly serverPid: number,
    url: string | undefined,
  ) {
    if (url) {
      this.client = new pg.Client({ connectionString: url });
      this.connected = this.client.connect().then(() => undefined);
    }
  }

  async read(): Promise<{ server: number | undefined; db: Map<number, number> | undefined }> {
    const server = processCpuMs(this.serverPid);
    if (!this.client) return { server, db: undefined };
    await this.connected;
    const { rows } = await this.client.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    const db = new Map<number, number>();
    for (const { pid } of rows) {
      const ticks = processCpuMs(pid);
      if (ticks !== undefined) db.set(pid, ticks);
    }
    return { server, db };
  }

  static delta(
    before: Awaited<ReturnType<CpuMeter['read']>>,
    after: Awaited<ReturnType<CpuMeter['read']>>,
  ): CpuUse {
    const server =
      before.server === undefined || after.server === undefined
        ? undefined
        : after.server - before.server;
    let db: number | undefined;
    if (after.db && after.db.size > 0) {
      db = 0;
      for (const [pid, ticks] of after.db) db += ticks - (before.db?.get(pid) ?? 0);
    }
    return { server, db };
  }

  async close(): Promise<void> {
    if (this.client) await this.client.end();
    this.client = undefined;
  }
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
