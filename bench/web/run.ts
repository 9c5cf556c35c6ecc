import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Browser, chromium } from 'playwright-core';
import { seedReferenceData } from '../../src/seed/index.ts';
import { type DatabaseConfig, openDatabase } from '../../src/store/index.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../../test/web/browser.ts';
import { buildWebIfStale } from '../../web/build.ts';
import { generateDataset, loadDataset } from '../api/dataset.ts';
import { preparePglite, preparePostgres } from '../support/database.ts';
import { Cleanups, endRunWithin, forkServer, markdownTable } from '../support/run-steps.ts';
import { bundleSizes, formatBundle } from './bundle.ts';
import { PROBE_SOURCE, type ProbeResult } from './probe.ts';

/**
 * Portal first-render benchmark (issues 5 and 15): with 10,000 projects and 50,000 audit
 * events in the store, headless chromium loads every page a visitor reads (the front page, the
 * directory, a project and its report, the overview, the meetings, a meeting, its next
 * occurrence, the announcements, one announcement, the status and the notices) from opf (the
 * built portal in dist/web, the API on the bench database), each time in a new browser context
 * (empty HTTP cache, no cookies, no storage: a first visit), and measures the time from
 * navigation start to the first meaningful render: when the page's own data was painted (the
 * directory's first row, the agenda's first item, ...), from the browser's Element Timing
 * entries (probe.ts). Each page is benched on content it really shows (benchPaths): an active
 * project, an agenda with requests on it, an announcement and a notice posted for the run.
 * Also when that data entered the DOM, FCP and LCP from the browser's own entries, and when the
 * portal answered clicks ("ready": its first render committed, the opf-ready mark).
 * Anchor, in the same run and the same rounds: a tiny static page with one element, served by
 * the same opf. Prints median and p95 per page, the ratio to the anchor, and whether the target
 * holds (p95 under 1 s); exits 1 when it does not.
 *
 *   node --import tsx bench/web/run.ts [--runs 20] [--warmup 2] [--pglite] [--no-cache] [--serve] [--samples]
 */
const { values: args } = parseArgs({
  options: {
    pglite: { type: 'boolean', default: false },
    'no-cache': { type: 'boolean', default: false },
    runs: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '2' },
    projects: { type: 'string', default: '10000' },
    events: { type: 'string', default: '50000' },
    'target-ms': { type: 'string', default: '1000' },
    // Prepare the data and the server, print the pages' addresses, and keep serving until
    // interrupted: for looking at one page by hand (curl, a trace) on the bench's data.
    serve: { type: 'boolean', default: false },
    // Also print each page's render times round by round: a slow round for every page is the
    // machine; one page slow alone is that page.
    samples: { type: 'boolean', default: false },
  },
});
const RUNS = Number(args.runs);
const WARMUP = Number(args.warmup);
const TARGET_MS = Number(args['target-ms']);
/** A load that shows nothing for this long has failed. */
const LOAD_TIMEOUT_MS = 15_000;
/** Ops, for this run only: benchPaths posts the announcement and the notice the pages show. */
const ADMIN_TOKEN = randomBytes(24).toString('base64url');

interface Target {
  name: string;
  role: 'anchor' | 'judged';
  path: string;
  /** JavaScript expressions, evaluated in the page: the elements holding the page's main data,
   *  new ones (main) and ones on screen before, changed in place (updated); see probe.ts. */
  main: string;
  updated?: string;
}

/** The pages' paths on this data set's own content (benchPaths). */
interface Paths {
  anchor: string;
  /** An active project with namespaces, requests and an engagement record. */
  project: string;
  /** The next coordination meeting: its agenda holds the requests in review. */
  agenda: string;
  announcement: number;
  notice: number;
}

/** Every portal page a visitor reads, each timed by the paint of its own data (never a
 *  "none yet" placeholder: benchPaths makes sure each page has something to show). */
