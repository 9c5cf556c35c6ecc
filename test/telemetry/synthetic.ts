import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  cpSync,
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';

const HOUR = 3600;

/** What one synthetic namespace does in hour i of the history. */
export interface SyntheticNamespace {
  name: string;
  cpu: (i: number) => number;
  memory: (i: number) => number;
  quota: { cpu: number; memory: number };
  /** limits.cpu in use by the quota's count, per hour (= quota.cpu: exhausted). */
  cpuLimitsUsed: (i: number) => number;
  /**
   * Pods besides app-0 (always ready), for kube_pod_status_ready: per hour i and sample k,
   * 1 ready, 0 not, null while the pod does not exist; `succeeded` marks a finished pod.
   */
  pods?: { pod: string; ready: (i: number, k: number) => 0 | 1 | null; succeeded?: boolean }[];
}

/**
 * OpenMetrics text of every series the metric set reads, for `promtool tsdb
 * create-blocks-from openmetrics`. Samples sit inside their hour (never on its edges), so
 * a [1h] window ending at the hour's end holds exactly that hour's samples, and counters
 * grow linearly inside an hour: rate() over the hour is exactly the hour's figure. With
 * firstHour, only the hours firstHour … firstHour + hours − 1 of the same history are written
 * (counters carry on from where the earlier hours left them): one window of a long history.
 */
export async function writeOpenMetrics(
  file: string,
  namespaces: readonly SyntheticNamespace[],
  start: number,
  hours: number,
  samplesPerHour: number,
  firstHour = 0,
): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  const spacing = HOUR / samplesPerHour;
  const times = (i: number) =>
    Array.from({ length: samplesPerHour }, (_, k) => start + i * HOUR + spacing / 2 + k * spacing);
  const gauge = async (
    name: string,
    labels: (ns: SyntheticNamespace) => string,
    value: (ns: SyntheticNamespace, i: number) => number,
  ) => {
    await write(`# TYPE ${name} gauge\n`);
    for (const ns of namespaces) {
      const l = labels(ns);
      let chunk = '';
      for (let i = firstHour; i < firstHour + hours; i++) {
        const v = value(ns, i);
        for (const t of times(i)) chunk += `${name}{${l}} ${v} ${t}\n`;
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk);
    }
  };
  const counter = async (
    name: string,
    labels: (ns: SyntheticNamespace) => string,
    rate: (ns: SyntheticNamespace, i: number) => number,
  ) => {
    await write(`# TYPE ${name} counter\n`);
    for (const ns of namespaces) {
      const l = labels(ns);
      // A large start value keeps rate()'s extrapolation clear of the counter's zero.
      let value = 1e6;
      // A window after the first hour starts where the whole history would have reached.
      for (let i = 0; i < firstHour; i++)
        for (let k = 0; k < samplesPerHour; k++) if (k > 0 || i > 0) value += rate(ns, i) * spacing;
      let chunk = '';
      for (let i = firstHour; i < firstHour + hours; i++) {
        const r = rate(ns, i);
        times(i).forEach((t, k) => {
          if (k > 0 || i > 0) value += r * spacing;
          chunk += `${name}_total{${l}} ${value} ${t}\n`;
        });
        if (chunk.length > 1 << 16) {
          await write(chunk);
          chunk = '';
        }
      }
      await write(chunk);
    }
  };
  const container = (ns: SyntheticNamespace) =>
    `namespace="${ns.name}",pod="app-0",container="app"`;
  const pod = (ns: SyntheticNamespace) => `namespace="${ns.name}",pod="app-0"`;
  const quota = (resource: string, type: string) => (ns: SyntheticNamespace) =>
    `namespace="${ns.name}",resourcequota="quota",resource="${resource}",type="${type}"`;
  await counter('container_cpu_usage_seconds', container, (ns, i) => ns.cpu(i));
  await gauge('container_memory_working_set_bytes', container, (ns, i) => ns.memory(i));
  await gauge(
    'kube_pod_container_resource_requests',
    (ns) => `${container(ns)},resource="cpu"`,
    (ns) => ns.quota.cpu / 2,
  );
  await gauge(
    'kube_pod_container_resource_limits',
    (ns) => `${container(ns)},resource="cpu"`,
    (ns, i) => ns.cpuLimitsUsed(i),
  );
  await gauge('kube_resourcequota', quota('limits.cpu', 'hard'), (ns) => ns.quota.cpu);
  await gauge(
    'kube_persistentvolumeclaim_resource_requests_storage_bytes',
    (ns) => `namespace="${ns.name}",persistentvolumeclaim="data"`,
    () => 10 * 2 ** 30,
  );
  await gauge(
    'kubelet_volume_stats_used_bytes',
    (ns) => `namespace="${ns.name}",persistentvolumeclaim="data"`,
    () => 2 ** 30,
  );
  await gauge('kube_pod_info', pod, () => 1);
  await readiness(write, namespaces, times, firstHour, hours);
  await counter('kube_pod_container_status_restarts', container, () => 0);
  await counter('container_oom_events', container, () => 0);
  await counter('container_network_receive_bytes', pod, () => 1024);
  await counter('container_network_transmit_bytes', pod, () => 512);
  await write('# EOF\n');
  await new Promise<void>((resolve) => out.end(resolve));
}

