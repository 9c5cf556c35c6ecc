import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { SEED_CLUSTERS } from '../../src/core/index.ts';
import { seedDemoData } from '../../src/seed/index.ts';
import { migrationNames, openDatabase } from '../../src/store/index.ts';

const url = process.env.DATABASE_URL;
const REPLICAS = 4;

/** A brand-new database on the same server as DATABASE_URL, dropped afterwards. */
async function withEmptyDatabase(work: (databaseUrl: string) => Promise<void>): Promise<void> {
  const name = `opf_start_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const databaseUrl = new URL(url!);
    databaseUrl.pathname = `/${name}`;
    await work(databaseUrl.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

// Several processes sharing one database exist only on a server: PGlite is one process,
// one connection, so there is nothing to race there.
describe.skipIf(!url)('replicas starting at once on an empty PostgreSQL database', () => {
  it('migrate once and seed once, and every replica starts', async () => {
    await withEmptyDatabase(async (databaseUrl) => {
      // All migrate at once; then all seed at once (the migration lock alone staggers them).
      const opened = await Promise.allSettled(
        Array.from({ length: REPLICAS }, () =>
          openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 2 }),
        ),
      );
      const replicas = opened.flatMap((result) =>
        result.status === 'fulfilled' ? [result.value] : [],
      );
      const started = await Promise.allSettled(
        replicas.map((database) =>
          seedDemoData({ db: database.db, publicUrl: 'http://opf.test' }, { samples: true }),
        ),
      );
      await Promise.all(replicas.map((database) => database.close()));
      expect(opened.map((result) => result.status)).toEqual(Array(REPLICAS).fill('fulfilled'));
      expect(started.map((result) => result.status)).toEqual(Array(REPLICAS).fill('fulfilled'));
      const seeded = started.map((result) => result.status === 'fulfilled' && result.value);
      expect(seeded.filter(Boolean)).toHaveLength(1);

      const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
      try {
        const applied = await sql<{
          name: string;
        }>`select name from opf_migrations order by name`.execute(database.db);
        expect(applied.rows.map((row) => row.name)).toEqual(migrationNames());
        const clusters = await database.db.selectFrom('clusters').select('name').execute();
        expect(clusters).toHaveLength(SEED_CLUSTERS.length);
        // The two sample requests, once.
        const requests = await database.db.selectFrom('requests').select('id').execute();
        expect(requests).toHaveLength(2);
      } finally {
        await database.close();
      }
    });
  });

  it('an opf in the default schema starts beside another opf in its own schema of the database', async () => {
    await withEmptyDatabase(async (databaseUrl) => {
      const admin = new pg.Client({ connectionString: databaseUrl });
      await admin.connect();
      await admin.query('create schema other_opf');
      await admin.end();
      const other = await openDatabase({
        kind: 'postgres',
        url: databaseUrl,
        searchPath: 'other_opf',
      });
      await other.close();
      // Its bookkeeping tables are the other opf's, not this one's: they must be made here too.
      const database = await openDatabase({ kind: 'postgres', url: databaseUrl, poolSize: 1 });
      try {
        const applied = await sql<{ name: string }>`select name from public.opf_migrations`.execute(
          database.db,
        );
        expect(applied.rows).toHaveLength(migrationNames().length);
      } finally {
        await database.close();
      }
    });
  });
});
