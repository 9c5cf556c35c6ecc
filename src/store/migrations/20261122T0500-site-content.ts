import { type Kysely, sql } from 'kysely';
import { executeStatements } from './execute-statements.ts';
import { SITE_CONTENT_SEED } from './site-content-seed.ts';

/** The front page's content as one admin-editable record, seeded with the first edition. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    create table site_content (
      id text primary key,
      content jsonb not null,
      updated_at timestamptz not null default now(),
      updated_by text not null
    );
    `,
  );
  await sql`insert into site_content (id, content, updated_by)
    values ('site', ${JSON.stringify(SITE_CONTENT_SEED)}::jsonb, 'opf-seed')`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(db, 'drop table site_content;');
}
