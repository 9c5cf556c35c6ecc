import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Database,
  listProjects,
  type ProjectStatus,
  saveProjectForRequest,
  setProjectStatus,
} from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

const STATUSES: ProjectStatus[] = ['requested', 'active', 'offboarding', 'offboarded', 'closed'];
const TEAM = { name: 'count-team', owner: 'alice', members: ['alice'] };

describe(`the directory's totals, kept by triggers (${testDatabaseKind()})`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await openTestDatabase();
  });
  afterAll(() => database.close());

  /** What listProjects says, against a real count, for the whole directory and each status. */
  async function expectTotalsToMatchACount() {
    const counted = await sql<{ status: string; n: number }>`
      select status, count(*)::int as n from projects group by status`.execute(database.db);
    const real = new Map(counted.rows.map((row) => [row.status, row.n]));
    const all = [...real.values()].reduce((a, b) => a + b, 0);
    const list = (status?: ProjectStatus) =>
      listProjects({ tx: database.db }, { ...(status && { status }), limit: 1, offset: 0 });
    expect((await list()).total).toBe(all);
    for (const status of STATUSES) expect((await list(status)).total).toBe(real.get(status) ?? 0);
    // Past the last page, where no row carries the total, it is still right.
    expect((await listProjects({ tx: database.db }, { limit: 1, offset: 10_000 })).total).toBe(all);
  }

  it('follow inserts, upserts, status changes, bulk writes and deletes', async () => {
    await expectTotalsToMatchACount();
    const save = (name: string, status: ProjectStatus) =>
      saveProjectForRequest(
        { tx: database.db },
        { name, description: 'Counting', contacts: [] } as never,
        TEAM,
        null,
        status,
      );
    for (let n = 0; n < 5; n += 1) await save(`count-${n}`, 'requested');
    await expectTotalsToMatchACount();
    await save('count-1', 'active'); // taken over again: an upsert, not a second project
    await setProjectStatus({ tx: database.db }, 'count-2', 'offboarding');
    await expectTotalsToMatchACount();
    // One statement changing many rows, to several statuses at once.
    await sql`update projects set status = case when name < 'count-3' then 'closed' else 'active' end
      where name like 'count-%'`.execute(database.db);
    await expectTotalsToMatchACount();
    await database.db
      .insertInto('projects')
      .values(
        Array.from({ length: 30 }, (_, n) => ({
          name: `bulk-${n}`,
          display_name: `Bulk ${n}`,
          description: 'Loaded at once',
          repository_url: null,
          docs_url: null,
          contacts: '[]',
          team: JSON.stringify(TEAM),
          latest_request_id: null,
          status: STATUSES[n % STATUSES.length]!,
        })),
      )
      .execute();
    await expectTotalsToMatchACount();
    await database.db.deleteFrom('projects').where('name', 'like', 'bulk-%').execute();
    await database.db.deleteFrom('projects').where('name', '=', 'count-4').execute();
    await expectTotalsToMatchACount();
    // A rolled-back change leaves the counts as they were.
    await database.db
      .transaction()
      .execute(async (tx) => {
        await setProjectStatus({ tx }, 'count-0', 'offboarded');
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await expectTotalsToMatchACount();
  });
});
