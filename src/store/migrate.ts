import { type Kysely, type MigrationResultSet, Migrator, sql } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';
import { withMigrationLock } from './startup-lock.ts';

/**
 * `schema`: where the bookkeeping tables live; by default the connection's current schema.
 * Always named, because Kysely looks for its tables across the whole catalog when it is not:
 * an opf in `public` of a server that holds another opf's schema would take that schema's
 * tables for its own and never create them.
 */
async function migrator(db: Kysely<unknown>, schema?: string): Promise<Migrator> {
  const migrationTableSchema = schema ?? (await currentSchema(db));
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'opf_migrations',
    migrationLockTableName: 'opf_migrations_lock',
    ...(migrationTableSchema && { migrationTableSchema }),
  });
}

async function currentSchema(db: Kysely<unknown>): Promise<string | undefined> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(
    db,
  );
  return rows[0]?.schema ?? undefined;
}

function check(result: MigrationResultSet): string[] {
  if (result.error) throw result.error;
  return (result.results ?? []).map((r) => `${r.direction.toLowerCase()} ${r.migrationName}`);
}

/**
 * Apply every pending migration (at start); returns what ran. Replicas starting together
 * on an empty database take turns under an advisory lock: Kysely's own lock covers the
 * migrations, ours also covers creating its bookkeeping tables, which otherwise race.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  return withMigrationLock(db, async (connection) =>
    check(await (await migrator(connection, schema)).migrateToLatest()),
  );
}

/** Undo the newest migration (operators' escape hatch, and the down-migration test). */
export async function migrateDown(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  return check(await (await migrator(db, schema)).migrateDown());
}

export function migrationNames(): string[] {
  return Object.keys(MIGRATIONS).sort();
}
