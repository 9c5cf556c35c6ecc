import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Schema } from '../store/index.ts';
import { buildApp } from './app.ts';

/**
 * The OpenAPI document, generated from the route schemas without a database (routes are
 * only registered, never called). Committed as docs/openapi.json; a test fails on drift.
 */
export async function renderOpenApi(): Promise<string> {
  // A pool connects lazily: with no query made, no database is needed.
  const pool = new pg.Pool({ max: 1 });
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  const app = await buildApp({
    db,
    databaseKind: 'pglite',
    publicUrl: 'http://localhost:8080',
    adminToken: 'x'.repeat(32),
  });
  await app.ready();
  const text = `${JSON.stringify(app.swagger(), null, 2)}\n`;
  await app.close();
  await db.destroy();
  return text;
}
