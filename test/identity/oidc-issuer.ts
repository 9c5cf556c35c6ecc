import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface TestAccount {
  sub: string;
  preferred_username: string;
  name: string;
  email: string;
  groups: string[];
}

export interface TestIssuer {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Who signs in at the next interaction (the test plays the user at the provider). */
  signInAs(account: TestAccount): void;
  /** Every authorization request the provider saw, to check PKCE was asked for. */
  authorizationRequests: URL[];
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (oidc-provider) on a loopback port. The login and consent
 * pages are answered by the test itself: whoever `signInAs` names signs in and consents.
 */
export async function startTestIssuer(redirectUri: string): Promise<TestIssuer> {
  const clientId = 'opf-test';
  const clientSecret = 'oidc-client-secret-value-do-not-log';
  let account: TestAccount | undefined;
  const accounts = new Map<string, TestAccount>();
  const authorizationRequests: URL[] = [];
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwk = { ...privateKey.export({ format: 'jwk' }), kid: 'test', use: 'sig', alg: 'RS256' };

  let provider: Provider | undefined;
  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error) => {
      res.statusCode = 500;
      res.end(String(error));
    });
  });
  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/auth') authorizationRequests.push(url);
    if (url.pathname.startsWith('/interaction/')) {
      const details = await provider!.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (!account) throw new Error('the test named nobody to sign in');
        accounts.set(account.sub, account);
        await provider!.interactionFinished(
          req,
          res,
          { login: { accountId: account.sub } },
          {
            mergeWithLastSubmission: false,
          },
        );
        return;
      }
      const grant = new provider!.Grant({
        accountId: details.session!.accountId!,
        clientId,
      });
      grant.addOIDCScope(String(details.params.scope));
      const grantId = await grant.save();
      await provider!.interactionFinished(
        req,
        res,
        { consent: { grantId } },
        {
          mergeWithLastSubmission: true,
        },
      );
      return;
    }
    provider!.callback()(req, res);
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_post',
      },
    ],
    jwks: { keys: [jwk] },
    // Explicit lifetimes (the defaults print a notice each).
    ttl: {
      AccessToken: 600,
      AuthorizationCode: 60,
      IdToken: 600,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
    cookies: { keys: ['oidc-provider-cookie-key'] },
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'groups'],
      email: ['email'],
    },
    // Every client must use PKCE here, so a login that skipped it would fail.
    pkce: { required: () => true, methods: ['S256'] },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
    findAccount: async (_ctx: unknown, sub: string) => {
      const found = accounts.get(sub);
      return found && { accountId: sub, claims: async () => ({ ...found }) };
    },
  });
  return {
    issuer,
    clientId,
    clientSecret,
    signInAs: (next) => {
      account = next;
    },
    authorizationRequests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The sign-in provider opf is configured with to use this issuer. */
export function oidcProviderFor(issuer: TestIssuer) {
  return {
    kind: 'oidc' as const,
    id: 'oidc',
    name: 'Test SSO',
    issuer: issuer.issuer,
    clientId: issuer.clientId,
    clientSecret: issuer.clientSecret,
    loginClaim: 'preferred_username',
    groupsClaim: 'groups',
  };
}