const TARGETS = (paths: Paths): Target[] => [
  {
    name: 'anchor: static page, one element',
    role: 'anchor',
    path: paths.anchor,
    main: `[document.getElementById('anchor')]`,
  },
  {
    name: 'front page /',
    role: 'judged',
    path: '/',
    // The site content from /api/v1/site: the first of the three parts.
    main: `[document.querySelector('[data-test="three-parts"] [data-test="part"]')]`,
  },
  {
    name: 'projects directory /projects',
    role: 'judged',
    path: '/projects',
    main: `[document.querySelector('[data-test="projects-table-row"]')]`,
  },
  {
    name: 'a project /projects/{name}',
    role: 'judged',
    path: `/projects/${paths.project}`,
    main: `[document.querySelector('[data-test="project-description"]')]`,
  },
  {
    name: 'its report /projects/{name}/report',
    role: 'judged',
    path: `/projects/${paths.project}/report`,
    main: `[document.querySelector('[data-test="report-coverage"]')]`,
  },
  {
    name: 'overview dashboard /overview',
    role: 'judged',
    path: '/overview',
    // The recent requests listed, and the counts by state filled in (no '…' left).
    main: `[document.querySelector('[data-test="recent-request"]')]`,
    updated: `(() => {
      const cells = [...document.querySelectorAll('[data-test^="count-"] td')];
      return [cells.length > 0 && cells.every((cell) => cell.textContent !== '…') && cells[0]];
    })()`,
  },
  {
    name: 'meetings /meetings',
    role: 'judged',
    path: '/meetings',
    // The paragraph holding the next occurrence's link: Element Timing reports text by the
    // block that lays it out, so an inline link alone would never be reported.
    main: `[document.querySelector('[data-test="meeting"] [data-test="next-occurrence"]')?.closest('p')]`,
  },
  {
    name: 'a meeting /meetings/coordination',
    role: 'judged',
    path: '/meetings/coordination',
    main: `[document.querySelector('[data-test="occurrence"]')]`,
  },
  {
    name: 'an occurrence /meetings/coordination/{next}',
    role: 'judged',
    path: paths.agenda,
    // The first agenda item: the requests in review, proposed live.
    main: `[document.querySelector('[data-test="agenda-item"]')]`,
  },
  {
    name: 'announcements /announcements',
    role: 'judged',
    path: '/announcements',
    main: `[document.querySelector('[data-test="announcement"]')]`,
  },
  {
    name: 'an announcement /announcements/{id}',
    role: 'judged',
    path: `/announcements/${paths.announcement}`,
    main: `[document.querySelector('[data-test="announcement-body"] p')]`,
  },
  {
    name: 'status /status',
    role: 'judged',
    path: '/status',
    // The clusters' panel, filled from /api/v1/status.
    main: `[document.querySelector('[data-test="status-clusters"] ul')]`,
  },
  {
    name: 'notices /notices',
    role: 'judged',
    path: '/notices',
    main: `[document.querySelector('[data-test="notices-row"]')]`,
  },
];

const cleanups = new Cleanups();
const cleanup = () => cleanups.run();
// The hard limit: well over the expected time (2 min to load the data set and start, 10 s a
// load, 14 pages a round).
// --serve keeps serving until interrupted (the longest timer Node.js allows, about 24 days).
endRunWithin(cleanups, args.serve ? 2 ** 31 - 1 : (120 + (RUNS + WARMUP) * 14 * 10) * 1000);

async function main(): Promise<void> {
  const started = Date.now();
  if (buildWebIfStale()) console.log('built the portal into dist/web (sources were newer)');
  const bundle = bundleSizes();

  // 1. The data set, as bench/api loads it.
  const prepared = args.pglite ? preparePglite() : await preparePostgres();
  cleanups.push(prepared.drop);
  const t0 = Date.now();
  const { tables, summary } = generateDataset({
    projects: Number(args.projects),
    auditEvents: Number(args.events),
    longHistory: 200,
  });
  const database = await openDatabase(prepared.config);
  await database.db.transaction().execute((tx) => seedReferenceData(tx));
  await loadDataset(database.db, tables);
  await database.close();
  console.log(
    `data set loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s: ${summary.projects} projects, ${summary.requests} requests, ${summary.auditEvents} audit events`,
  );

  // 2. opf in a child process; chromium beside it; this process only drives.
  const { port, anchorPath } = await startServer(prepared.config);
  const origin = `http://127.0.0.1:${port}`;
  await checkServer(origin, summary.projects);
  const targets = TARGETS(await benchPaths(origin, anchorPath));
  if (args.serve) {
    for (const target of targets) console.log(`${origin}${target.path}  ${target.name}`);
    // Until interrupted (endRunWithin's handler stops the server and the database).
    await new Promise(() => {});
  }
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
  });
  cleanups.push(() => browser.close());

  // 3. Rounds: each round loads every page once, anchor first, so a change in the machine's
  //    load during the run touches every page alike. The warm-up rounds are not counted (the
  //    first load of each page is shown apart: opf's read cache and JIT still cold).
  const samples = new Map<Target, ProbeResult[]>(targets.map((t) => [t, []]));
  const first = new Map<Target, ProbeResult>();
  const failures = new Set<string>();
  const loadBefore = loadavg()[0]!;
  for (let round = 0; round < WARMUP + RUNS; round++)
    for (const target of targets) {
      // A page that shows nothing in time is reported (its row says so, and the run fails),
      // not allowed to end the run: the other pages' figures still count.
      const result = await loadOnce(browser, origin, target).catch((error: Error) => {
        failures.add(`${target.path}: ${error.message.split('\n')[0]}`);
        return FAILED_LOAD;
      });
      if (round === 0) first.set(target, result);
      if (round >= WARMUP) samples.get(target)!.push(result);
    }
  const loadAfter = loadavg()[0]!;

  const rows = targets.map((t) => toRow(t, samples.get(t)!, first.get(t)!));
  if (args.samples)
    for (const target of targets)
      console.log(
        `${target.path.padEnd(40)} ${samples
          .get(target)!
          .map((r) => r.renderAt.toFixed(0).padStart(5))
          .join('')}`,
      );
  const anchor = rows.find((row) => row.role === 'anchor')!;
  console.log(
    [
      '',
      `${args.pglite ? 'PGlite (embedded)' : 'PostgreSQL server'}; opf read cache ${args['no-cache'] ? 'off' : 'on'}; ${RUNS} cold loads per page after ${WARMUP} warm-up rounds;`,
      `chromium ${browser.version()} headless, 1280×800, a new context per load (empty HTTP cache);`,
      `${cpus().length} CPUs shared by chromium, opf and the database; node ${process.version};`,
      `times in ms from navigation start; ratio = median / the anchor's median (${anchor.median.toFixed(0)} ms)`,
      report(rows, anchor),
      '',
      formatBundle(bundle),
      '',
      `load average (1 min) ${loadBefore.toFixed(2)} before the loads, ${loadAfter.toFixed(2)} after`,
      `total time ${((Date.now() - started) / 1000).toFixed(0)} s`,
      ...[...failures].map((failure) => `FAILED LOAD ${failure}`),
    ].join('\n'),
  );
  const failed = rows.some((row) => row.role === 'judged' && !row.ok);
  if (failed) console.log(`\nTARGET MISSED: p95 of a page is ${TARGET_MS} ms or more`);
  process.exitCode = failed ? 1 : 0;
}

