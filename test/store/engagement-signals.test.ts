import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, engagedProjectsWithSignals } from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

/**
 * The engagement list's one statement (every active project's own signals) against rows
 * written straight to the tables, so each source is seen to count, and each near miss not to.
 */
describe(`every active project's engagement signals in one read (${testDatabaseKind()})`, () => {
  let database: Database;
  let alphaRequest: number;
  beforeAll(async () => {
    database = await openTestDatabase();
    const db = database.db;
    await sql`insert into projects (name, display_name, description, status, team) values
      ('sig-alpha', 'Alpha', 'a', 'active',
        ${JSON.stringify({ name: 'alpha', owner: 'Alice', members: ['alice', 'Bob'] })}::jsonb),
      ('sig-beta', 'Beta', 'b', 'offboarding', null),
      ('sig-delta', 'Delta', 'd', 'active',
        ${JSON.stringify({ name: 'delta', owner: 'bob', members: ['bob'] })}::jsonb),
      ('sig-quiet', 'Quiet', 'q', 'active',
        ${JSON.stringify({ name: 'quiet', owner: 'dora', members: ['dora', 'eve'] })}::jsonb),
      ('sig-gamma', 'Gamma', 'c', 'requested',
        ${JSON.stringify({ name: 'gamma', owner: 'carol', members: [] })}::jsonb)`.execute(db);
    const request = await sql<{ id: string }>`
      insert into requests (project_name, state, spec, created_by)
      values ('sig-alpha', 'active', '{}'::jsonb, 'alice') returning id`.execute(db);
    alphaRequest = Number(request.rows[0]?.id);
    await sql`update projects set latest_request_id = ${alphaRequest} where name = 'sig-alpha'`.execute(
      db,
    );
    // Activity: a sign-in, a token used later, an audit event later still (login in capitals);
    // someone outside the team, later again, does not count.
    await sql`insert into users (login, login_key, last_login_at)
      values ('alice', 'alice', '2026-11-01T00:00:00Z')`.execute(db);
    await sql`insert into api_tokens (owner, owner_key, name, token_hash, prefix, scopes, expires_at, last_used_at)
      values ('Bob', 'bob', 't', 'hash-sig', 'opf_x', '[]'::jsonb, '2027-01-01T00:00:00Z',
              '2026-11-02T00:00:00Z')`.execute(db);
    const event = (actor: string, action: string, at: string) =>
      sql`insert into audit_events (at, actor, action, subject_type, subject_id, visibility)
          values (${at}::timestamptz, ${actor}, ${action}, 'request', ${String(alphaRequest)}, 'public')`.execute(
        db,
      );
    await event('BOB', 'request.comment', '2026-11-03T04:05:06.789123Z');
    await event('carol', 'request.comment', '2026-11-20T00:00:00Z');
    // Activations: the newest counts; a later approval is not one.
    await event('ops', 'request.activate', '2026-10-01T00:00:00Z');
    await event('ops', 'request.activate', '2026-10-05T00:00:00Z');
    await event('ops', 'request.approve', '2026-10-09T00:00:00Z');
    await sql`insert into terms_versions (version, published_at, items) values
      ('sig-1', now(), '[]'::jsonb), ('sig-2', now(), '[]'::jsonb)`.execute(db);
    await sql`insert into terms_acceptances (request_id, actor, version, accepted) values
      (${alphaRequest}, 'alice', 'sig-2', '[]'::jsonb),
      (${alphaRequest}, 'alice', 'sig-1', '[]'::jsonb)`.execute(db);
    const notices = await sql<{ id: string }>`
      insert into notices (kind, title, body, respond_by, posted_by) values
        ('maintenance', 'n1', 'b', now(), 'ops'), ('maintenance', 'n2', 'b', now(), 'ops'),
        ('maintenance', 'n3', 'b', now(), 'ops') returning id`.execute(db);
    const [n1, n2, n3] = notices.rows.map((r) => Number(r.id));
    await sql`insert into notice_recipients (notice_id, project_name, acknowledged_at) values
      (${n1}, 'sig-alpha', '2026-11-04T00:00:00Z'), (${n2}, 'sig-alpha', '2026-11-06T00:00:00Z'),
      (${n3}, 'sig-alpha', null)`.execute(db);
  });
  afterAll(() => database.close());

  it("reads each project's newest activity, activation, accepted terms and acknowledgement", async () => {
    const all = await engagedProjectsWithSignals({ tx: database.db });
    const ours = all
      .filter((p) => p.name.startsWith('sig-'))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    expect(ours).toEqual([
      {
        name: 'sig-alpha',
        displayName: 'Alpha',
        status: 'active',
        requestId: alphaRequest,
        logins: ['alice', 'bob'],
        // Milliseconds, truncated as a Date read from the driver would be.
        lastActivityAt: '2026-11-03T04:05:06.789Z',
        activeSince: '2026-10-05T00:00:00.000Z',
        acceptedTerms: 'sig-1',
        lastAcknowledgedAt: '2026-11-06T00:00:00.000Z',
      },
      {
        name: 'sig-beta',
        displayName: 'Beta',
        status: 'offboarding',
        requestId: null,
        logins: [],
        lastActivityAt: null,
        activeSince: null,
        acceptedTerms: null,
        lastAcknowledgedAt: null,
      },
      // Bob is in two teams: his activity counts for both.
      {
        name: 'sig-delta',
        displayName: 'Delta',
        status: 'active',
        requestId: null,
        logins: ['bob'],
        lastActivityAt: '2026-11-03T04:05:06.789Z',
        activeSince: null,
        acceptedTerms: null,
        lastAcknowledgedAt: null,
      },
      // A team that never did anything in opf: its logins, and no activity.
      {
        name: 'sig-quiet',
        displayName: 'Quiet',
        status: 'active',
        requestId: null,
        logins: ['dora', 'eve'],
        lastActivityAt: null,
        activeSince: null,
        acceptedTerms: null,
        lastAcknowledgedAt: null,
      },
    ]);
  });

  it('reads only the projects named, and none that is not active', async () => {
    const named = await engagedProjectsWithSignals({ tx: database.db }, ['sig-delta', 'sig-gamma']);
    expect(named.map((p) => p.name)).toEqual(['sig-delta']);
    // Read alone, a project's activity is the same as in the list.
    expect(named[0]?.lastActivityAt).toBe('2026-11-03T04:05:06.789Z');
    expect(await engagedProjectsWithSignals({ tx: database.db }, [])).toEqual([]);
  });
});
