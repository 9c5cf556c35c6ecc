import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultIdentityConfig } from '../../src/identity/index.ts';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

const TOKEN = 'rate-limit-test-admin-token-0123456789';
const BUDGET = 6;

/** One opf replica on the shared database, with a small sign-in budget. */
function replica(database: Database): Promise<FastifyInstance> {
  return buildApp({
    db: database.db,
    databaseKind: database.kind,
    publicUrl: 'http://opf.test',
    adminToken: TOKEN,
    identity: { config: defaultIdentityConfig({ authRateLimit: BUDGET }) },
  });
}

describe(`rate limits shared through the database (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const signIn = (app: FastifyInstance, remoteAddress: string) =>
    app.inject({ method: 'GET', url: '/auth/login', remoteAddress });
  const tokens = (app: FastifyInstance, remoteAddress: string) =>
    app.inject({
      method: 'GET',
      url: '/api/v1/tokens',
      remoteAddress,
      headers: { authorization: `Bearer ${TOKEN}` },
    });

  it('two replicas and every /auth/* and /api/v1/tokens route share one budget per address, and a restart keeps it', async () => {
    const client = '198.51.100.20';
    const [a, b] = [await replica(database), await replica(database)];
    const codes: number[] = [];
    // Half on one replica's sign-in page, half on the other's token list.
    for (let n = 0; n < BUDGET / 2; n += 1) {
      codes.push((await signIn(a, client)).statusCode);
      codes.push((await tokens(b, client)).statusCode);
    }
    expect(codes.every((code) => code !== 429)).toBe(true);
    const over = await tokens(a, client);
    expect(over.statusCode).toBe(429);
    expect(JSON.parse(over.body).code).toBe('OPF_ERR_RATE_LIMITED');
    expect((await signIn(b, client)).statusCode).toBe(429);
    await a.close();
    await b.close();

    const restarted = await replica(database);
    expect((await signIn(restarted, client)).statusCode).toBe(429);
    // Another client has its own budget.
    expect((await signIn(restarted, '203.0.113.20')).statusCode).not.toBe(429);
    await restarted.close();
  });
});
