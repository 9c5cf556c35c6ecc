import {
  createApiToken,
  csrfTokenFor,
  defaultIdentityConfig,
  hashSecret,
  identityContext,
  newSecret,
  SCOPES,
  type Scope,
} from '../../src/identity/index.ts';
import { type Db, insertSession, upsertUser } from '../../src/store/index.ts';

/** Who holds which cloud role in the tests: by login (case differs on purpose) and by group. */
export const TEST_IDENTITY_CONFIG = defaultIdentityConfig({
  opsUsers: ['ops-olga'],
  adminUsers: ['Admin-Ada'],
  opsGroups: ['cloud-ops'],
  adminGroups: ['cloud-admins'],
  cookieSecure: true,
  authRateLimit: 10_000,
});

async function userOf(db: Db, login: string, groups: string[]) {
  return upsertUser({ tx: db }, { login, displayName: null, email: null, groups }, new Date());
}

/** An API token for `login` (made as that user would make it), with every scope by default. */
export async function tokenFor(
  db: Db,
  login: string,
  options: { scopes?: Scope[]; groups?: string[]; expiresInDays?: number; now?: () => Date } = {},
): Promise<string> {
  const user = await userOf(db, login, options.groups ?? []);
  const ctx = identityContext({
    db,
    config: TEST_IDENTITY_CONFIG,
    publicUrl: 'http://opf.test',
    ...(options.now && { now: options.now }),
  });
  const { token } = await createApiToken(
    ctx,
    { name: user.login, role: 'user', via: 'session', userId: user.id },
    {
      name: `test token of ${login}`,
      scopes: options.scopes ?? [...SCOPES],
      ...(options.expiresInDays && { expiresInDays: options.expiresInDays }),
    },
    'test',
  );
  return token;
}

/** A browser session for `login`: its cookie header and the CSRF token writes must echo. */
export async function sessionFor(
  db: Db,
  login: string,
  groups: string[] = [],
  expiresAt = new Date(Date.now() + 3_600_000),
): Promise<{ cookie: string; csrf: string }> {
  const user = await userOf(db, login, groups);
  const secret = newSecret('opf_ses');
  await insertSession(
    { tx: db },
    {
      tokenHash: hashSecret(secret),
      userId: user.id,
      provider: 'test',
      expiresAt,
      source: 'test',
    },
  );
  return { cookie: `opf_session=${secret}`, csrf: csrfTokenFor(secret) };
}
