import { describe, expect, it } from 'vitest';
import { identityConfigFrom } from '../../src/identity/index.ts';

const HTTPS = 'https://opf.example.org';

describe('identity configuration from the environment', () => {
  it('nothing set: no providers, nobody ops or admin, Secure cookies', () => {
    const config = identityConfigFrom({}, HTTPS);
    expect(config).toMatchObject({
      providers: [],
      opsUsers: [],
      adminUsers: [],
      cookieSecure: true,
      sessionTtlMs: 12 * 3_600_000,
      authRateLimit: 30,
    });
  });

  it('reads role lists, groups, an OIDC issuer and GitHub', () => {
    const config = identityConfigFrom(
      {
        OPF_OPS_USERS: 'olga, gus ,',
        OPF_ADMIN_USERS: 'ada',
        OPF_OPS_GROUPS: 'cloud-ops',
        OPF_ADMIN_GROUPS: 'cloud-admins',
        OPF_OIDC_ISSUER: 'https://sso.example.org/realms/cloud',
        OPF_OIDC_CLIENT_ID: 'opf',
        OPF_OIDC_CLIENT_SECRET: 's3cret',
        OPF_OIDC_NAME: 'MOC SSO',
        OPF_OIDC_LOGIN_CLAIM: 'github_login',
        OPF_GITHUB_CLIENT_ID: 'Iv1.abc',
        OPF_GITHUB_CLIENT_SECRET: 'gh-secret',
        OPF_SESSION_HOURS: '2',
        OPF_AUTH_RATE_LIMIT: '5',
      },
      HTTPS,
    );
    expect(config.opsUsers).toEqual(['olga', 'gus']);
    expect(config.adminGroups).toEqual(['cloud-admins']);
    expect(config.sessionTtlMs).toBe(2 * 3_600_000);
    expect(config.authRateLimit).toBe(5);
    expect(config.providers.map((p) => p.id)).toEqual(['github', 'oidc']);
    expect(config.providers[1]).toMatchObject({
      kind: 'oidc',
      name: 'MOC SSO',
      loginClaim: 'github_login',
      groupsClaim: 'groups',
    });
    expect(config.providers[0]).toMatchObject({
      kind: 'github',
      oauthUrl: 'https://github.com',
      apiUrl: 'https://api.github.com',
    });
  });

  it('cookies are Secure except on a plain-http localhost (auto), or as told', () => {
    expect(identityConfigFrom({}, 'http://localhost:8080').cookieSecure).toBe(false);
    expect(identityConfigFrom({}, 'http://127.0.0.1:8080').cookieSecure).toBe(false);
    expect(identityConfigFrom({}, 'http://opf.internal:8080').cookieSecure).toBe(true);
    expect(identityConfigFrom({ OPF_COOKIE_SECURE: 'on' }, 'http://localhost').cookieSecure).toBe(
      true,
    );
    expect(identityConfigFrom({ OPF_COOKIE_SECURE: 'off' }, HTTPS).cookieSecure).toBe(false);
  });

  it('refuses incomplete or malformed settings with OPF_ERR_CONFIG_INVALID', () => {
    const bad = [
      { OPF_GITHUB_CLIENT_ID: 'x' },
      { OPF_OIDC_ISSUER: 'https://sso.example.org' },
      { OPF_OIDC_ISSUER: 'not a url', OPF_OIDC_CLIENT_ID: 'x' },
      { OPF_SESSION_HOURS: '0' },
      { OPF_AUTH_RATE_LIMIT: 'many' },
      { OPF_COOKIE_SECURE: 'maybe' },
    ];
    for (const env of bad)
      expect(() => identityConfigFrom(env, HTTPS), JSON.stringify(env)).toThrow(
        expect.objectContaining({ code: 'OPF_ERR_CONFIG_INVALID' }),
      );
  });
});
