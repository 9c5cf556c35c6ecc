import { importFrom } from './import.ts';
import type { Inventory } from './inventory.ts';
import type { RepoFs } from './repo-fs.ts';
import { readTreeFs } from './tree-fs.ts';

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
