import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { type BrowserServer, chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { seedReferenceData } from '../../src/seed/index.ts';
import { openDatabase } from '../../src/store/index.ts';
import { CHROMIUM, CHROMIUM_FLAGS } from '../web/browser.ts';
import { FIXTURE_DIR, NO_FIXTURE } from './fixture-path.ts';
import { missingPrograms, skippedSuitesNotice } from './system-programs.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteTemplate: string;
    /** The same database as a PGlite data directory, to copy (test/support/data-dir.ts). */
    pgliteTemplateDir: string;
    /**
     * A migrated PGlite data directory with no rows at all: what `opf serve` finds after its
     * own initdb.
     */
    pgliteEmptyTemplateDir: string;
    /** The fixture as a committed git repository, made once ('' without the fixture). */
    fixtureRepoTemplate: string;
    /** One Chromium for every browser test of the run ('' when chromium is not installed). */
    chromiumWsEndpoint: string;
  }
}

/**
 * Creating a PGlite database costs seconds (initdb); reopening a dump costs far less. So the
 * run creates one migrated database with the reference data, dumps it, and every test
 * database starts as a copy of that dump. The databases are made on disk, so that a test
 * that needs a data directory copies the files instead of booting PGlite to unpack a dump
 * there (4 s of CPU each, for about 25 server starts a run).
 */
export default async function setup(project: TestProject): Promise<() => void> {
  // The CLI tests run bin/opf.mjs, which runs dist/: build it from the current sources first.
  const build = fileURLToPath(new URL('../../scripts/build.mjs', import.meta.url));
  execFileSync(process.execPath, [build], { stdio: 'inherit' });
  // One line first when suites will be skipped; the reporter counts them at the end.
  const notice = skippedSuitesNotice(missingPrograms());
  if (notice) console.warn(notice);
  if (!FIXTURE_DIR) console.warn(`operate-first-apps fixture tests ${NO_FIXTURE}`);
  if (process.env.DATABASE_URL) await createSharedExtensions(process.env.DATABASE_URL);
  const dir = mkdtempSync(join(tmpdir(), 'opf-test-template-'));
  const emptyDir = join(dir, 'empty-pglite');
  const seededDir = join(dir, 'pglite');
  // initdb and the migrations once: the empty database, then a copy with the reference data.
  await (await openDatabase({ kind: 'pglite', dataDir: emptyDir })).close();
  cpSync(emptyDir, seededDir, { recursive: true });
  const seeded = await openDatabase({ kind: 'pglite', dataDir: seededDir });
  await seeded.db.transaction().execute((tx) => seedReferenceData(tx));
  const dump = await seeded.pglite!.dumpDataDir('none');
  await seeded.close();
  const file = join(dir, 'template.tar');
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteTemplate', file);
  project.provide('pgliteTemplateDir', seededDir);
  project.provide('pgliteEmptyTemplateDir', emptyDir);
  project.provide('fixtureRepoTemplate', FIXTURE_DIR ? fixtureRepository(dir, FIXTURE_DIR) : '');
  const browser = await startSharedChromium();
  project.provide('chromiumWsEndpoint', browser?.wsEndpoint() ?? '');
  return async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  };
}

/**
 * Each browser test file takes a fresh context of this one browser instead of launching its
 * own (1.5–3 s of the two cores per file). Contexts share no cookies, cache or storage.
 */
async function startSharedChromium(): Promise<BrowserServer | undefined> {
  if (!existsSync(CHROMIUM)) return undefined;
  return chromium.launchServer({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS });
}

/**
 * Hashing the fixture's 1,600 files into a first commit costs seconds of CPU; the GitOps tests
 * copy it a dozen times, so they copy this committed repository instead.
 */
function fixtureRepository(dir: string, fixture: string): string {
  const repo = join(dir, 'operate-first-apps');
  cpSync(fixture, repo, { recursive: true });
  const run = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      stdio: 'ignore',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 'test',
        GIT_AUTHOR_EMAIL: 'test@example.org',
        GIT_COMMITTER_NAME: 'test',
        GIT_COMMITTER_EMAIL: 'test@example.org',
      },
    });
  run('init', '-q', '-b', 'main');
  run('add', '-A');
  run('commit', '-q', '-m', 'fixture');
  return repo;
}

/**
 * The server's test databases are schemas of one database, and extensions are database-wide:
 * made once here, in public, so no migration races another to create it and dropping a test's
 * schema never takes it (with the other schemas' indexes on it) along.
 */
async function createSharedExtensions(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('create extension if not exists pg_trgm schema public');
    await client.query('create extension if not exists btree_gin schema public');
  } finally {
    await client.end();
  }
}
