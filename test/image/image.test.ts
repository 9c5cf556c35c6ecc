import { execFile, execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMIN_TOKEN,
  api,
  commitSubjects,
  freshDatabase,
  gitRemote,
  scratch,
  until,
} from '../reliability/support/opf.ts';
import { validRequest } from '../support/fixtures.ts';

/**
 * The image as a cluster runs it (docs/deploy.md, "Building and checking the image
 * locally"): built from the Containerfile on local base images (scripts/image/local-bases.sh),
 * then run by podman with a read-only root filesystem, a tmpfs /tmp and an emptyDir-like
 * /var/lib/opf, as the image's UID 1001 and as an arbitrary UID in group 0 (OpenShift's
 * restricted SCC), against a fresh database on the PostgreSQL server and a bare git remote.
 */
const ROOT = join(import.meta.dirname, '..', '..');
const IMAGE = 'localhost/opf:image-test';
const OPENSHIFT_UID = '1000650000:0';
const run = promisify(execFile);
const env = {
  ...process.env,
  CONTAINERS_CONF: process.env.CONTAINERS_CONF ?? join(ROOT, 'scripts/image/containers.conf'),
};

const onPath = (program: string) => {
  try {
    execFileSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const skipReason = !onPath('podman')
  ? 'podman is not installed (bash scripts/install-system-deps.sh --image)'
  : !onPath('debootstrap')
    ? 'debootstrap is not installed (bash scripts/install-system-deps.sh --image)'
    : process.getuid?.() !== 0
      ? 'not root (debootstrap makes the local base image as root)'
      : undefined;
if (skipReason) console.info(`test:image skipped: ${skipReason}`);

const podman = async (args: string[], timeout = 120_000) =>
  (await run('podman', args, { env, timeout, maxBuffer: 64 * 1024 * 1024 })).stdout;

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

describe.skipIf(skipReason !== undefined)('the image, built and run as a cluster runs it', () => {
  const temp = scratch('opf-image-');
  const containers: string[] = [];
  let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
  let remote = '';

  /** The flags every opf container gets: what deploy/base's pod spec asks for. */
  const podFlags = (user: string, dataDir: string) => [
    '--read-only',
    '--user',
    user,
    '--tmpfs',
    '/tmp',
    '-v',
    `${dataDir}:/var/lib/opf`,
    '-v',
    `${remote}:/remote`,
    '--network',
    'host',
    '--cap-drop',
    'ALL',
    '--security-opt',
    'no-new-privileges',
    '-e',
    `DATABASE_URL=${database!.url}`,
    '-e',
    `OPF_ADMIN_TOKEN=${ADMIN_TOKEN}`,
    '-e',
    'OPF_GITOPS_REMOTE=/remote',
    // Loopback only: the host's network is the container's here.
    '-e',
    'HOST=127.0.0.1',
  ];

  /** An emptyDir: a fresh directory any UID can write, as the kubelet makes it. */
  const emptyDir = (name: string) => {
    const dir = join(temp.dir, name);
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    return dir;
  };

  /** A detached opf container; without a role it runs the image's CMD (`serve`, role all). */
  const serve = async (name: string, user: string, role?: 'web' | 'worker') => {
    const port = await freePort();
    const container = `opf-image-test-${name}-${process.pid}`;
    await podman(['rm', '-f', container]);
    await podman([
      'run',
      '-d',
      '--name',
      container,
      ...podFlags(user, emptyDir(name)),
      '-e',
      `PORT=${port}`,
      IMAGE,
      ...(role ? ['serve', '--role', role] : []),
    ]);
    containers.push(container);
    const base = `http://127.0.0.1:${port}`;
    const ready = await until(
      async () => {
        const answer = await fetch(`${base}/readyz`).catch(() => undefined);
        return answer?.status === 200;
      },
      180_000,
      250,
    );
    const logs = async () => (await run('podman', ['logs', container], { env })).stderr;
    expect(ready, ready ? '' : await logs()).toBe(true);
    return { base, container, logs };
  };

  beforeAll(async () => {
    let began = Date.now();
    const bases = await run('bash', [join(ROOT, 'scripts/image/local-bases.sh')], {
      env,
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    console.info(
      `local bases: ${((Date.now() - began) / 1000).toFixed(0)} s (load ${load()})\n${bases.stdout.trim()}`,
    );
    began = Date.now();
    await podman(
      [
        'build',
        '--build-arg',
        'NODE_BUILDER=localhost/opf-node20:local',
        '--build-arg',
        'NODE_RUNTIME=localhost/opf-node20:local',
        '--build-arg',
        'KUBECTL_IMAGE=localhost/kubectl:local',
        '-t',
        IMAGE,
        '-f',
        join(ROOT, 'Containerfile'),
        ROOT,
      ],
      900_000,
    );
    const size = (await podman(['image', 'ls', IMAGE, '--format', '{{.Size}}'])).trim();
    console.info(
      `image build: ${((Date.now() - began) / 1000).toFixed(0)} s, ${size} (load ${load()})`,
    );
    database = await freshDatabase();
    // The bare remote belongs to the worker's UID: git refuses a repository another user owns.
    remote = await gitRemote(join(temp.dir, 'remote.git'));
    execFileSync('chown', ['-R', OPENSHIFT_UID, remote]);
  });

  afterAll(async () => {
    for (const container of containers) await podman(['rm', '-f', '-t', '5', container]);
    await database?.drop();
    temp.remove();
  });

  it('runs as a non-root user, and its code is root-owned and read-only', async () => {
    const out = await podman([
      'run',
      '--rm',
      '--read-only',
      '--entrypoint',
      'sh',
      IMAGE,
      '-c',
      'id -u; stat -c "%u %a" /opt/opf /opt/opf/bin/opf.mjs; touch /opt/opf/x 2>&1 || true; kubectl version --client 2>&1 | head -1; git --version',
    ]);
    const [uid, codeDir, entry, write, kubectl, git] = out.trim().split('\n');
    expect(uid).toBe('1001');
    expect(codeDir).toMatch(/^0 7[0-5]5$/);
    expect(entry).toMatch(/^0 [0-7][0-5][0-5]$/);
    expect(write).toMatch(/Read-only file system|Permission denied/);
    expect(kubectl).toMatch(/^Client Version: v1\./);
    expect(git).toMatch(/^git version 2\./);
  });

  it('`opf --help` runs in the image', async () => {
    const out = await podman([
      'run',
      '--rm',
      '--read-only',
      '--user',
      OPENSHIFT_UID,
      IMAGE,
      '--help',
    ]);
    expect(out).toMatch(/^Usage: opf /m);
    expect(out).toContain('serve');
  });

  it('a server (UID 1001) and a worker (an OpenShift UID) answer their probes, serve the portal, and the worker delivers an approval made through the API to the git remote', async () => {
    const server = await serve('server', '1001:0', 'web');
    const worker = await serve('worker', OPENSHIFT_UID, 'worker');
    for (const { base } of [server, worker]) {
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect(await (await fetch(`${base}/readyz`)).json()).toMatchObject({ database: 'postgres' });
    }
    // The portal: the page and the script it loads, from the web build inside the image.
    const page = await fetch(`${server.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    const script = /<script[^>]+src="([^"]+\.js)"/.exec(html)?.[1];
    expect(script, html.slice(0, 500)).toBeDefined();
    expect((await fetch(new URL(script!, server.base))).status).toBe(200);
    // The worker serves only its probes and metrics.
    expect((await fetch(`${worker.base}/`)).status).toBe(404);

    const created = await api(server.base, 'POST', '/api/v1/requests', validRequest('image-check'));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const id = created.json.id as number;
    expect((await api(server.base, 'POST', `/api/v1/requests/${id}/start-review`, {})).status).toBe(
      200,
    );
    expect((await api(server.base, 'POST', `/api/v1/requests/${id}/approve`, {})).status).toBe(200);
    const delivered = await until(
      async () => (await commitSubjects(remote)).some((s) => s.includes(`(opf request ${id})`)),
      180_000,
      500,
    );
    expect(delivered, `${await worker.logs()}\n${await server.logs()}`).toBe(true);
    const active = await until(
      async () =>
        (await api(server.base, 'GET', `/api/v1/requests/${id}`)).json.request.state === 'active',
      60_000,
      500,
    );
    expect(active).toBe(true);

    // The CLI inside the image, against the server, as `kubectl exec … -- opf …` runs it.
    const list = await podman([
      'run',
      '--rm',
      '--read-only',
      '--user',
      OPENSHIFT_UID,
      '--tmpfs',
      '/tmp',
      '--network',
      'host',
      '-e',
      `OPF_SERVER=${server.base}`,
      '-e',
      `OPF_TOKEN=${ADMIN_TOKEN}`,
      IMAGE,
      'request',
      'list',
      '--json',
    ]);
    const listed = JSON.parse(list) as
      | { items?: { id: number; state: string }[] }
      | { id: number; state: string }[];
    const items = Array.isArray(listed) ? listed : (listed.items ?? []);
    expect(items.find((r) => r.id === id)?.state).toBe('active');
  });

  it('the image’s CMD (`serve`, every role in one process) starts as an OpenShift UID, answers its probes and serves the portal', async () => {
    const all = await serve('all', OPENSHIFT_UID);
    expect(await (await fetch(`${all.base}/readyz`)).json()).toMatchObject({
      database: 'postgres',
    });
    const page = await fetch(`${all.base}/`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const listed = await api(all.base, 'GET', '/api/v1/requests?limit=10');
    expect(listed.status).toBe(200);
  });
});
