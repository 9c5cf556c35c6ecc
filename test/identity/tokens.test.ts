import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCOPES } from '../../src/identity/index.ts';
import { AUTH, expectError, openTestApi, type TestApi } from '../server/helpers.ts';
import { validRequest } from '../support/fixtures.ts';
import { tokenFor } from './principals.ts';

let t: TestApi;
let requestId: number;

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  t = await openTestApi();
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/v1/requests',
    headers: AUTH,
    payload: validRequest('scoped') as never,
  });
  expect(created.statusCode, created.body).toBe(201);
  requestId = created.json().id;
});
afterAll(() => t?.close());

async function createToken(headers: Record<string, string>, body: Record<string, unknown>) {
  return t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers, payload: body });
}

describe('API tokens over HTTP', () => {
  it('create shows the secret once; list never shows it; only its hash is stored', async () => {
    const owner = bearer(await tokenFor(t.database.db, 'Alice-Dev'));
    const res = await createToken(owner, { name: 'laptop', scopes: ['read', 'request'] });
    expect(res.statusCode, res.body).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({
      name: 'laptop',
      owner: 'Alice-Dev',
      scopes: ['read', 'request'],
    });
    expect(created.token).toMatch(/^opf_pat_[\w-]{43}$/);
    expect(created.token.startsWith(created.prefix)).toBe(true);
    const days = (Date.parse(created.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89);
    expect(days).toBeLessThanOrEqual(90);

    const listed = await t.app.inject({ url: '/api/v1/tokens', headers: owner });
    expect(listed.statusCode).toBe(200);
    expect(listed.body).not.toContain(created.token);
    expect(listed.json().items.map((i: { name: string }) => i.name)).toContain('laptop');
    const rows = await t.database.db.selectFrom('api_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(created.token);

    // The new token works, as its owner.
    const me = await t.app.inject({ url: '/api/v1/me', headers: bearer(created.token) });
    expect(me.json()).toMatchObject({
      login: 'Alice-Dev',
      via: 'token',
      scopes: ['read', 'request'],
    });
  });

  it('a token without the needed scope is refused with OPF_ERR_TOKEN_SCOPE', async () => {
    const readOnly = bearer(await tokenFor(t.database.db, 'Alice-Dev', { scopes: ['read'] }));
    // Alice owns the request's team, but a read token cannot comment…
    const comment = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${requestId}/comments`,
      headers: readOnly,
      payload: { body: 'hello' },
    });
    expectError(comment, 403, 'OPF_ERR_TOKEN_SCOPE');
    // …though it reads what needs signing in.
    expect((await t.app.inject({ url: '/api/v1/me', headers: readOnly })).statusCode).toBe(200);
    // A request-scoped token comments, but cannot review even for an ops user.
    const opsRequest = bearer(await tokenFor(t.database.db, 'ops-olga', { scopes: ['request'] }));
    const review = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${requestId}/start-review`,
      headers: opsRequest,
      payload: {},
    });
    expectError(review, 403, 'OPF_ERR_TOKEN_SCOPE');
    const opsReview = bearer(await tokenFor(t.database.db, 'ops-olga', { scopes: ['review'] }));
    const reviewed = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${requestId}/start-review`,
      headers: opsReview,
      payload: {},
    });
    expect(reviewed.statusCode, reviewed.body).toBe(200);
  });

  it('scopes cap the role, never raise it: an admin-scoped token of a plain user is a user', async () => {
    const user = bearer(await tokenFor(t.database.db, 'uma-user', { scopes: ['admin'] }));
    const approve = await t.app.inject({
      method: 'POST',
      url: `/api/v1/requests/${requestId}/approve`,
      headers: user,
      payload: {},
    });
    expectError(approve, 403, 'OPF_ERR_FORBIDDEN');
  });

  it('a token cannot grant scopes it does not hold', async () => {
    const requestOnly = bearer(await tokenFor(t.database.db, 'Alice-Dev', { scopes: ['request'] }));
    const res = await createToken(requestOnly, { name: 'escalate', scopes: ['admin'] });
    expectError(res, 403, 'OPF_ERR_TOKEN_SCOPE');
    const ok = await createToken(requestOnly, { name: 'same', scopes: ['request'] });
    expect(ok.statusCode, ok.body).toBe(201);
  });

  it('a revoked token is refused at once with OPF_ERR_TOKEN_REVOKED', async () => {
    const owner = bearer(await tokenFor(t.database.db, 'Alice-Dev'));
    const created = (await createToken(owner, { name: 'to revoke', scopes: [...SCOPES] })).json();
    expect(
      (await t.app.inject({ url: '/api/v1/me', headers: bearer(created.token) })).statusCode,
    ).toBe(200);
    const revoked = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${created.id}`,
      headers: owner,
    });
    expect(revoked.statusCode, revoked.body).toBe(200);
    expect(revoked.json().revokedAt).toBeTruthy();
    expectError(
      await t.app.inject({ url: '/api/v1/me', headers: bearer(created.token) }),
      401,
      'OPF_ERR_TOKEN_REVOKED',
    );
    // Revoking again is harmless; someone else's token is not yours to revoke.
    const again = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${created.id}`,
      headers: owner,
    });
    expect(again.statusCode).toBe(200);
    const other = bearer(await tokenFor(t.database.db, 'uma-user'));
    const mine = (await createToken(other, { name: 'uma', scopes: ['read'] })).json();
    const stolen = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/tokens/${mine.id}`,
      headers: owner,
    });
    expectError(stolen, 404, 'OPF_ERR_NOT_FOUND');
  });

  it('an expired token is refused with OPF_ERR_TOKEN_EXPIRED', async () => {
    const longAgo = () => new Date(Date.now() - 2 * 86_400_000);
    const token = await tokenFor(t.database.db, 'Alice-Dev', { expiresInDays: 1, now: longAgo });
    expectError(
      await t.app.inject({ url: '/api/v1/me', headers: bearer(token) }),
      401,
      'OPF_ERR_TOKEN_EXPIRED',
    );
    const unknown = await t.app.inject({ url: '/api/v1/me', headers: bearer('opf_pat_nope') });
    expectError(unknown, 401, 'OPF_ERR_UNAUTHENTICATED');
  });

  it('token creation and revocation are restricted audit events, seen by admins only', async () => {
    const owner = bearer(await tokenFor(t.database.db, 'Alice-Dev'));
    const created = (await createToken(owner, { name: 'audited', scopes: ['read'] })).json();
    await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.id}`, headers: owner });
    const admin = await t.app.inject({
      url: `/api/v1/audit?subjectType=token&subjectId=${created.id}`,
      headers: AUTH,
    });
    const events = admin.json().items;
    expect(events.map((e: { action: string }) => e.action)).toEqual([
      'token.create',
      'token.revoke',
    ]);
    expect(events[1]).toMatchObject({ before: { revokedAt: null }, after: { name: 'audited' } });
    expect(events[1].after.revokedAt).toBeTruthy();
    expect(events[0]).toMatchObject({
      actor: 'Alice-Dev',
      visibility: 'restricted',
      source: '127.0.0.1',
    });
    expect(JSON.stringify(events)).not.toContain(created.token);
    // Alice is no admin: she sees no security events, only public ones.
    const alice = await t.app.inject({ url: '/api/v1/audit?limit=200', headers: owner });
    const visible = alice.json().items as { visibility: string; action: string }[];
    expect(visible.length).toBeGreaterThan(0);
    expect(visible.every((e) => e.visibility === 'public')).toBe(true);
  });

  it('the audit log pages by cursor without gaps or repeats', async () => {
    const pages: number[][] = [];
    let after: number | null = 0;
    while (after !== null) {
      const res = await t.app.inject({
        url: `/api/v1/audit?limit=2&after=${after}`,
        headers: AUTH,
      });
      expect(res.statusCode).toBe(200);
      const page = res.json() as { items: { id: number }[]; next: number | null };
      pages.push(page.items.map((e) => e.id));
      after = page.next;
    }
    const all = (await t.app.inject({ url: '/api/v1/audit?limit=200', headers: AUTH })).json();
    expect(pages.flat()).toEqual(all.items.map((e: { id: number }) => e.id));
    expect(pages.length).toBeGreaterThan(2);
  });

  it('the bad inputs of token creation answer 400 with a code', async () => {
    const owner = bearer(await tokenFor(t.database.db, 'Alice-Dev'));
    expectError(await createToken(owner, { name: 'x', scopes: [] }), 400, 'OPF_ERR_VALIDATION');
    expectError(
      await createToken(owner, { name: 'x', scopes: ['root'] }),
      400,
      'OPF_ERR_VALIDATION',
    );
    expectError(
      await createToken(owner, { name: 'x', scopes: ['read'], expiresInDays: 10_000 }),
      400,
      'OPF_ERR_VALIDATION',
    );
  });
});
