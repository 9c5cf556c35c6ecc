import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';

/**
 * Lay a migrated, empty PGlite database where `opf serve` keeps it under `dataDir`, so a test
 * that starts opf skips initdb and the migrations (about 9 s of CPU each) and still sees what a
 * first start sees: an empty database, seeded by opf itself. test/cli/cli.test.ts keeps one
 * start on a truly fresh directory. A copy of the files the global setup made: unpacking a
 * dump there would boot PGlite once more (about 4 s of CPU) before opf boots it again.
 */
export function emptyDataDir(dataDir: string): void {
  cpSync(inject('pgliteEmptyTemplateDir'), join(dataDir, 'pglite'), { recursive: true });
}

/** The test template (migrated, with the reference data) as a PGlite data directory there. */
export function templateDatabaseAt(pgliteDir: string): void {
  cpSync(inject('pgliteTemplateDir'), pgliteDir, { recursive: true });
}