async function startServer(config: DatabaseConfig): Promise<{ port: number; anchorPath: string }> {
  return forkServer(
    fileURLToPath(new URL('./server.ts', import.meta.url)),
    {
      OPF_BENCH_DATABASE: JSON.stringify(config),
      OPF_BENCH_CACHE: args['no-cache'] ? 'off' : 'on',
      OPF_BENCH_ADMIN_TOKEN: ADMIN_TOKEN,
    },
    cleanups,
  );
}

/** The portal must be built and the directory must hold the data set: else nothing is measured. */
/**
 * The pages' paths on this data set, each checked to have real content: an active project
 * (its page and its engagement answer 200), the next coordination meeting with requests on
 * its agenda, and one announcement and one notice, posted here by ops through the API (the
 * data set has none), the notice to the projects on that project's cluster only.
 */
async function benchPaths(origin: string, anchor: string): Promise<Paths> {
  const get = async <T>(path: string): Promise<T> => {
    const response = await fetch(origin + path);
    if (!response.ok) throw new Error(`GET ${path} answered ${response.status}: nothing to bench`);
    return (await response.json()) as T;
  };
  const post = async (path: string, body: unknown): Promise<number> => {
    const response = await fetch(origin + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 201)
      throw new Error(`POST ${path} answered ${response.status}: ${await response.text()}`);
    return ((await response.json()) as { id: number }).id;
  };
  const active = await get<{ items: { name: string; namespaces: { cluster: string }[] }[] }>(
    '/api/v1/projects?status=active&limit=20',
  );
  const project = active.items.find((p) => p.namespaces.length > 0);
  if (!project) throw new Error('no active project with a namespace to bench');
  await get(`/api/v1/projects/${project.name}`);
  await get(`/api/v1/projects/${project.name}/engagement`);
  const meetings = await get<{ next: { meeting: string; date: string }[] }>('/api/v1/meetings');
  const next = meetings.next.find((o) => o.meeting === 'coordination');
  if (!next) throw new Error('no coordination meeting to bench');
  const agenda = await get<{ items: unknown[] }>(
    `/api/v1/meetings/coordination/agenda?date=${next.date}`,
  );
  if (agenda.items.length === 0) throw new Error('the next coordination agenda is empty');
  const announcement = await post('/api/v1/announcements', {
    kind: 'maintenance',
    title: 'Cluster upgrade next week',
    body: 'The clusters are upgraded **next Tuesday**, 14:00 to 16:00 UTC.\n\nWorkloads keep running; the console may be slow.',
  });
  const notice = await post('/api/v1/notices', {
    kind: 'maintenance',
    title: 'Acknowledge the upgrade window',
    body: 'Tell us your project can stand a node drain during the upgrade.',
    clusters: [project.namespaces[0]!.cluster],
  });
  return {
    anchor,
    project: project.name,
    agenda: `/meetings/coordination/${next.date}`,
    announcement,
    notice,
  };
}

