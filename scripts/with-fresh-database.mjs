#!/usr/bin/env node
// Runs a command with DATABASE_URL pointing at a brand-new database on a PostgreSQL server
// (default postgres://postgres@127.0.0.1:5432/postgres, trust auth), then drops it.
// Usage: node scripts/with-fresh-database.mjs -- npm run test:contract
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

const adminUrl = process.env.OPF_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const command = process.argv.slice(process.argv.indexOf('--') + 1);
const name = `opf_ci_${Date.now()}_${randomBytes(3).toString('hex')}`;

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
await admin.end();

const url = new URL(adminUrl);
url.pathname = `/${name}`;
console.log(`fresh database ${name} on ${url.host}`);
const result = spawnSync(command[0], command.slice(1), {
  stdio: 'inherit',
  env: { ...process.env, DATABASE_URL: url.toString() },
});

const cleanup = new pg.Client({ connectionString: adminUrl });
await cleanup.connect();
await cleanup.query(`drop database if exists ${name} with (force)`);
await cleanup.end();
process.exit(result.status ?? 1);
