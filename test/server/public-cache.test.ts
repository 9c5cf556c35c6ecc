import Fastify, { type FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp, ChangeSignal } from '../../src/server/index.ts';
import {
  PUBLIC_CACHE_COARSE_MAX_AGE_MS,
  PUBLIC_CACHE_MAX_AGE_MS,
  PUBLIC_CACHE_STALE_MS,
  PublicCache,
  registerPublicCache,
} from '../../src/server/public-cache.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';
import { validRequest } from '../support/fixtures.ts';

const TOKEN = 'cache-test-admin-token-0123456789';

/** opf as it serves, with its public read cache listening to `changes`, on a fresh database. */
async function openCachedApp(changes: ChangeSignal) {
  const database = await openTestDatabase();
  const app = await buildApp({
    db: database.db,
    databaseKind: database.kind,
    publicUrl: 'http://opf.test',
    adminToken: TOKEN,
    changes,
  });
  return { database, app };
}

describe('the public read cache', () => {
  let database: Database;
  let app: FastifyInstance;
  const changes = new ChangeSignal();
  beforeAll(async () => {
    ({ database, app } = await openCachedApp(changes));
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

  it('past a minute, answers once more while it reads again behind it (some follow the clock); past two, reads through', async () => {
    const first = JSON.parse((await list()).body);
    const setState = (state: string) =>
      database.db
        .updateTable('requests')
        .set({ state })
        .where('project_name', '=', 'cache-fresh')
        .execute();
    const now = Date.now();
    try {
      // Changed behind the cache's back, and no signal: only the age can make it read again.
      await setState('in-review');
      vi.spyOn(Date, 'now').mockReturnValue(now + PUBLIC_CACHE_MAX_AGE_MS + 1);
      // The stale answer, sent at once; the read behind it replaces it.
      expect(JSON.parse((await list()).body)).toEqual(first);
      await vi.waitFor(async () =>
        expect(JSON.parse((await list()).body).items[0].state).toBe('in-review'),
      );
      // Past the age and the stale time together, no answer is sent from the cache.
      await setState('draft');
      vi.spyOn(Date, 'now').mockReturnValue(
        now + 2 * PUBLIC_CACHE_MAX_AGE_MS + PUBLIC_CACHE_STALE_MS + 2,
      );
      expect(JSON.parse((await list()).body).items[0].state).toBe('draft');
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a stale answer is read again once at a time, however many readers ask meanwhile; one not answered goes', async () => {
    const cache = new PublicCache();
    let rereads = 0;
    let answer!: (status: number) => void;
    cache.rereadWith(async () => {
      rereads += 1;
      return new Promise<number>((resolve) => {
        answer = resolve;
      });
    });
    const entry = {
      body: Buffer.from('{}'),
      etag: '"e"',
      headers: {},
      rawHeaders: {},
      storedAt: 0,
    };
    cache.set('/api/v1/x', { ...entry, storedAt: Date.now() - PUBLIC_CACHE_MAX_AGE_MS - 1 });
    for (let reader = 0; reader < 5; reader += 1) expect(cache.get('/api/v1/x')).toBeDefined();
    expect(rereads).toBe(1);
    // The read again failed (a 500): the stale answer goes, the next reader reads through.
    answer(500);
    await vi.waitFor(() => expect(cache.get('/api/v1/x')).toBeUndefined());
    expect(rereads).toBe(1);
  });

  it('reads again at most four stale answers at once', async () => {
    const cache = new PublicCache();
    const answers: Array<(status: number) => void> = [];
    cache.rereadWith(
      () =>
        new Promise<number>((resolve) => {
          answers.push(resolve);
        }),
    );
    const storedAt = Date.now() - PUBLIC_CACHE_MAX_AGE_MS - 1;
    for (let key = 0; key < 10; key += 1) {
      cache.set(`/api/v1/x${key}`, {
        body: Buffer.from('{}'),
        etag: '"e"',
        headers: {},
        rawHeaders: {},
        storedAt,
      });
      expect(cache.get(`/api/v1/x${key}`)).toBeDefined();
    }
    expect(answers).toHaveLength(4);
    for (const answer of answers) answer(200);
  });

  it('answers a request that names the refresh header with the wrong token from the cache', async () => {
    const first = await list();
    expect(JSON.parse(first.body).items[0].state).not.toBe('withdrawn');
    // Changed behind the cache's back: only a read that bypassed the cache would see it.
    await database.db
      .updateTable('requests')
      .set({ state: 'withdrawn' })
      .where('project_name', '=', 'cache-fresh')
      .execute();
    const spoofed = await list({ 'x-opf-cache-refresh': 'guessed' });
    expect(spoofed.body).toBe(first.body);
    expect(spoofed.headers.etag).toBe(first.headers.etag);
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

describe('the public read cache in front of the router, on a listening server', () => {
  let database: Database;
  let app: FastifyInstance;
  let base: string;
  const changes = new ChangeSignal();
  beforeAll(async () => {
    ({ database, app } = await openCachedApp(changes));
    base = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  const hits = async () => {
    const metrics = await (await fetch(`${base}/metrics`)).text();
    return Number(/^opf_public_cache_hits_total (\d+)/m.exec(metrics)?.[1]);
  };

  it('answers a repeated anonymous read from the front, with the same body and headers', async () => {
    const url = `${base}/api/v1/projects?limit=3`;
    const first = await fetch(url);
    const firstBody = await first.text();
    const before = await hits();
    const second = await fetch(url);
    expect(await second.text()).toBe(firstBody);
    expect(await hits()).toBe(before + 1);
    for (const header of [
      'content-type',
      'content-security-policy',
      'etag',
      'x-content-type-options',
    ])
      expect(second.headers.get(header)).toBe(first.headers.get(header));
    expect(second.headers.get('content-length')).toBe(String(Buffer.byteLength(firstBody)));
    const revalidated = await fetch(url, {
      headers: { 'if-none-match': String(first.headers.get('etag')) },
    });
    expect(revalidated.status).toBe(304);
    expect(await hits()).toBe(before + 2);
  });

  it('lets every request with credentials through to the router', async () => {
    const url = `${base}/api/v1/projects?limit=4`;
    await fetch(url);
    const before = await hits();
    const withCookie = await fetch(url, { headers: { cookie: 'opf_session=nothing' } });
    const withToken = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(withCookie.status).toBe(200);
    expect(withToken.status).toBe(200);
    expect(await hits()).toBe(before);
  });
});

describe('the public read cache, around a write that lands during a read', () => {
  it('does not keep the answer of a read that began before the write', async () => {
    const signal = new ChangeSignal();
    const app = bareCachedApp(signal);
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

/** A bare Fastify with the public cache and no routes of opf's: each test adds its own. */
function bareCachedApp(signal = new ChangeSignal()): FastifyInstance {
  const app = Fastify();
  app.decorateRequest('principal', undefined);
  registerPublicCache(app, signal, new PublicCache());
  return app;
}

describe('the public read cache, for answers that follow the day', () => {
  it('keeps them through the day their read began in, and never sends them after it', async () => {
    const app = bareCachedApp();
    let reads = 0;
    app.get('/api/v1/today', { config: { publicCache: 'within-the-day' } }, async () => ({
      read: ++reads,
    }));
    const read = async () => JSON.parse((await app.inject('/api/v1/today')).body).read;
    // Ten seconds before midnight UTC: well within the cache's age, but the day ends first.
    const beforeMidnight = Date.UTC(2026, 11, 5, 23, 59, 50);
    try {
      vi.spyOn(Date, 'now').mockReturnValue(beforeMidnight);
      expect(await read()).toBe(1);
      expect(await read()).toBe(1);
      vi.spyOn(Date, 'now').mockReturnValue(beforeMidnight + 9_999);
      expect(await read()).toBe(1);
      vi.spyOn(Date, 'now').mockReturnValue(beforeMidnight + 10_000);
      expect(await read()).toBe(2);
      // The new day's answer is kept again.
      expect(await read()).toBe(2);
    } finally {
      vi.restoreAllMocks();
      await app.close();
    }
  });
});

describe('the public read cache, for answers the clock moves only by hours and days', () => {
  it('keeps them fresh for ten minutes, not one, and reads them again behind the stale answer after', async () => {
    const app = bareCachedApp();
    let reads = 0;
    app.get('/api/v1/slow', { config: { publicCache: 'coarse-clock' } }, async () => ({
      read: ++reads,
    }));
    app.get('/api/v1/fast', async () => ({ read: ++reads }));
    const read = async (url: string) => JSON.parse((await app.inject(url)).body).read;
    // Stored a little after this, so each step goes a few seconds past the age it tests.
    const now = Date.now();
    try {
      expect(await read('/api/v1/slow')).toBe(1);
      expect(await read('/api/v1/fast')).toBe(2);
      // Past the minute: the ordinary answer is read again, the coarse one is still fresh.
      vi.spyOn(Date, 'now').mockReturnValue(now + PUBLIC_CACHE_MAX_AGE_MS + 5_000);
      expect(await read('/api/v1/slow')).toBe(1);
      expect(await read('/api/v1/fast')).toBe(2);
      await vi.waitFor(async () => expect(await read('/api/v1/fast')).toBe(3));
      expect(await read('/api/v1/slow')).toBe(1);
      // Past ten minutes it is sent once more while it is read again behind it.
      vi.spyOn(Date, 'now').mockReturnValue(now + PUBLIC_CACHE_COARSE_MAX_AGE_MS + 5_000);
      expect(await read('/api/v1/slow')).toBe(1);
      await vi.waitFor(async () => expect(await read('/api/v1/slow')).toBe(4));
    } finally {
      vi.restoreAllMocks();
      await app.close();
    }
  });

  it('is how opf keeps the engagement list: a project made active behind its back shows after ten minutes, not one', async () => {
    const { database, app } = await openCachedApp(new ChangeSignal());
    const total = async () =>
      JSON.parse((await app.inject('/api/v1/engagement?limit=1')).body).total as number;
    const now = Date.now();
    try {
      expect(await total()).toBe(0);
      // Written straight to the database: no signal, only the age can make it read again.
      await sql`insert into projects (name, display_name, description, status)
        values ('behind-the-cache', 'B', 'b', 'active')`.execute(database.db);
      // Past the minute and the stale time after it, an ordinary answer would be read through.
      vi.spyOn(Date, 'now').mockReturnValue(
        now + PUBLIC_CACHE_MAX_AGE_MS + PUBLIC_CACHE_STALE_MS + 5_000,
      );
      expect(await total()).toBe(0);
      vi.spyOn(Date, 'now').mockReturnValue(now + PUBLIC_CACHE_COARSE_MAX_AGE_MS + 5_000);
      await vi.waitFor(async () => expect(await total()).toBe(1));
    } finally {
      vi.restoreAllMocks();
      await app.close();
      await database.close();
    }
  });
});

describe('the public read cache, for answers that differ per client', () => {
  it('keeps no answer marked no-store or private (the sign-in options: loopback or not)', async () => {
    const app = bareCachedApp();
    let reads = 0;
    app.get('/api/v1/mine', async (_request, reply) => {
      reply.header('cache-control', 'no-store');
      return { read: ++reads };
    });
    app.get('/api/v1/private', async (_request, reply) => {
      reply.header('cache-control', 'private, max-age=0');
      return { read: ++reads };
    });
    const read = async (url: string) => JSON.parse((await app.inject(url)).body).read;
    expect(await read('/api/v1/mine')).toBe(1);
    expect(await read('/api/v1/mine')).toBe(2);
    expect(await read('/api/v1/private')).toBe(3);
    expect(await read('/api/v1/private')).toBe(4);
    await app.close();
  });
});
