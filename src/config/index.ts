import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CommunitySettings } from '../community/index.ts';
import { DEFAULT_CLOUD_NAME, OpfError } from '../core/index.ts';
import type { EngagementSettings } from '../engagement/index.ts';
import { processTimeouts } from '../gitops/index.ts';
import { demoSignInAllowed, type IdentityConfig, identityConfigFrom } from '../identity/index.ts';
import type { IncidentsSettings } from '../incidents/index.ts';
import type { TelemetrySettings } from '../telemetry/index.ts';
import { communityConfig } from './community.ts';
import { engagementConfig } from './engagement.ts';
import { incidentsConfig } from './incidents.ts';
import { telemetryConfig } from './telemetry.ts';

/**
 * Configuration from the environment (flags of `opf serve` override it). Every setting is
 * listed in the README's configuration table.
 */
export interface ServeConfig {
  /** What this process does: serve HTTP (`web`), run jobs (`worker`), or both (`all`). */
  role: ServeRole;
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminToken: string;
  /** Where the token came from, for the start-up message (the value itself is never printed). */
  adminTokenSource: 'env' | 'file';
  adminTokenFile: string | undefined;
  publicUrl: string;
  /** The cloud's name in the portal's masthead and on /api/v1/site (OPF_CLOUD_NAME). */
  cloudName: string;
  demoData: 'auto' | 'on' | 'off';
  /**
   * Offer the demo users' one-click sign-in: only the embedded default (demo data, listening
   * on loopback, no sign-in provider configured). See docs/adr/0023-demo-sign-in.md.
   */
  demoSignIn: boolean;
  logLevel: string;
  /** Believe X-Forwarded-For (set only behind a reverse proxy). */
  trustProxy: boolean;
  gitops: GitopsConfig;
  /** Sign-in providers, ops and admin by login or group, sessions (src/identity). */
  identity: IdentityConfig;
  /** Mail, chat webhooks and automatic announcements (src/config/community.ts). */
  community: CommunitySettings;
  /**
   * How long a job's lease lasts unless its worker renews it: how soon another replica takes
   * the job of a worker that died (a worker that lives renews every third of it).
   */
  jobLeaseMs: number;
  /** The Alertmanager webhook's token and the GitHub mirror (src/config/incidents.ts). */
  incidents: IncidentsSettings;
  /** Engagement thresholds, notice and offboarding periods (src/config/engagement.ts). */
  engagement: EngagementSettings;
  /** Prometheus sources, PromQL overrides, margin, retention (src/config/telemetry.ts). */
  telemetry: TelemetrySettings;
}

export interface GitopsConfig {
  /** The GitOps remote; undefined: the embedded bare repository under the data dir. */
  remote: string | undefined;
  branch: string;
  mode: 'direct' | 'pull-request';
  workDir: string;
  /** owner/name of the GitHub repository, for pull-request mode. */
  githubRepo: string | undefined;
  githubToken: string | undefined;
  /** Run `kubectl kustomize` on touched directories before committing. */
  kustomize: boolean;
}

/**
 * `web` serves the API and portal and runs no job; `worker` runs jobs and answers only the
 * probes and /metrics; `all` (the default) does both, as a single process should.
 */
export type ServeRole = 'all' | 'web' | 'worker';
const ROLES: readonly ServeRole[] = ['all', 'web', 'worker'];

export interface ServeFlags {
  role?: string;
  port?: string;
  host?: string;
  dataDir?: string;
}

export function loadServeConfig(env: NodeJS.ProcessEnv, flags: ServeFlags = {}): ServeConfig {
  const port = parsePort(flags.port ?? env.PORT ?? '8080');
  const host = flags.host ?? env.HOST ?? '127.0.0.1';
  const dataDir = resolve(flags.dataDir ?? env.OPF_DATA_DIR ?? './data');
  const demoData = (env.OPF_DEMO_DATA ?? 'auto') as ServeConfig['demoData'];
  if (!['auto', 'on', 'off'].includes(demoData))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_DEMO_DATA must be auto, on or off, not "${demoData}"`,
    );
  const role = flags.role ?? env.OPF_ROLE ?? 'all';
  if (!ROLES.includes(role as ServeRole))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_ROLE (--role) must be all, web or worker, not "${role}"`,
    );
  const token = adminToken(env, dataDir);
  const publicUrl = (
    env.OPF_PUBLIC_URL ?? `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`
  ).replace(/\/$/, '');
  const identity = identityConfigFrom(env, publicUrl);
  const databaseUrl = env.DATABASE_URL || undefined;
  const samples = demoData === 'on' || (demoData === 'auto' && databaseUrl === undefined);
  return {
    role: role as ServeRole,
    port,
    host,
    dataDir,
    databaseUrl,
    ...token,
    publicUrl,
    cloudName: cloudName(env.OPF_CLOUD_NAME),
    demoData,
    demoSignIn: demoSignInAllowed({
      host,
      demoData: samples,
      providers: identity.providers.length,
    }),
    logLevel: env.OPF_LOG_LEVEL ?? 'info',
    trustProxy: env.OPF_TRUST_PROXY === 'true',
    gitops: gitopsConfig(env, dataDir),
    identity,
    community: communityConfig(env, env.OPF_PUBLIC_URL || `http://${host}:${port}`),
    jobLeaseMs: jobLeaseMs(env.OPF_JOB_LEASE_SECONDS),
    incidents: incidentsConfig(env),
    engagement: engagementConfig(env),
    telemetry: telemetryConfig(env),
  };
}

