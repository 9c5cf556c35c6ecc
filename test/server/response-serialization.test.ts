import { Writable } from 'node:stream';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/index.ts';
import {
  historyPageSchema,
  pageOf,
  projectViewSchema,
  requestDetailSchema,
} from '../../src/server/schemas.ts';
import {
  compiledSerializerCompiler,
  JsonText,
  serializationSchemaOf,
} from '../../src/server/serializer.ts';
import type { Schema } from '../../src/store/index.ts';
import { validRequest } from '../support/fixtures.ts';
import { get, openTestApi, post, type TestApi } from './helpers.ts';

const project = {
  name: 'alpha',
  displayName: 'Alpha',
  description: 'A project',
  repositoryUrl: null,
  docsUrl: null,
  status: 'requested',
  imported: false,
  team: null,
  namespaces: [{ name: 'alpha-dev', cluster: null, tier: 'small' }],
  latestRequestId: 3,
  createdAt: '2026-11-22T10:00:00.000Z',
  updatedAt: '2026-11-22T10:00:00.000Z',
};

function serializerOfProjectsPage(checkResponses: boolean) {
  const fallbacks: string[] = [];
  const compile = compiledSerializerCompiler({
    checkResponses,
    onFallback: (route) => fallbacks.push(route),
  });
  const serialize = compile({
    schema: pageOf(projectViewSchema),
    method: 'GET',
    url: '/api/v1/projects',
    httpStatus: '200',
  }) as (data: unknown) => string;
  return { serialize, fallbacks };
}

describe('the compiled serializer', () => {
  it('writes what zod would: nulls stay null (not {}), unknown fields are left out', () => {
    const { serialize, fallbacks } = serializerOfProjectsPage(false);
    expect(fallbacks).toEqual([]);
    const page = {
      items: [{ ...project, internalNote: 'secret' }],
      total: 1,
      limit: 50,
      offset: 0,
    };
    expect(JSON.parse(serialize(page))).toEqual({
      items: [project],
      total: 1,
      limit: 50,
      offset: 0,
    });
  });

  it('marks nullable fields nullable, so no value runs a validator to pick a branch', () => {
    for (const schema of [pageOf(projectViewSchema), requestDetailSchema, historyPageSchema])
      expect(JSON.stringify(serializationSchemaOf(schema))).not.toMatch(/anyOf|oneOf|\$ref/);
  });

  it('with checkResponses, refuses an answer it would have coerced to fit the schema', () => {
    const wrong = { items: [{ ...project, latestRequestId: '3' }], total: 1, limit: 50, offset: 0 };
    // Unchecked, fast-json-stringify coerces the string to the integer the schema declares.
    expect(
      JSON.parse(serializerOfProjectsPage(false).serialize(wrong)).items[0].latestRequestId,
    ).toBe(3);
    expect(() => serializerOfProjectsPage(true).serialize(wrong)).toThrow();
  });

  it('sends JSON text as it is; with checkResponses, only when it is the serializer’s own bytes', () => {
    const page = { items: [project], total: 1, limit: 50, offset: 0 };
    const exact = serializerOfProjectsPage(false).serialize(page);
    expect(serializerOfProjectsPage(false).serialize(new JsonText(exact))).toBe(exact);
    expect(serializerOfProjectsPage(true).serialize(new JsonText(exact))).toBe(exact);
    // The same value with a space, keys in another order, or a field too many: refused.
    const spaced = exact.replace('"total":1', '"total": 1');
    const reordered = exact.replace('"limit":50,"offset":0', '"offset":0,"limit":50');
    const extra = exact.replace('"total":1', '"total":1,"more":true');
    for (const text of [spaced, reordered, extra]) {
      expect(JSON.parse(text)).toMatchObject({ total: 1 });
      expect(() => serializerOfProjectsPage(true).serialize(new JsonText(text))).toThrow(
        /JSON text differs/,
      );
    }
  });

  it('compiles every route’s response schemas: none falls back to zod', async () => {
    const warnings: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        warnings.push(String(chunk));
        done();
      },
    });
    // Routes are only registered, never called: a lazy pool needs no database.
    const pool = new pg.Pool({ max: 1 });
    const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
    const app = await buildApp(
      { db, databaseKind: 'pglite', publicUrl: 'http://opf.test', adminToken: 'x'.repeat(32) },
      { logger: { level: 'warn', stream } },
    );
    await app.ready();
    await app.close();
    await db.destroy();
    expect(warnings.filter((line) => line.includes('response schema not compiled'))).toEqual([]);
  });
});

describe('the main public reads match their zod response schemas exactly', () => {
  let api: TestApi;
  let id: number;

  beforeAll(async () => {
    api = await openTestApi();
    const created = await post(api.app, '/api/v1/requests', validRequest('serialized'));
    expect(created.statusCode).toBe(201);
    id = created.json().id;
    await post(api.app, `/api/v1/requests/${id}/comments`, { body: 'Looks good' });
  });
  afterAll(() => api.close());

  // parse() drops what the schema does not declare: equal means nothing extra, nothing missing.
  it.each([
    ['the directory, paged', '/api/v1/projects?limit=5', pageOf(projectViewSchema)],
    ['the directory, searched', '/api/v1/projects?q=SERIAL&limit=5', pageOf(projectViewSchema)],
    ['a request’s detail', () => `/api/v1/requests/${id}`, requestDetailSchema],
    ['a request’s history', () => `/api/v1/requests/${id}/history`, historyPageSchema],
  ] as const)('%s', async (_name, url, schema) => {
    const res = await get(api.app, typeof url === 'function' ? url() : url);
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(schema.parse(body)).toEqual(body);
    if ('items' in body) expect(body.items.length).toBeGreaterThan(0);
  });
});
