import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/index.ts';
import { migrateDown, migrateToLatest, migrationNames } from '../../src/store/index.ts';
import { openTestDatabase, takingSchemaDdlTurn, testDatabaseKind } from '../support/db.ts';

describe(`migrations (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  it('applies every migration at open, and down then up again restores the schema', async () => {
    const tables = async () =>
      (
        await sql<{ table_name: string }>`
          select table_name from information_schema.tables
          where table_schema = current_schema() and table_name not like 'opf_migrations%'
          order by table_name`.execute(database.db)
      ).rows.map((row) => row.table_name);
    const before = await tables();
    expect(before).toEqual(
      expect.arrayContaining([
        'audit_events',
        'clusters',
        'jobs',
        'namespace_claims',
        'projects',
        'requests',
      ]),
    );
    // Another file dropping its schema while the migrator reads the catalog fails the read:
    // the migrations run in their turn with the other files' schema DDL.
    await takingSchemaDdlTurn(async () => {
      expect(await migrateToLatest(database.db as never, database.schema)).toEqual([]);
      const names = migrationNames();
      // Down every migration, newest first, until no table is left; then up again.
      for (const _ of names) await migrateDown(database.db as never, database.schema);
      expect(await tables()).toEqual([]);
      expect(await migrateToLatest(database.db as never, database.schema)).toEqual(
        names.map((name) => `up ${name}`),
      );
    });
    expect(await tables()).toEqual(before);
  });
});

// PGlite has no JIT; on a server, every connection of opf's pool runs with it off (ADR 0039).
describe.skipIf(testDatabaseKind() !== 'postgres')('connections to a PostgreSQL server', () => {
  it('run with JIT off, however many the pool opens', async () => {
    const database = await openTestDatabase();
    try {
      const answers = await Promise.all(
        Array.from({ length: 4 }, () => sql<{ jit: string }>`show jit`.execute(database.db)),
      );
      expect(answers.map((answer) => answer.rows[0]?.jit)).toEqual(['off', 'off', 'off', 'off']);
    } finally {
      await database.close();
    }
  });
});