/** OPF_CLOUD_NAME: a short line of text (1 to 60 characters, no control characters). */
export function cloudName(value: string | undefined): string {
  const name = value?.trim();
  if (!name) return DEFAULT_CLOUD_NAME;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (name.length > 60 || /[\u0000-\u001f\u007f]/.test(name))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      'OPF_CLOUD_NAME must be one line of at most 60 characters',
    );
  return name;
}

/** OPF_JOB_LEASE_SECONDS: 1 to 3600 s, default 60; anything else is refused, not replaced. */
function jobLeaseMs(text: string | undefined): number {
  if (text === undefined || text === '') return 60_000;
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
  if (!(seconds >= 1 && seconds <= 3600))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_JOB_LEASE_SECONDS must be a number of seconds from 1 to 3600, not "${text}"`,
    );
  return Math.round(seconds * 1000);
}

function gitopsConfig(env: NodeJS.ProcessEnv, dataDir: string): GitopsConfig {
  const mode = env.OPF_GITOPS_MODE ?? 'direct';
  if (mode !== 'direct' && mode !== 'pull-request')
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_GITOPS_MODE must be direct or pull-request, not "${mode}"`,
    );
  const githubRepo = env.OPF_GITHUB_REPO || undefined;
  if (githubRepo && !/^[\w.-]+\/[\w.-]+$/.test(githubRepo))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_GITHUB_REPO must be owner/name, not "${githubRepo}"`,
    );
  if (mode === 'pull-request' && !(githubRepo && env.OPF_GITHUB_TOKEN))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      'OPF_GITOPS_MODE=pull-request needs OPF_GITHUB_REPO and OPF_GITHUB_TOKEN',
    );
  // git and kubectl read their deadlines at each run; a bad value stops the start here.
  processTimeouts(env);
  const kustomize = env.OPF_GITOPS_KUSTOMIZE ?? 'auto';
  if (!['auto', 'on', 'off'].includes(kustomize))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_GITOPS_KUSTOMIZE must be auto, on or off, not "${kustomize}"`,
    );
  return {
    remote: env.OPF_GITOPS_REMOTE || undefined,
    branch: env.OPF_GITOPS_BRANCH ?? 'main',
    mode,
    workDir: resolve(env.OPF_GITOPS_WORKDIR ?? join(dataDir, 'gitops', 'work')),
    githubRepo,
    githubToken: env.OPF_GITHUB_TOKEN || undefined,
    kustomize: kustomize === 'on' || (kustomize === 'auto' && onPath('kubectl')),
  };
}

function onPath(program: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir && existsSync(join(dir, program)));
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `PORT must be a number from 0 to 65535, not "${text}"`,
    );
  return port;
}

/**
 * The bootstrap admin token: OPF_ADMIN_TOKEN, or one generated once and kept in the data
 * directory (mode 0600), so the embedded default works with no setup and stays private.
 */
function adminToken(env: NodeJS.ProcessEnv, dataDir: string) {
  if (env.OPF_ADMIN_TOKEN) {
    if (env.OPF_ADMIN_TOKEN.length < 16)
      throw new OpfError(
        'OPF_ERR_CONFIG_INVALID',
        'OPF_ADMIN_TOKEN must be at least 16 characters',
      );
    return {
      adminToken: env.OPF_ADMIN_TOKEN,
      adminTokenSource: 'env' as const,
      adminTokenFile: undefined,
    };
  }
  const file = join(dataDir, 'admin-token');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `opf_${randomBytes(24).toString('base64url')}\n`, { mode: 0o600 });
  }
  return {
    adminToken: readFileSync(file, 'utf8').trim(),
    adminTokenSource: 'file' as const,
    adminTokenFile: file,
  };
}
