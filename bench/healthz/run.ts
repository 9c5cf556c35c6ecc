import { type ChildProcess, fork } from 'node:child_process';
import http from 'node:http';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Cleanups, endRunWithin, markdownTable, stopChild } from '../support/run-steps.ts';
import { type Body, bodies } from './bodies.ts';

/**
 * /healthz while bodies are parsed (issue 9, item 1): "the server answers /healthz within
 * 100 ms while any body is being parsed". One opf server (in-memory PGlite, in a child
 * process); this process probes GET /healthz one request after another, first with nothing
 * else running (the anchor), then while `--senders` connections send, in turn and without
 * pause, the largest bodies opf accepts and hostile ones (bench/healthz/bodies.ts) to the
 * routes that parse them. Prints the probes' p50, p99 and maximum in both phases and their
 * ratio, and the longest event-loop delay the server measured itself (what one body's work
 * held the loop, whatever else loads the machine).
 *
 *   node --import tsx bench/healthz/run.ts [--seconds 10] [--senders 6]
 *
 * Exit code 1 when the p99 under load, or the server's longest loop delay, reaches 100 ms.
 */
const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    senders: { type: 'string', default: '6' },
  },
});
const SECONDS = Number(args.seconds);
const SENDERS = Number(args.senders);
const TARGET_MS = 100;
const TOKEN = 'bench-healthz-token-0123456789abcdef';

const cleanups = new Cleanups();
endRunWithin(cleanups, (2 * SECONDS + 400) * 1000);

const child: ChildProcess = fork(fileURLToPath(new URL('./server.ts', import.meta.url)), [], {
  execArgv: ['--import', 'tsx'],
  env: { ...process.env, OPF_BENCH_TOKEN: TOKEN },
  stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
});
cleanups.push(() => stopChild(child));
const { port } = await new Promise<{ port: number }>((resolve, reject) => {
  child.once('message', (m) => resolve(m as { port: number }));
  child.once('exit', (code) => reject(new Error(`server exited early (${code})`)));
});

function serverLoop(): Promise<{ loopMaxMs: number; loopP99Ms: number; cpuMs: number }> {
  return new Promise((resolve) => {
    child.once('message', (m) =>
      resolve(m as { loopMaxMs: number; loopP99Ms: number; cpuMs: number }),
    );
    child.send('loop');
  });
}

const probeAgent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function request(
  options: http.RequestOptions,
  body?: Buffer,
): Promise<{ status: number; ms: number }> {
  const start = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...options }, (res) => {
      res.resume();
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          ms: Number(process.hrtime.bigint() - start) / 1e6,
        }),
      );
    });
    // A server may answer 413 and close before the whole body is written: that is an answer.
    req.on('error', (error) =>
      (error as NodeJS.ErrnoException).code === 'EPIPE' ||
      (error as NodeJS.ErrnoException).code === 'ECONNRESET'
        ? resolve({ status: -1, ms: Number(process.hrtime.bigint() - start) / 1e6 })
        : reject(error),
    );
    req.end(body);
  });
}