async function checkServer(origin: string, projects: number): Promise<void> {
  const html = await fetch(`${origin}/projects`).then((r) => r.text());
  if (!html.includes('/assets/')) throw new Error('opf does not serve the built portal');
  const page = (await fetch(`${origin}/api/v1/projects?limit=1`).then((r) => r.json())) as {
    total: number;
  };
  if (page.total !== projects)
    throw new Error(`the directory holds ${page.total} projects, not ${projects}`);
}

/** One cold load: a new context (empty cache, no storage), the probe, the page, its figures. */
async function loadOnce(browser: Browser, origin: string, target: Target): Promise<ProbeResult> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
    await page.addInitScript({
      content: PROBE_SOURCE.replace('MAIN', target.main).replace('UPDATED', target.updated ?? '[]'),
    });
    await page.goto(origin + target.path, { waitUntil: 'commit' });
    // A promise the probe resolves (waitForFunction would eval a string: the CSP forbids it).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      page.evaluate('window.__opfRendered'),
      new Promise((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `${target.path}: no meaningful render within ${LOAD_TIMEOUT_MS} ms ${problems.join('; ')}`,
              ),
            ),
          LOAD_TIMEOUT_MS,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    // LCP entries are reported after the frame is presented, and the portal's code comes
    // after the paint: give them a moment (on a busy machine, up to three seconds).
    let result: ProbeResult;
    let waited = 0;
    do {
      await page.waitForTimeout(waited === 0 ? 150 : 100);
      waited += 1;
      result = (await page.evaluate('window.__opfCollect()')) as ProbeResult;
    } while (
      (result.lcp === null || (target.role === 'judged' && result.readyAt === null)) &&
      waited < 30
    );
    if (problems.length > 0) throw new Error(`${target.path}: ${problems.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}

/** The figures of a load that never rendered: every percentile of its page becomes "-". */
const FAILED_LOAD: ProbeResult = {
  renderAt: Number.NaN,
  domAt: Number.NaN,
  fcp: null,
  lcp: null,
  apiCalls: Number.NaN,
  bytes: Number.NaN,
  readyAt: null,
};

interface Row {
  name: string;
  role: Target['role'];
  firstLoad: number;
  domMedian: number;
  median: number;
  p95: number;
  fcp: number;
  lcp: number;
  ready: number;
  apiCalls: number;
  kilobytes: number;
  ok: boolean;
}

function toRow(target: Target, results: ProbeResult[], first: ProbeResult): Row {
  const render = results.map((r) => r.renderAt);
  const p95 = percentile(render, 0.95);
  return {
    name: target.name,
    role: target.role,
    firstLoad: first.renderAt,
    domMedian: percentile(
      results.map((r) => r.domAt),
      0.5,
    ),
    median: percentile(render, 0.5),
    p95,
    fcp: percentile(
      results.map((r) => r.fcp ?? Number.NaN),
      0.5,
    ),
    lcp: percentile(
      results.map((r) => r.lcp ?? Number.NaN),
      0.5,
    ),
    ready: percentile(
      results.map((r) => r.readyAt ?? Number.NaN),
      0.5,
    ),
    apiCalls: percentile(
      results.map((r) => r.apiCalls),
      0.5,
    ),
    kilobytes: percentile(
      results.map((r) => r.bytes / 1024),
      0.5,
    ),
    ok: p95 < TARGET_MS,
  };
}

/** Nearest-rank percentile (NaN when any sample is missing). */
function percentile(values: number[], p: number): number {
  if (values.some(Number.isNaN)) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

function report(rows: Row[], anchor: Row): string {
  const header = [
    'page',
    '1st load',
    'in DOM',
    'median',
    'p95',
    'vs anchor',
    'FCP',
    'LCP',
    'ready',
    'API calls',
    'KiB by ready',
    `target p95 < ${TARGET_MS} ms`,
  ];
  const ms = (v: number) => (Number.isNaN(v) ? '-' : v.toFixed(0));
  const lines = rows.map((row) => [
    row.name,
    ms(row.firstLoad),
    ms(row.domMedian),
    ms(row.median),
    ms(row.p95),
    `${(row.median / anchor.median).toFixed(1)}×`,
    ms(row.fcp),
    ms(row.lcp),
    ms(row.ready),
    String(row.apiCalls),
    row.kilobytes.toFixed(row.kilobytes < 10 ? 1 : 0),
    row.role === 'anchor' ? 'anchor' : row.ok ? 'ok' : 'FAIL',
  ]);
  return markdownTable(header, lines, new Set([0, header.length - 1]));
}

try {
  await main();
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanup();
}
