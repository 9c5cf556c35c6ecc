import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { DatabaseConfig } from '../../src/store/index.ts';

/** A database made for one bench run, and how to remove it afterwards. */
export interface BenchDatabase {
  config: DatabaseConfig;
  drop: () => Promise<void>;
}

/** The embedded PGlite, in a temporary directory removed by drop(). */
export function preparePglite(): BenchDatabase {
  const dir = mkdtempSync(join(tmpdir(), 'opf-bench-'));
  return {
    config: { kind: 'pglite', dataDir: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * A fresh database opf_bench_<random> on the local PostgreSQL server (DATABASE_URL, else
 * postgres://postgres@127.0.0.1:5432/postgres), dropped by drop(). A bench never writes to a
 * remote server: it creates and drops databases.
 */
export async function preparePostgres(): Promise<BenchDatabase> {
  const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(base.hostname))
    throw new Error(`the benchmark runs against a local server only, not ${base.hostname}`);
  const name = `opf_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    config: { kind: 'postgres', url: url.toString() },
    drop: async () => {
      const client = new pg.Client({ connectionString: base.toString() });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}
