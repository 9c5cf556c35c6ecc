import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, ChangeSignal } from '../../src/server/index.ts';
import { registerPublicCache } from '../../src/server/public-cache.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { validRequest } from '../support/fixtures.ts';

const TOKEN = 'cache-test-admin-token-0123456789';

describe('the public read cache', () => {
  let database: Database;
  let app: FastifyInstance;
  const changes = new ChangeSignal();
  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildApp({
      db: database.db,
      databaseKind: database.kind,
      publicUrl: 'http://opf.test',
      adminToken: TOKEN,
      changes,
    });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const list = (headers: Record<string, string> = {}) =>
    app.inject({ method: 'GET', url: '/api/v1/requests?limit=5', headers });

  it('answers anonymous reads again from the cache, with an ETag a client can revalidate', async () => {
    const first = await list();
    const second = await list();
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(second.headers.etag).toBe(first.headers.etag);
    expect(second.headers['content-security-policy']).toBe(
      first.headers['content-security-policy'],
    );
    expect(second.headers['content-type']).toBe(first.headers['content-type']);
    const revalidated = await list({ 'if-none-match': String(first.headers.etag) });
    expect(revalidated.statusCode).toBe(304);
  });

  it('forgets everything when anything is written, so the next read is fresh', async () => {
    const before = JSON.parse((await list()).body).total;
    const created = await app.inject({
      method: 'POST',
      url: '/api/v1/requests',
      headers: { authorization: `Bearer ${TOKEN}` },
      payload: validRequest('cache-fresh'),
    });
    expect(created.statusCode).toBe(201);
    expect(JSON.parse((await list()).body).total).toBe(before + 1);
  });

  it('a change raised elsewhere (a job, another replica) clears it too', async () => {
    await list();
    await database.db
      .updateTable('requests')
      .set({ state: 'withdrawn' })
      .where('project_name', '=', 'cache-fresh')
      .execute();
    expect(JSON.parse((await list()).body).items[0].state).not.toBe('withdrawn');
    changes.changed('remote');
    expect(JSON.parse((await list()).body).items[0].state).toBe('withdrawn');
  });

  it('never caches a signed-in read', async () => {
    const auth = { authorization: `Bearer ${TOKEN}` };
    await list(auth);
    await database.db
      .updateTable('requests')
      .set({ state: 'submitted' })
      .where('project_name', '=', 'cache-fresh')
      .execute();
    expect(JSON.parse((await list(auth)).body).items[0].state).toBe('submitted');
  });
});

describe('the public read cache, around a write that lands during a read', () => {
  it('does not keep the answer of a read that began before the write', async () => {
    const signal = new ChangeSignal();
    const app = Fastify();
    app.decorateRequest('principal', undefined);
    registerPublicCache(app, signal, new Map());
    let value = 'old';
    app.get('/api/v1/thing', async () => {
      const read = value; // the read sees the old data…
      value = 'new';
      signal.changed(); // …and a write lands before it is sent
      return { value: read };
    });
    expect(JSON.parse((await app.inject('/api/v1/thing')).body).value).toBe('old');
    expect(JSON.parse((await app.inject('/api/v1/thing')).body).value).toBe('new');
    await app.close();
  });
});
