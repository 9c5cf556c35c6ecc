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
  return openDatabase({ kind: 'pglite', dataDir: undefined, loadDataDir: templateDump() });
}

let templateBytes: Buffer | undefined;

/**
 * The template's dump as PGlite reads it (it asks for the bytes and the type only). Not a
 * Blob of the 43 MB file: copying the file into a Blob and reading it back in chunks cost
 * about 1 s of CPU per database, almost as much as the rest of the open. The file is read
 * once per worker; each database gets its own copy of the bytes.
 */
function templateDump(): Blob {
  templateBytes ??= readFileSync(inject('pgliteTemplate'));
  return new BytesBlob(templateBytes);
}

class BytesBlob extends Blob {
  constructor(private readonly contents: Buffer) {
    super([]);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    const copy = new ArrayBuffer(this.contents.byteLength);
    new Uint8Array(copy).set(this.contents);
    return Promise.resolve(copy);
  }
}

/**
 * Another pool on a server test database's schema, as a second replica would open it. Opening
 * migrates (the migrator reads the whole catalog), so it takes its turn with the other files'
 * schema DDL, like openTestDatabase.
 */
export function openReplicaOf(first: Database, poolSize?: number): Promise<Database> {
  const url = process.env.DATABASE_URL;
  if (!url || !first.schema) throw new Error('a second replica needs a server test database');
  return withSchemaDdlLock(url, () =>
    openDatabase({
      kind: 'postgres',
      url,
      searchPath: first.schema,
      ...(poolSize && { poolSize }),
    }),
  );
}

export function testDatabaseKind(): 'pglite' | 'postgres' {
  return process.env.DATABASE_URL ? 'postgres' : 'pglite';
}

async function openServerSchema(url: string): Promise<Database> {
  const schema = `opf_test_${randomBytes(6).toString('hex')}`;
  const database = await withSchemaDdlLock(url, async () => {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`create schema ${schema}`);
    await admin.end();
    const opened = await openDatabase({ kind: 'postgres', url, searchPath: schema, poolSize: 5 });
    await opened.db.transaction().execute((tx) => seedReferenceData(tx));
    return opened;
  });
  return {
    ...database,
    close: async () => {
      await withSchemaDdlLock(url, () =>
        sql.raw(`drop schema ${schema} cascade`).execute(database.db),
      );
      await database.close();
    },
  };
}

/**
 * Runs DDL that reads the whole catalog (the migrator does) in its turn with the other test
 * files' schema DDL on the server; on PGlite, where each file has its own database, at once.
 */
export function takingSchemaDdlTurn<T>(work: () => Promise<T>): Promise<T> {
  const url = process.env.DATABASE_URL;
  return url ? withSchemaDdlLock(url, work) : work();
}

/**
 * Test files make, migrate and drop their schemas on one server at the same time. Kysely's
 * migrator reads the tables of the whole catalog, and fails ("relation … does not exist")
 * when another file drops a schema in the middle of that read: so that DDL takes turns,
 * under a session advisory lock held on a connection of its own.
 */
async function withSchemaDdlLock<T>(url: string, work: () => Promise<T>): Promise<T> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query(`select pg_advisory_lock(${TEST_SCHEMA_DDL_LOCK})`);
    return await work();
  } finally {
    await lock.end(); // ending the session releases its advisory lock
  }
}

/** A lock key of the test suite's own ("opf-test"), apart from opf's (src/store/startup-lock.ts). */
const TEST_SCHEMA_DDL_LOCK = 0x6f7066_74;