/** kube-state-metrics' kube_pod_status_ready and kube_pod_status_phase of every pod. */
async function readiness(
  write: (text: string) => Promise<void>,
  namespaces: readonly SyntheticNamespace[],
  times: (i: number) => number[],
  firstHour: number,
  hours: number,
): Promise<void> {
  const podsOf = (ns: SyntheticNamespace) => [
    { pod: 'app-0', ready: (): 0 | 1 | null => 1, succeeded: false },
    ...(ns.pods ?? []),
  ];
  await write('# TYPE kube_pod_status_ready gauge\n');
  for (const ns of namespaces)
    for (const p of podsOf(ns)) {
      let chunk = '';
      for (let i = firstHour; i < firstHour + hours; i++)
        times(i).forEach((t, k) => {
          const ready = p.ready(i, k);
          if (ready !== null)
            chunk += `kube_pod_status_ready{namespace="${ns.name}",pod="${p.pod}",condition="true"} ${ready} ${t}\n`;
        });
      await write(chunk);
    }
  await write('# TYPE kube_pod_status_phase gauge\n');
  for (const ns of namespaces)
    for (const p of podsOf(ns)) {
      let chunk = '';
      for (let i = firstHour; i < firstHour + hours; i++)
        times(i).forEach((t, k) => {
          if (p.ready(i, k) !== null)
            chunk += `kube_pod_status_phase{namespace="${ns.name}",pod="${p.pod}",phase="Succeeded"} ${p.succeeded ? 1 : 0} ${t}\n`;
        });
      await write(chunk);
    }
}

/**
 * The other label sets of kube_resourcequota and kube_pod_container_resource_limits, in a
 * second file (OpenMetrics wants one block per family): the hard memory quota, the used CPU
 * quota and the memory limits. Streamed, so a thousand namespaces over a month fit.
 */
