import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, ChangeSignal } from '../../src/server/index.ts';
import { PublicCache } from '../../src/server/public-cache.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase } from '../support/db.ts';

const BOUND = 128 * 1024;

describe('the public read cache under a query varied by a client', () => {
  let database: Database;
  let app: FastifyInstance;
  const cache = new PublicCache(BOUND);
  beforeAll(async () => {
    database = await openTestDatabase();
    app = await buildApp(
      {
        db: database.db,
        databaseKind: database.kind,
        publicUrl: 'http://opf.test',
        adminToken: 'cache-bound-test-admin-token-0123456789',
        changes: new ChangeSignal(),
      },
      { publicCache: cache },
    );
  });
  afterAll(async () => {
    await app.close();
    await database.close();
  });

  it('10,000 queries with keys the route does not read share one entry', async () => {
    const bodies = new Set<string>();
    let largest = 0;
    for (let i = 0; i < 10_000; i += 1) {
      // Keys /api/v1/clusters does not declare, in varying names, values and order.
      const url =
        i % 2 === 0
          ? `/api/v1/clusters?x=${i}&utm_${i % 7}=a`
          : `/api/v1/clusters?utm_${i % 7}=b&x=${i}`;
      const response = await app.inject(url);
      expect(response.statusCode).toBe(200);
      bodies.add(response.body);
      largest = Math.max(largest, cache.bytes);
    }
    expect(bodies.size).toBe(1);
    expect(cache.size).toBe(1);
    expect(largest).toBeLessThanOrEqual(BOUND);
  }, 120_000);

  it('distinct declared queries are kept least recently used first out, within the byte bound', async () => {
    let largest = 0;
    for (let i = 0; i < 400; i += 1) {
      const response = await app.inject(`/api/v1/projects?q=nothing-${i}&limit=${(i % 20) + 1}`);
      expect(response.statusCode).toBe(200);
      largest = Math.max(largest, cache.bytes);
    }
    expect(largest).toBeLessThanOrEqual(BOUND);
    // More answers were asked for than fit: the oldest went.
    expect(cache.size).toBeLessThan(400);
    expect(cache.size).toBeGreaterThan(10);
  }, 120_000);

  it('one read spelled differently is one entry; a query the route refuses is still refused', async () => {
    cache.clear();
    const first = await app.inject('/api/v1/projects?limit=3&q=lab');
    const reordered = await app.inject('/api/v1/projects?q=lab&limit=3');
    expect(reordered.body).toBe(first.body);
    expect(reordered.headers.etag).toBe(first.headers.etag);
    expect(cache.get('/api/v1/projects?limit=3&offset=0&q=lab')).toBeDefined();
    const refused = await app.inject('/api/v1/projects?limit=3&q=lab&x=1');
    expect(refused.statusCode).toBe(400);
  });
});
