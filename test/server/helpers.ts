import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { buildApp } from '../../src/server/index.ts';
import type { Database } from '../../src/store/index.ts';
import { TEST_IDENTITY_CONFIG } from '../identity/principals.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';
export const AUTH = { authorization: `Bearer ${ADMIN_TOKEN}` } as const;

export interface TestApi {
  app: FastifyInstance;
  database: Database;
  close(): Promise<void>;
}

/** One migrated database with the reference data and one app on it (share per file). */
export async function openTestApi(): Promise<TestApi> {
  const database = await openTestDatabase();
  const app = await buildApp({
    db: database.db,
    databaseKind: testDatabaseKind(),
    publicUrl: 'http://opf.test',
    adminToken: ADMIN_TOKEN,
    identity: { config: TEST_IDENTITY_CONFIG },
  });
  await app.ready();
  return {
    app,
    database,
    close: async () => {
      await app.close();
      await database.close();
    },
  };
}

/** POST a JSON body with the admin token. */
export function post(app: FastifyInstance, url: string, body?: unknown) {
  return app.inject({
    method: 'POST',
    url,
    headers: AUTH,
    ...(body !== undefined && { payload: body as Record<string, unknown> }),
  });
}

export function get(app: FastifyInstance, url: string) {
  return app.inject({ method: 'GET', url });
}

export interface ErrorBody {
  code: string;
  message: string;
  details?: { path?: string; line?: number; message: string; code?: string }[];
}

/** The stable error shape every 4xx carries, with the exact code. */
export function expectError(res: LightMyRequestResponse, status: number, code: string) {
  const body = res.json() as ErrorBody;
  expect({ status: res.statusCode, code: body.code }, res.body).toEqual({ status, code });
  expect(typeof body.message).toBe('string');
  expect(body.message.length).toBeGreaterThan(0);
  return body;
}

/** How many requests and projects are stored, as the public API lists them. */
export async function storedCounts(app: FastifyInstance) {
  const requests = (await get(app, '/api/v1/requests?limit=1')).json() as { total: number };
  const projects = (await get(app, '/api/v1/projects?limit=1')).json() as { total: number };
  return { requests: requests.total, projects: projects.total };
}

/** A billion laughs: 9^9 strings from a few lines. */
export const ALIAS_BOMB = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]',
  'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]',
  'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]',
  'e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]',
  'f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]',
  'g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]',
  'h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]',
  'i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]',
  'project: *i',
];
