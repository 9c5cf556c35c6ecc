import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { REFERENCE_QUOTA_TIERS, SEED_CLUSTERS } from '../../../src/core/index.ts';
import { ensureEmbeddedRemote } from '../../../src/delivery/index.ts';

export const ADMIN_TOKEN = 'reliability-admin-token-0123456789abcdef';
const OPF_BIN = fileURLToPath(new URL('../../../bin/opf.mjs', import.meta.url));
const ADMIN_URL = process.env.OPF_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const run = promisify(execFile);

/** A brand-new database on the PostgreSQL server, for one test file; `drop` removes it. */
export async function freshDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `opf_rel_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: ADMIN_URL });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}

/** A scratch directory for a test file, removed by `remove`. */
export function scratch(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * The shared GitOps remote: a bare repository with the empty Operate First layout for the
 * clusters and tiers every opf seeds (the same a single opf makes for itself).
 */
export function gitRemote(dir: string): Promise<string> {
  return ensureEmbeddedRemote(dir, 'main', SEED_CLUSTERS, REFERENCE_QUOTA_TIERS);
}

/** Subjects of the commits on the remote's main branch, newest first. */
export async function commitSubjects(remote: string): Promise<string[]> {
  const { stdout } = await run('git', ['--git-dir', remote, 'log', '--format=%s', 'main'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout.split('\n').filter(Boolean);
}

/** How many commits name each opf request id ("… (opf request 12)"). */
export function commitsPerRequest(subjects: readonly string[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const subject of subjects) {
    const id = /\(opf request (\d+)\)/.exec(subject)?.[1];
    if (id) counts.set(Number(id), (counts.get(Number(id)) ?? 0) + 1);
  }
  return counts;
}

/**
 * Check out the remote and `kubectl kustomize` every cluster overlay ArgoCD applies; returns
 * the names of the Namespace objects they render.
 */
export async function kustomizeClusters(remote: string, into: string): Promise<Set<string>> {
  await run('git', ['clone', '-q', remote, into]);
  const namespaces = new Set<string>();
  for (const cluster of SEED_CLUSTERS) {
    const dir = join(into, 'cluster-scope/overlays/prod', cluster.env, cluster.name);
    const { stdout } = await run('kubectl', ['kustomize', dir], { maxBuffer: 256 * 1024 * 1024 });
    for (const doc of stdout.split(/^---$/m))
      if (/^kind: Namespace$/m.test(doc)) {
        const name = /^ {2}name: (\S+)$/m.exec(doc)?.[1];
        if (name) namespaces.add(name);
      }
  }
  return namespaces;
}

export interface OpfOptions {
  name: string;
  databaseUrl: string;
  remote: string;
  dataDir: string;
  role?: 'all' | 'web' | 'worker';
  env?: Record<string, string>;
}

/**
 * One `opf serve` process on loopback, as an operator runs it: its own data directory, the
 * shared DATABASE_URL and OPF_GITOPS_REMOTE, OPF_ADMIN_TOKEN set. It can be killed (-9),
 * paused and resumed, and started again on the same data directory (a restarted pod).
 */
export class OpfProcess {
  address = '';
  /** Listening now (false from a kill until it listens again). */
  ready = false;
  /** Every line it printed, across restarts (capped), for the report of a failure. */
  readonly lines: string[] = [];
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(readonly options: OpfOptions) {
    mkdirSync(options.dataDir, { recursive: true });
  }

  get alive(): boolean {
    return this.child !== undefined;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(timeoutMs = 120_000): Promise<string> {
    const { options } = this;
    const child = spawn(process.execPath, [OPF_BIN, 'serve'], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_URL: options.databaseUrl,
        OPF_GITOPS_REMOTE: options.remote,
        OPF_DATA_DIR: options.dataDir,
        OPF_ADMIN_TOKEN: ADMIN_TOKEN,
        OPF_ROLE: options.role ?? 'all',
        OPF_DEMO_DATA: 'off',
        // The suite renders the whole repository with kubectl at the end; per commit it is slow.
        OPF_GITOPS_KUSTOMIZE: 'off',
        OPF_LOG_LEVEL: 'warn',
        OPF_JOB_LEASE_SECONDS: '4',
        ...options.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.exited = new Promise((resolve) =>
      child.once('exit', () => {
        if (this.child === child) this.child = undefined;
        resolve();
      }),
    );
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n'))
        if (line && this.lines.length < 5000) this.lines.push(`[${options.name}] ${line}`);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${options.name} did not start within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      const onLine = (chunk: Buffer) => {
        const match = /opf listening on (\S+)/.exec(chunk.toString('utf8'));
        if (!match) return;
        clearTimeout(timer);
        child.stderr!.off('data', onLine);
        this.address = match[1]!;
        this.ready = true;
        resolve(this.address);
      };
      child.stderr!.on('data', onLine);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(
          new Error(
            `${options.name} exited (${code ?? signal}) before listening:\n${this.lines.slice(-20).join('\n')}`,
          ),
        );
      });
    });
  }

  /** kill -9: no drain, no goodbye; resolves once the process is gone. */
  async kill9(): Promise<void> {
    this.ready = false;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM: the server drains and exits. */
  async stop(): Promise<void> {
    this.ready = false;
    this.child?.kill('SIGTERM');
    await this.exited;
  }

  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }
}

export interface Answer {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: API answers of many shapes; each test reads what it checks
  json: any;
}

/** One API call with the admin token; a network failure (a killed server) throws. */
export async function api(
  base: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Answer> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = text;
  }
  return { status: response.status, json };
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it holds or the deadline passes; returns whether it held. */
export async function until(
  check: () => Promise<boolean>,
  timeoutMs: number,
  everyMs = 250,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return true;
    } catch {
      // a server that is down right now: try again
    }
    if (Date.now() > deadline) return false;
    await pause(everyMs);
  }
}

/** One query on the test's database (a short-lived connection of its own). */
export async function query<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * One HTTP exchange on a connection of its own (no keep-alive): a fuzz case whose generation
 * kept the event loop busy past the server's keep-alive timeout must not be sent on a socket
 * the server has closed meanwhile, which would look like the server hanging up on it.
 */
export function exchange(
  url: string,
  options: { method: string; headers: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: options.method, headers: options.headers, agent: false, timeout: 30_000 },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 30 s')));
    request.on('error', reject);
    request.end(options.body);
  });
}
