import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, listProjectsJson } from '../../src/store/index.ts';
import { openReplicaOf, openTestDatabase, testDatabaseKind } from '../support/db.ts';

/**
 * The hot reads go as named prepared statements on a PostgreSQL server (ADR 0030): planned
 * once per connection. PGlite has no connections to keep them on, so this file needs
 * DATABASE_URL (the contract run); without it each test says so and passes nothing off.
 */
const onServer = testDatabaseKind() === 'postgres';

describe.runIf(onServer)('named prepared statements (postgres)', () => {
  let seeded: Database;
  let single: Database;
  let schema: string;

  beforeAll(async () => {
    seeded = await openTestDatabase();
    // The schema openTestDatabase made, read through one connection only.
    const { rows } = await sql<{ s: string }>`select current_schema() as s`.execute(seeded.db);
    schema = rows[0]!.s;
    single = await openReplicaOf(seeded, 1);
  });
  afterAll(async () => {
    await single?.close();
    await seeded?.close();
  });

  const prepared = async () =>
    (
      await sql<{ name: string; calls: string }>`select name from pg_prepared_statements
        where name like 'opf-%' order by name`.execute(single.db)
    ).rows.map((row) => row.name);

  it('prepares the directory page once per shape and reuses it', async () => {
    expect(await prepared()).toEqual([]);
    const first = await listProjectsJson({ tx: single.db }, { limit: 5, offset: 0 });
    const again = await listProjectsJson({ tx: single.db }, { limit: 5, offset: 0 });
    expect(again).toEqual(first);
    await listProjectsJson(
      { tx: single.db },
      { search: 'x', status: 'active', limit: 5, offset: 0 },
    );
    await listProjectsJson({ tx: single.db }, { status: 'active', limit: 5, offset: 0 });
    // A searched page is planned for its own pattern each time, never prepared (ADR 0040).
    const names = await prepared();
    expect(names).toHaveLength(2);
    expect(names.some((name) => name.startsWith('opf-projects-page-all-'))).toBe(true);
    expect(names.some((name) => name.startsWith('opf-projects-page-status-'))).toBe(true);
    expect(names.some((name) => name.includes('search'))).toBe(false);
  });

  it('keeps answering when a table it reads with * gains a column while it runs', async () => {
    // As a migration of a newer release might while this one still serves (PostgreSQL 15
    // re-plans the statement; were it to refuse, this would fail).
    const text = '/* opf:prepared stale-test */ select * from stale_probe';
    await sql.raw('create table stale_probe (a int)').execute(single.db);
    const pool = new pg.Pool({
      connectionString: process.env.DATABASE_URL!,
      options: `-c search_path=${schema}`,
      max: 1,
    });
    const { namePreparedStatements } = await import('../../src/store/prepared.ts');
    pool.on('connect', namePreparedStatements);
    try {
      expect((await pool.query(text)).fields.map((f) => f.name)).toEqual(['a']);
      await sql.raw('alter table stale_probe add column b int').execute(single.db);
      expect((await pool.query(text)).fields.map((f) => f.name)).toEqual(['a', 'b']);
    } finally {
      await pool.end();
    }
  });
});

describe.skipIf(onServer)('named prepared statements (pglite)', () => {
  it.skip('need a PostgreSQL server: run with DATABASE_URL (scripts/with-fresh-database.mjs)', () => {});
});