export async function writeQuotaFamily(
  file: string,
  namespaces: readonly SyntheticNamespace[],
  start: number,
  hours: number,
  samplesPerHour: number,
  firstHour = 0,
): Promise<void> {
  const out = createWriteStream(file);
  const write = (text: string) =>
    out.write(text)
      ? Promise.resolve()
      : new Promise<void>((resolve) => out.once('drain', () => resolve()));
  const spacing = HOUR / samplesPerHour;
  const each = async (line: (ns: SyntheticNamespace, i: number, t: number) => string) => {
    for (const ns of namespaces) {
      let chunk = '';
      for (let i = firstHour; i < firstHour + hours; i++)
        for (let k = 0; k < samplesPerHour; k++)
          chunk += line(ns, i, start + i * HOUR + spacing / 2 + k * spacing);
      await write(chunk);
    }
  };
  await write('# TYPE kube_resourcequota gauge\n');
  await each((ns, i, t) => {
    const q = `namespace="${ns.name}",resourcequota="quota"`;
    return `kube_resourcequota{${q},resource="limits.memory",type="hard"} ${ns.quota.memory} ${t}\nkube_resourcequota{${q},resource="limits.cpu",type="used"} ${ns.cpuLimitsUsed(i)} ${t}\n`;
  });
  await write('# TYPE kube_pod_container_resource_limits gauge\n');
  await each(
    (ns, _i, t) =>
      `kube_pod_container_resource_limits{namespace="${ns.name}",pod="app-0",container="app",resource="memory"} ${ns.quota.memory / 2} ${t}\n`,
  );
  await write('# EOF\n');
  await new Promise<void>((resolve) => out.end(resolve));
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Backfill a TSDB directory from OpenMetrics files with promtool (one 2-hour block per two
 * hours of history: the slow part). promtool reads its whole input once for every block it
 * makes, so a long history is best written as one file per 2-hour window (writeOpenMetrics'
 * firstHour): each file is then read once. The blocks of the same files are kept under
 * node_modules/.cache and copied, so a second run of the suite skips promtool.
 */
export async function backfill(files: readonly string[], tsdb: string): Promise<void> {
  const hash = createHash('sha256');
  for (const file of files) for await (const chunk of createReadStream(file)) hash.update(chunk);
  const cache = join(CACHE, hash.digest('hex').slice(0, 16));
  if (!existsSync(join(cache, 'complete'))) {
    const building = `${cache}.${process.pid}`;
    rmSync(building, { recursive: true, force: true });
    // One promtool per file, as many at once as there are cores.
    let next = 0;
    const worker = async () => {
      while (next < files.length) {
        const index = next++;
        await promtool(files[index]!, join(building, String(index)));
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(files.length, availableParallelism()) }, worker),
    );
    // Blocks of every file in one directory: Prometheus merges overlapping blocks.
    mkdirSync(join(building, 'all'), { recursive: true });
    for (const [index] of files.entries())
      for (const block of readdirSync(join(building, String(index))))
        renameSync(join(building, String(index), block), join(building, 'all', block));
    writeFileSync(join(building, 'all', 'complete'), '');
    rmSync(cache, { recursive: true, force: true });
    renameSync(join(building, 'all'), cache);
    rmSync(building, { recursive: true, force: true });
  }
  cpSync(cache, tsdb, { recursive: true, filter: (source) => !source.endsWith('complete') });
}

const CACHE = join(process.cwd(), 'node_modules', '.cache', 'opf-telemetry-tsdb');

function promtool(file: string, out: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(
      'promtool',
      ['tsdb', 'create-blocks-from', 'openmetrics', '-q', file, out],
      {
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`promtool failed: ${stderr}`)),
    );
  });
}

export interface RunningPrometheus {
  url: string;
  port: number;
  tsdb: string;
  stop(): Promise<void>;
  /** SIGKILL now, without waiting: the next query finds nobody listening. */
  kill(): void;
  exited(): Promise<void>;
  start(): Promise<void>;
}

/** Prometheus on a loopback port over `tsdb`, no scrape targets; stop() and start() again. */
export async function startPrometheus(
  tsdb: string,
  port?: number,
  extraArgs: readonly string[] = [],
): Promise<RunningPrometheus> {
  const dir = mkdtempSync(join(tmpdir(), 'opf-prom-'));
  const config = join(dir, 'prometheus.yml');
  writeFileSync(config, 'global:\n  scrape_interval: 1h\n');
  const chosen = port ?? (await freePort());
  let child: ReturnType<typeof spawn> | undefined;
  const url = `http://127.0.0.1:${chosen}`;
  const handle: RunningPrometheus = {
    url,
    port: chosen,
    tsdb,
    async start() {
      child = spawn(
        'prometheus',
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${tsdb}`,
          '--storage.tsdb.retention.time=100y',
          `--web.listen-address=127.0.0.1:${chosen}`,
          '--log.level=warn',
          ...extraArgs,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr?.on('data', (chunk) => {
        stderr = (stderr + chunk).slice(-4000);
      });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (child.exitCode !== null) throw new Error(`prometheus exited: ${stderr}`);
        const ready = await fetch(`${url}/-/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ready) return;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`prometheus not ready in 60 s: ${stderr}`);
    },
    kill() {
      child?.kill('SIGKILL');
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      await new Promise<void>((resolve) => {
        running.once('exit', () => resolve());
        running.kill('SIGTERM');
      });
    },
    async exited() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      await new Promise<void>((resolve) => running.once('exit', () => resolve()));
    },
  };
  await handle.start();
  return handle;
}
