import { OpfError } from '../core/index.ts';

/** What an API token may be used for; a token never does more than its user's role allows. */
export const SCOPES = ['read', 'request', 'review', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export interface OidcProviderConfig {
  kind: 'oidc';
  id: string;
  name: string;
  issuer: string;
  clientId: string;
  clientSecret: string | undefined;
  /** The claim that holds the user's GitHub login (Dex and Keycloak can map it). */
  loginClaim: string;
  /** The claim that lists the user's groups (ops and admin by group). */
  groupsClaim: string;
}

export interface GithubProviderConfig {
  kind: 'github';
  id: 'github';
  name: string;
  clientId: string;
  clientSecret: string;
  /** https://github.com, or a GitHub Enterprise server. */
  oauthUrl: string;
  apiUrl: string;
}

export type ProviderConfig = OidcProviderConfig | GithubProviderConfig;

export interface IdentityConfig {
  providers: ProviderConfig[];
  opsUsers: string[];
  adminUsers: string[];
  opsGroups: string[];
  adminGroups: string[];
  sessionTtlMs: number;
  /** Mark cookies Secure; off only for a plain-http localhost. */
  cookieSecure: boolean;
  /** Requests per minute per client address on /auth/* and the token endpoints. */
  authRateLimit: number;
}

const list = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

function positiveNumber(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `${name} must be a positive number, not "${text}"`,
    );
  return value;
}

function isLocalHttp(url: string): boolean {
  const parsed = new URL(url);
  return (
    parsed.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(parsed.hostname)
  );
}

/** Identity settings from the environment; every variable is in the README's table. */
export function identityConfigFrom(env: NodeJS.ProcessEnv, publicUrl: string): IdentityConfig {
  const providers: ProviderConfig[] = [];
  if (env.OPF_GITHUB_CLIENT_ID) {
    if (!env.OPF_GITHUB_CLIENT_SECRET)
      throw new OpfError(
        'OPF_ERR_CONFIG_INVALID',
        'OPF_GITHUB_CLIENT_ID needs OPF_GITHUB_CLIENT_SECRET',
      );
    providers.push({
      kind: 'github',
      id: 'github',
      name: 'GitHub',
      clientId: env.OPF_GITHUB_CLIENT_ID,
      clientSecret: env.OPF_GITHUB_CLIENT_SECRET,
      oauthUrl: (env.OPF_GITHUB_OAUTH_URL ?? 'https://github.com').replace(/\/$/, ''),
      apiUrl: (env.OPF_GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    });
  }
  if (env.OPF_OIDC_ISSUER) {
    if (!env.OPF_OIDC_CLIENT_ID)
      throw new OpfError('OPF_ERR_CONFIG_INVALID', 'OPF_OIDC_ISSUER needs OPF_OIDC_CLIENT_ID');
    try {
      new URL(env.OPF_OIDC_ISSUER);
    } catch {
      throw new OpfError('OPF_ERR_CONFIG_INVALID', 'OPF_OIDC_ISSUER must be a URL');
    }
    providers.push({
      kind: 'oidc',
      id: 'oidc',
      name: env.OPF_OIDC_NAME ?? 'Single sign-on',
      issuer: env.OPF_OIDC_ISSUER,
      clientId: env.OPF_OIDC_CLIENT_ID,
      clientSecret: env.OPF_OIDC_CLIENT_SECRET || undefined,
      loginClaim: env.OPF_OIDC_LOGIN_CLAIM ?? 'preferred_username',
      groupsClaim: env.OPF_OIDC_GROUPS_CLAIM ?? 'groups',
    });
  }
  const cookieSecure = env.OPF_COOKIE_SECURE ?? 'auto';
  if (!['auto', 'on', 'off'].includes(cookieSecure))
    throw new OpfError(
      'OPF_ERR_CONFIG_INVALID',
      `OPF_COOKIE_SECURE must be auto, on or off, not "${cookieSecure}"`,
    );
  return {
    providers,
    opsUsers: list(env.OPF_OPS_USERS),
    adminUsers: list(env.OPF_ADMIN_USERS),
    opsGroups: list(env.OPF_OPS_GROUPS),
    adminGroups: list(env.OPF_ADMIN_GROUPS),
    sessionTtlMs: positiveNumber(env, 'OPF_SESSION_HOURS', 12) * 3_600_000,
    cookieSecure: cookieSecure === 'on' || (cookieSecure === 'auto' && !isLocalHttp(publicUrl)),
    authRateLimit: positiveNumber(env, 'OPF_AUTH_RATE_LIMIT', 30),
  };
}

/** No providers, nobody in a role by config: what tests and `opf openapi` start from. */
export function defaultIdentityConfig(overrides: Partial<IdentityConfig> = {}): IdentityConfig {
  return {
    providers: [],
    opsUsers: [],
    adminUsers: [],
    opsGroups: [],
    adminGroups: [],
    sessionTtlMs: 12 * 3_600_000,
    cookieSecure: true,
    authRateLimit: 30,
    ...overrides,
  };
}
