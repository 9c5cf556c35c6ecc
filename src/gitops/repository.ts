import { importFrom } from './import.ts';
import type { Inventory } from './inventory.ts';
import type { RepoFs } from './repo-fs.ts';
import { readTreeFs, readTreeFsInParallel } from './tree-fs.ts';
import { parseAhead } from './yaml-read.ts';

/** A repository read once: the files (for edits) and what they mean (for decisions). */
export interface Repository {
  fs: RepoFs;
  inventory: Inventory;
}

export function openRepository(dir: string): Repository {
  const fs = readTreeFs(dir);
  return { fs, inventory: importFrom(fs) };
}

export function repositoryFrom(fs: RepoFs): Repository {
  return { fs, inventory: importFrom(fs) };
}

/**
 * openRepository for a command that reads the repository once: a worker thread reads the
 * files while this one parses them as they come (readTreeFsInParallel).
 */
export async function openRepositoryInParallel(dir: string): Promise<Repository> {
  return repositoryFrom(await readTreeFsInParallel(dir, parseAhead));
}
