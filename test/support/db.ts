import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sql } from 'kysely';
import pg from 'pg';
import { inject } from 'vitest';
import { seedReferenceData } from '../../src/seed/index.ts';
import { type Database, openDatabase } from '../../src/store/index.ts';

/**
 * A fresh database with the schema and the reference data (clusters, tiers, terms).
 * PGlite by default; with DATABASE_URL set (CI's contract run) a new schema on that server,
 * so the same tests judge both implementations.
 */
export async function openTestDatabase(): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (url) return openServerSchema(url);
  const template = readFileSync(inject('pgliteTemplate'));
  return openDatabase({ kind: 'pglite', dataDir: undefined, loadDataDir: new Blob([template]) });
}

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

async function openServerSchema(url: string): Promise<Database> {
  const schema = `opf_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const database = await openDatabase({ kind: 'postgres', url, searchPath: schema, poolSize: 5 });
  await database.db.transaction().execute((tx) => seedReferenceData(tx));
  return {
    ...database,
    close: async () => {
      await sql.raw(`drop schema ${schema} cascade`).execute(database.db);
      await database.close();
    },
  };
}
