import * as client from 'openid-client';
import { OpfError } from '../core/index.ts';
import type { GithubProviderConfig, OidcProviderConfig, ProviderConfig } from './config.ts';
import { fetchGithubUser } from './github.ts';

/** Who the provider says signed in. */
export interface ExternalProfile {
  subject: string;
  login: string;
  displayName: string | null;
  email: string | null;
  groups: string[];
}

export interface LoginChecks {
  state: string;
  codeVerifier: string;
  nonce: string | null;
  redirectUri: string;
}

/** One way to sign in: where to send the browser, and what the callback proves. */
export interface LoginProvider {
  id: string;
  name: string;
  /** Whether the provider takes a nonce (OIDC) or not (plain OAuth 2). */
  usesNonce: boolean;
  authorizationUrl(checks: LoginChecks): Promise<URL>;
  finish(callbackUrl: URL, checks: LoginChecks): Promise<ExternalProfile>;
}

export function loginProviderOf(config: ProviderConfig): LoginProvider {
  return config.kind === 'github' ? githubProvider(config) : oidcProvider(config);
}

/** Plain http is allowed only for an issuer on this machine (tests, local Dex). */
function loopbackHttp(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'http:' && ['127.0.0.1', 'localhost', '[::1]'].includes(hostname);
}

async function authorizationParams(checks: LoginChecks, scope: string) {
  return {
    redirect_uri: checks.redirectUri,
    scope,
    state: checks.state,
    code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
    code_challenge_method: 'S256',
    ...(checks.nonce && { nonce: checks.nonce }),
  };
}

function failed(provider: string, error: unknown): OpfError {
  return new OpfError(
    'OPF_ERR_AUTH_LOGIN_FAILED',
    `signing in with ${provider} failed: ${(error as Error).message}`,
  );
}

function oidcProvider(config: OidcProviderConfig): LoginProvider {
  // Discovery is fetched once, on first use, and again only after a failure.
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(
        new URL(config.issuer),
        config.clientId,
        undefined,
        config.clientSecret ? client.ClientSecretPost(config.clientSecret) : client.None(),
        loopbackHttp(config.issuer) ? { execute: [client.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw new OpfError(
          'OPF_ERR_AUTH_PROVIDER_UNAVAILABLE',
          `cannot read ${config.name}'s OpenID configuration: ${(error as Error).message}`,
        );
      });
    return discovered;
  };
  return {
    id: config.id,
    name: config.name,
    usesNonce: true,
    async authorizationUrl(checks) {
      const params = await authorizationParams(checks, 'openid profile email');
      return client.buildAuthorizationUrl(await configuration(), params);
    },
    async finish(callbackUrl, checks) {
      const oidc = await configuration();
      try {
        const tokens = await client.authorizationCodeGrant(oidc, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          ...(checks.nonce && { expectedNonce: checks.nonce }),
          idTokenExpected: true,
        });
        const idClaims = tokens.claims();
        if (!idClaims) throw new Error('no ID token');
        const info = await client.fetchUserInfo(oidc, tokens.access_token, idClaims.sub);
        const claims: Record<string, unknown> = { ...idClaims, ...info };
        const login = claims[config.loginClaim];
        if (typeof login !== 'string' || !login)
          throw new Error(`the ${config.loginClaim} claim is missing`);
        const groups = claims[config.groupsClaim];
        return {
          subject: idClaims.sub,
          login,
          displayName: typeof claims.name === 'string' ? claims.name : null,
          email: typeof claims.email === 'string' ? claims.email : null,
          groups: Array.isArray(groups) ? groups.filter((g) => typeof g === 'string') : [],
        };
      } catch (error) {
        throw failed(config.name, error);
      }
    },
  };
}

/**
 * GitHub speaks OAuth 2, not OIDC: its endpoints are configured by hand and the user comes
 * from its /user API (src/identity/github.ts), so the login is GitHub's own.
 */
function githubProvider(config: GithubProviderConfig): LoginProvider {
  const insecure = loopbackHttp(config.oauthUrl);
  const github = new client.Configuration(
    {
      issuer: config.oauthUrl,
      authorization_endpoint: `${config.oauthUrl}/login/oauth/authorize`,
      token_endpoint: `${config.oauthUrl}/login/oauth/access_token`,
    },
    config.clientId,
    undefined,
    client.ClientSecretPost(config.clientSecret),
  );
  if (insecure) client.allowInsecureRequests(github);
  return {
    id: config.id,
    name: config.name,
    usesNonce: false,
    async authorizationUrl(checks) {
      return client.buildAuthorizationUrl(github, await authorizationParams(checks, 'read:user'));
    },
    async finish(callbackUrl, checks) {
      try {
        const tokens = await client.authorizationCodeGrant(github, callbackUrl, {
          pkceCodeVerifier: checks.codeVerifier,
          expectedState: checks.state,
          idTokenExpected: false,
        });
        const user = await fetchGithubUser(config.apiUrl, tokens.access_token);
        return { ...user, groups: [] };
      } catch (error) {
        throw failed(config.name, error);
      }
    },
  };
}