/** /healthz, one after another (2 ms apart) until `until`; each one's latency. */
async function probe(until: number): Promise<number[]> {
  const times: number[] = [];
  while (Date.now() < until) {
    const { status, ms } = await request({ path: '/healthz', agent: probeAgent });
    if (status !== 200) throw new Error(`/healthz answered ${status}`);
    times.push(ms);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
  return times;
}

interface Sent {
  statuses: Map<number, number>;
  times: number[];
}

/** One connection's worth of senders: the bodies in turn, without pause, until `until`. */
async function send(list: Body[], first: number, until: number, sent: Map<string, Sent>) {
  for (let i = first; Date.now() < until; i++) {
    const body = list[i % list.length]!;
    const { status, ms } = await request(
      {
        method: body.method,
        path: body.path,
        agent: false,
        headers: {
          'content-type': body.type,
          'content-length': body.bytes.length,
          ...(body.signedIn && { authorization: `Bearer ${TOKEN}` }),
        },
      },
      body.bytes,
    );
    const record = sent.get(body.name)!;
    record.statuses.set(status, (record.statuses.get(status) ?? 0) + 1);
    record.times.push(ms);
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function main(): Promise<void> {
  const loadBefore = loadavg()[0]!;
  const list = bodies();
  // Warm-up: each body once, so first-call compilation is not counted as blocking; then each
  // body alone, three times, with the longest loop delay it caused: which body holds the loop.
  const alone = new Map<string, number>();
  const aloneCpu = new Map<string, number>();
  for (const round of [0, 1, 2, 3])
    for (const body of list) {
      const before = await serverLoop();
      await request(
        {
          method: body.method,
          path: body.path,
          agent: false,
          headers: {
            'content-type': body.type,
            ...(body.signedIn && { authorization: `Bearer ${TOKEN}` }),
          },
        },
        body.bytes,
      );
      const { loopMaxMs, cpuMs } = await serverLoop();
      if (round === 0) continue;
      alone.set(body.name, Math.max(alone.get(body.name) ?? 0, loopMaxMs));
      // CPU time of the server for this one body: what a quiet machine's loop delay would be.
      aloneCpu.set(body.name, Math.max(aloneCpu.get(body.name) ?? 0, cpuMs - before.cpuMs));
    }
  await probe(Date.now() + 500);

  await serverLoop();
  const idle = await probe(Date.now() + SECONDS * 1000);
  const idleLoop = await serverLoop();

  const sent = new Map<string, Sent>(list.map((b) => [b.name, { statuses: new Map(), times: [] }]));
  const until = Date.now() + SECONDS * 1000;
  const [loaded] = await Promise.all([
    probe(until),
    ...Array.from({ length: SENDERS }, (_, i) => send(list, i, until, sent)),
  ]);
  const loadedLoop = await serverLoop();

  const row = (name: string, times: number[], loop: { loopMaxMs: number }, ratioTo?: number[]) => [
    name,
    String(times.length),
    percentile(times, 50).toFixed(2),
    percentile(times, 99).toFixed(2),
    Math.max(...times).toFixed(1),
    ratioTo ? `${(percentile(times, 99) / percentile(ratioTo, 99)).toFixed(1)}×` : '1.0× (anchor)',
    ratioTo ? `${(Math.max(...times) / Math.max(...ratioTo)).toFixed(1)}×` : '1.0× (anchor)',
    loop.loopMaxMs.toFixed(1),
  ];
  console.log(
    `\n/healthz probes, ${SECONDS} s per phase, ${SENDERS} senders; times in ms; ${cpus().length} CPUs, node ${process.version}`,
  );
  console.log(
    markdownTable(
      [
        'phase',
        'probes',
        'p50',
        'p99',
        'max',
        'p99 / idle p99',
        'max / idle max',
        'server loop max delay',
      ],
      [
        row('idle (anchor)', idle, idleLoop),
        row('while the bodies below are sent', loaded, loadedLoop, idle),
      ],
      new Set([0]),
    ),
  );
  console.log(
    '\nBodies sent during the loaded phase (status: count; -1 = closed by the server mid-body):',
  );
  console.log(
    markdownTable(
      [
        'body',
        'route',
        'bytes',
        'sent',
        'statuses',
        'median ms',
        'max ms',
        'alone: loop delay ms',
        'alone: server CPU ms',
      ],
      list.map((b) => {
        const record = sent.get(b.name)!;
        return [
          b.name,
          `${b.signedIn ? '' : 'anonymous '}${b.method} ${b.path}`,
          String(b.bytes.length),
          String(record.times.length),
          [...record.statuses].map(([s, n]) => `${s}: ${n}`).join(', '),
          percentile(record.times, 50).toFixed(1),
          Math.max(...record.times).toFixed(1),
          (alone.get(b.name) ?? NaN).toFixed(1),
          (aloneCpu.get(b.name) ?? NaN).toFixed(1),
        ];
      }),
      new Set([0, 1, 4]),
    ),
  );
  const p99 = percentile(loaded, 99);
  const ok = p99 < TARGET_MS && loadedLoop.loopMaxMs < TARGET_MS;
  console.log(
    `\n/healthz p99 while bodies are parsed: ${p99.toFixed(1)} ms (max ${Math.max(...loaded).toFixed(1)} ms); ` +
      `the server's longest loop delay ${loadedLoop.loopMaxMs.toFixed(1)} ms: ${ok ? 'under' : 'NOT under'} ${TARGET_MS} ms`,
  );
  console.log(
    `load average (1 min) ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after`,
  );
  process.exitCode = ok ? 0 : 1;
}

try {
  await main();
} finally {
  probeAgent.destroy();
  await cleanups.run();
}
