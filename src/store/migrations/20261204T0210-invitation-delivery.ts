import type { Kysely } from 'kysely';
import { executeStatements } from './execute-statements.ts';

/**
 * Each invitation's delivery as it really went: queued, sent, or failed (with the last
 * error and the attempts made), so "queued" is never all anyone sees of a mail that failed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `
    alter table invitations
      add column delivery_state text not null default 'queued'
        check (delivery_state in ('queued', 'sent', 'failed')),
      add column delivery_error text,
      add column delivery_attempts integer not null default 0;
    update invitations set delivery_state = 'sent' where sent_at is not null;
    `,
  );
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await executeStatements(
    db,
    `alter table invitations drop column delivery_state, drop column delivery_error,
       drop column delivery_attempts;`,
  );
}
