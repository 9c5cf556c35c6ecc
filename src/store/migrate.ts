import { type Kysely, type MigrationResultSet, Migrator } from 'kysely';
import { MIGRATIONS } from './migrations/index.ts';
import { withMigrationLock } from './startup-lock.ts';

/**
 * `schema`: where the bookkeeping tables live when opf runs in its own schema of a shared
 * server (the test suites do). Without it, Kysely could take another schema's table for ours.
 */
function migrator(db: Kysely<unknown>, schema?: string): Migrator {
  return new Migrator({
    db,
    provider: { getMigrations: async () => MIGRATIONS },
    migrationTableName: 'opf_migrations',
    migrationLockTableName: 'opf_migrations_lock',
    ...(schema && { migrationTableSchema: schema }),
  });
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
    check(await migrator(connection, schema).migrateToLatest()),
  );
}

/** Undo the newest migration (operators' escape hatch, and the down-migration test). */
export async function migrateDown(db: Kysely<unknown>, schema?: string): Promise<string[]> {
  return check(await migrator(db, schema).migrateDown());
}

export function migrationNames(): string[] {
  return Object.keys(MIGRATIONS).sort();
}
