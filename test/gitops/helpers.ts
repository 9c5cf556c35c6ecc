import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, inject } from 'vitest';

import { FIXTURE_DIR } from '../support/fixture-path.ts';

/** The real fixture, or '' when it is not on this machine (its tests are skipped then). */
export const FIXTURE = FIXTURE_DIR ?? '';
export { NO_FIXTURE } from '../support/fixture-path.ts';
export const TESTDATA = join(import.meta.dirname, '../../testdata/gitops');

const created: string[] = [];
// Copies of the fixture are 16 MB each: remove them when the test file is done (each file
// loads this module afresh, so the hook belongs to that file).
afterAll(() => {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function tempDir(prefix = 'opf-gitops-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

/** A copy of a tree in a fresh temporary directory, optionally made a git repository. */
export function copyTree(source: string, options: { git?: boolean } = {}): string {
  const dir = tempDir();
  const template = options.git && source === FIXTURE ? inject('fixtureRepoTemplate') : '';
  if (template) {
    cpSync(template, dir, { recursive: true });
    return dir;
  }
  cpSync(source, dir, { recursive: true });
  if (options.git) {
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'fixture');
  }
  return dir;
}

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'test',
      GIT_AUTHOR_EMAIL: 'test@example.org',
      GIT_COMMITTER_NAME: 'test',
      GIT_COMMITTER_EMAIL: 'test@example.org',
    },
  });
}

/** Every file under dir (skipping .git), relative, sorted. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const visit = (current: string) => {
    for (const name of readdirSync(current)) {
      if (name === '.git') continue;
      const path = join(current, name);
      if (statSync(path).isDirectory()) visit(path);
      else out.push(relative(dir, path).split('\\').join('/'));
    }
  };
  visit(dir);
  return out.sort();
}

/** Snapshot of a tree's files and contents, to prove it did not change. */
export function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}
