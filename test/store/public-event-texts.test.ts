import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAuditEvent, type Database, listAuditEvents } from '../../src/store/index.ts';
import { FILL_EVENT_TEXTS } from '../../src/store/migrations/20261210T0100-public-event-texts.ts';
import { compactJson } from '../../src/store/ops/request-detail.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

/**
 * The stored JSON text of each public audit event (ADR 0040) against the view the server
 * builds from the event's row: every kind of value, bulk writes, updates, and the migration's
 * fill of the events written before it.
 */
describe(`public events kept as the API's JSON text (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  const SUBJECT = 'texts-subject';

  /** Each public event's stored text, parsed, against the view listAuditEvents builds. */
  async function expectTextsToMatchTheViews() {
    const views = await listAuditEvents(
      { tx: database.db },
      { subjectType: 'request', subjectId: SUBJECT, publicOnly: true, limit: 1000 },
    );
    const { rows } = await sql<{ id: string; json: string }>`
      select id, json from public_event_texts
      where subject_type = 'request' and subject_id = ${SUBJECT} order by id`.execute(database.db);
    expect(rows.map((row) => Number(row.id))).toEqual(views.map((view) => view.id));
    // The same text, key for key in the same order, once the server has compacted it.
    expect(rows.map((row) => compactJson(row.json))).toEqual(
      views.map((view) => JSON.stringify(view)),
    );
    return views;
  }

  const event = (actor: string, extra: object = {}) => ({
    actor,
    action: 'request.comment',
    subjectType: 'request',
    subjectId: SUBJECT,
    visibility: 'public' as const,
    ...extra,
  });

  it('writes one for each public event, with every kind of value, and none for a restricted one', async () => {
    await appendAuditEvent({ tx: database.db }, event('alice'));
    await appendAuditEvent(
      { tx: database.db },
      event('bob "the builder"', {
        reason: 'Naïve café, tab\there, newline\nthere, emoji 🚀, backslash \\',
        before: { status: 'requested', nested: { list: [1, 2.5, null, true, 'x'] } },
        after: ['a', { b: 'c' }],
        source: 'api',
      }),
    );
    await appendAuditEvent({ tx: database.db }, event('carol', { before: 'text', after: 42 }));
    const restricted = await appendAuditEvent(
      { tx: database.db },
      event('dave', { visibility: 'restricted', reason: 'not for the public' }),
    );
    const views = await expectTextsToMatchTheViews();
    expect(views.map((view) => view.actor)).toEqual(['alice', 'bob "the builder"', 'carol']);
    const { rows } = await sql`select 1 from public_event_texts where id = ${restricted}`.execute(
      database.db,
    );
    expect(rows).toEqual([]);
  });

  it('writes them for a bulk insert, and again when an event is updated', async () => {
    await database.db
      .insertInto('audit_events')
      .values(
        Array.from({ length: 25 }, (_, n) => ({
          actor: `bulk-${n}`,
          action: 'request.comment',
          subject_type: 'request',
          subject_id: SUBJECT,
          visibility: n % 5 === 0 ? 'restricted' : 'public',
          after: JSON.stringify({ n }),
        })),
      )
      .execute();
    expect((await expectTextsToMatchTheViews()).length).toBe(3 + 20);
    // Append-only by design, but a text never outlives the row it was made from.
    await sql`update audit_events set actor = 'renamed'
      where subject_id = ${SUBJECT} and actor = 'bulk-1'`.execute(database.db);
    await sql`update audit_events set visibility = 'restricted'
      where subject_id = ${SUBJECT} and actor = 'bulk-2'`.execute(database.db);
    await sql`update audit_events set visibility = 'public'
      where subject_id = ${SUBJECT} and actor = 'bulk-5'`.execute(database.db);
    const views = await expectTextsToMatchTheViews();
    expect(views.map((view) => view.actor)).toContain('renamed');
    expect(views.map((view) => view.actor)).not.toContain('bulk-2');
    expect(views.map((view) => view.actor)).toContain('bulk-5');
    // A new id (the identity's next value) and a deleted event.
    await sql`update audit_events set id = default
      where subject_id = ${SUBJECT} and actor = 'bulk-3'`.execute(database.db);
    await sql`delete from audit_events where subject_id = ${SUBJECT} and actor = 'bulk-4'`.execute(
      database.db,
    );
    const after = await expectTextsToMatchTheViews();
    expect(after.at(-1)!.actor).toBe('bulk-3');
    expect(after.map((view) => view.actor)).not.toContain('bulk-4');
  });

  it('fills in the texts of events written before the migration', async () => {
    await sql`delete from public_event_texts`.execute(database.db);
    await sql.raw(FILL_EVENT_TEXTS).execute(database.db);
    expect((await expectTextsToMatchTheViews()).length).toBe(22);
  });
});
