import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openDatabase } from '../../src/store/index.ts';

/**
 * Lay a migrated, empty PGlite database where `opf serve` keeps it under `dataDir`, so a test
 * that starts opf skips initdb and the migrations (about 9 s of CPU each) and still sees what a
 * first start sees: an empty database, seeded by opf itself. test/cli/cli.test.ts keeps one
 * start on a truly fresh directory.
 */
export async function emptyDataDir(dataDir: string): Promise<void> {
  const database = await openDatabase({
    kind: 'pglite',
    dataDir: join(dataDir, 'pglite'),
    loadDataDir: new Blob([readFileSync(inject('pgliteEmptyTemplate'))]),
  });
  await database.close();
}
