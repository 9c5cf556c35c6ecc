import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { registerPgliteCopy, registerPoolCopy } from './copy-out.ts';
import { migrateToLatest } from './migrate.ts';
import { PGliteDialect } from './pglite-dialect.ts';
import { namePreparedStatements } from './prepared.ts';
import type { Schema } from './schema.ts';

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string | undefined; loadDataDir?: Blob }
  | { kind: 'postgres'; url: string; searchPath?: string; poolSize?: number };

export interface Database {
  db: Kysely<Schema>;
  kind: 'pglite' | 'postgres';
  /** The PGlite instance, for dumps in tests; undefined on a server. */
  pglite: PGlite | undefined;
  /** The schema opf lives in on a shared server, when not the default. */
  schema: string | undefined;
  close(): Promise<void>;
}

// PostgreSQL's bigint (int8) comes back as text by default; opf's ids fit in a JS number.
pg.types.setTypeParser(20, (value) => Number.parseInt(value, 10));

/** Open the database and bring its schema up to date. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  const database = config.kind === 'pglite' ? await openPglite(config) : openPostgres(config);
  await migrateToLatest(
    database.db as Kysely<unknown>,
    config.kind === 'postgres' ? config.searchPath : undefined,
  );
  return database;
}

async function openPglite(config: Extract<DatabaseConfig, { kind: 'pglite' }>): Promise<Database> {
  if (config.dataDir) mkdirSync(config.dataDir, { recursive: true });
  const pglite = await PGlite.create({
    ...(config.dataDir && { dataDir: config.dataDir }),
    ...(config.loadDataDir && { loadDataDir: config.loadDataDir }),
    parsers: { 20: (value: string) => Number.parseInt(value, 10) },
    // The directory's search index (migration 20261203T0100-project-search-index).
    extensions: { btree_gin, pg_trgm },
  });
  const db = new Kysely<Schema>({ dialect: new PGliteDialect(pglite) });
  registerPgliteCopy(db as Kysely<unknown>, pglite);
  return {
    db,
    kind: 'pglite',
    pglite,
    schema: undefined,
    close: async () => {
      await db.destroy();
      await pglite.close();
    },
  };
}

function openPostgres(config: Extract<DatabaseConfig, { kind: 'postgres' }>): Database {
  const pool = openPostgresPool(config);
  const db = new Kysely<Schema>({ dialect: new PostgresDialect({ pool }) });
  registerPoolCopy(db as Kysely<unknown>, pool);
  return {
    db,
    kind: 'postgres',
    pglite: undefined,
    schema: config.searchPath,
    close: () => db.destroy(),
  };
}

/**
 * opf's pool of connections to a PostgreSQL server, each set up as opf uses it (named
 * statements for the hottest reads, JIT off, the search path). Exported for the API bench,
 * whose floor row sends opf's statements through a pool like opf's but without opf.
 */
export function openPostgresPool(config: Extract<DatabaseConfig, { kind: 'postgres' }>): pg.Pool {
  const pool = new pg.Pool({
    connectionString: config.url,
    max: config.poolSize ?? 10,
    ...(config.searchPath && { options: `-c search_path=${config.searchPath}` }),
  });
  pool.on('connect', namePreparedStatements);
  // JIT off: opf's statements are short, and a plan whose row estimates are far off (a JSON
  // array's elements count as 100 each) crossed jit_above_cost and spent 600 ms compiling a
  // 100 ms read (the engagement list, ADR 0039). Set once per connection, queued before any
  // query of opf's; not as a startup option, which poolers such as PgBouncer refuse.
  pool.on('connect', (client) => {
    client.query('set jit = off').catch(ignoreEndedConnection);
  });
  // A connection the server ends (a failover, an idle timeout, pg_terminate_backend) emits
  // 'error'; with no listener that would end the process. An idle one is dropped by the pool;
  // one checked out (a turn on the GitOps remote holds one for seconds) fails its next query,
  // which its caller handles, and the pool drops it when it is released.
  pool.on('error', ignoreEndedConnection);
  pool.on('connect', (client) => client.on('error', ignoreEndedConnection));
  return pool;
}

function ignoreEndedConnection(): void {}
