import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentialsFile } from '../../src/cli/credentials.ts';
import { runCli, tempDir, writeFile } from '../cli/helpers.ts';
import { ADMIN_TOKEN, openTestApi, type TestApi } from '../server/helpers.ts';
import { tokenFor } from './principals.ts';

let t: TestApi;
let server: string;
let temp: ReturnType<typeof tempDir>;
let home: NodeJS.ProcessEnv;

beforeAll(async () => {
  t = await openTestApi();
  server = await t.app.listen({ port: 0, host: '127.0.0.1' });
  temp = tempDir('opf-identity-cli-');
  // The CLI's own config directory: where `opf login` keeps tokens.
  home = { OPF_SERVER: server, XDG_CONFIG_HOME: join(temp.dir, 'config') };
});
afterAll(async () => {
  await t?.close();
  temp?.remove();
});

const opf = (args: string[], env: NodeJS.ProcessEnv = home) => runCli(args, env, temp.dir);

describe('opf login, token and audit', () => {
  it('opf token create prints the secret once; login stores it 0600 and the CLI then uses it', async () => {
    const aliceToken = await tokenFor(t.database.db, 'Alice-Dev');
    const created = await opf(
      ['token', 'create', '--name', 'cli', '--scope', 'read', 'request', '--days', '30'],
      { ...home, OPF_TOKEN: aliceToken },
    );
    expect(created.code, created.err).toBe(0);
    const secret = created.out.trim();
    expect(secret).toMatch(/^opf_pat_/);
    expect(created.err).toContain('shown only now');

    // Without credentials the CLI is anonymous…
    expect((await opf(['whoami'])).code).toBe(6);
    const file = writeFile(temp.dir, 'token.txt', [secret]);
    const login = await opf(['login', '--token-file', file]);
    expect(login.code, login.err).toBe(0);
    expect(login.out).toContain('as Alice-Dev (user)');
    const stored = credentialsFile(home)!;
    expect(stored).toBe(join(temp.dir, 'config', 'opf', 'credentials.json'));
    expect(statSync(stored).mode & 0o777).toBe(0o600);
    expect(readFileSync(stored, 'utf8')).toContain(secret);

    // …and after login it uses the stored token when OPF_TOKEN and --token are absent.
    const whoami = await opf(['--json', 'whoami']);
    expect(whoami.code, whoami.err).toBe(0);
    expect(JSON.parse(whoami.out)).toMatchObject({
      login: 'Alice-Dev',
      via: 'token',
      scopes: ['read', 'request'],
    });
    // A token given explicitly wins over the stored one.
    const explicit = await opf(['whoami', '--token', ADMIN_TOKEN]);
    expect(explicit.out).toContain('admin (admin, by bootstrap)');
    // The stored token is this server's only.
    expect((await opf(['whoami'], { ...home, OPF_SERVER: `${server}/` })).code).toBe(0);
  });

  it('token list and revoke; a revoked stored token is refused with its code', async () => {
    const list = await opf(['token', 'list']);
    expect(list.code, list.err).toBe(0);
    expect(list.out).toMatch(/ID\s+NAME\s+OWNER/);
    const id = list.out
      .split('\n')
      .find((line) => /\scli\s/.test(line))!
      .trim()
      .split(/\s+/)[0]!;
    const revoke = await opf(['token', 'revoke', id]);
    expect(revoke.code, revoke.err).toBe(0);
    const after = await opf(['whoami']);
    expect(after.code).toBe(6);
    expect(after.err).toMatch(/^error OPF_ERR_TOKEN_REVOKED: /);
    const logout = await opf(['logout']);
    expect(logout.out).toContain('forgot the token');
    expect(readFileSync(credentialsFile(home)!, 'utf8')).not.toContain('opf_pat_');
  });

  it('login with a bad token stores nothing', async () => {
    const bad = await opf(['login', '--token', 'opf_pat_not-a-real-token']);
    expect(bad.code).toBe(6);
    expect(bad.err).toMatch(/^error OPF_ERR_UNAUTHENTICATED: /);
    expect(readFileSync(credentialsFile(home)!, 'utf8')).not.toContain('not-a-real-token');
    const none = await opf(['login']);
    expect(none.code).toBe(6);
    expect(none.err).toContain('/auth/token');
  });

  it('opf audit pages through the log; security events only for admins', async () => {
    const admin = await opf(['audit', '--subject-type', 'token', '--limit', '200'], {
      ...home,
      OPF_TOKEN: ADMIN_TOKEN,
    });
    expect(admin.code, admin.err).toBe(0);
    expect(admin.out).toMatch(/token\.create\s+token\/\d+\s+127\.0\.0\.1\s+restricted/);
    expect(admin.out).toContain('token.revoke');
    const anonymous = await opf(['--json', 'audit', '--subject-type', 'token']);
    expect(anonymous.code).toBe(0);
    expect(JSON.parse(anonymous.out).items).toEqual([]);
    const paged = await opf(['audit', '--limit', '1'], { ...home, OPF_TOKEN: ADMIN_TOKEN });
    expect(paged.err).toMatch(/more: opf audit --after \d+/);
  });
});
