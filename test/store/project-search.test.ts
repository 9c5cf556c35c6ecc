import { type CompiledQuery, type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compactJson,
  type Database,
  findProject,
  listProjects,
  listProjectsJson,
  type ProjectQuery,
  type Schema,
  saveProjectForRequest,
} from '../../src/store/index.ts';
import { openTestDatabase, testDatabaseKind } from '../support/db.ts';

const TEAM = { name: 'search-team', owner: 'alice', members: ['alice'] };

/** The queries listProjects builds, compiled as they would be sent. */
function capturing(db: Kysely<Schema>): { db: Kysely<Schema>; sent: CompiledQuery[] } {
  const sent: CompiledQuery[] = [];
  const spy = db.withPlugin({
    transformQuery: (args) => {
      sent.push(db.getExecutor().compileQuery(args.node, args.queryId));
      return args.node;
    },
    transformResult: async (args) => args.result,
  });
  return { db: spy, sent };
}

describe(`the directory's text search (${testDatabaseKind()})`, () => {
  let database: Database;
  const names = async (query: Omit<ProjectQuery, 'limit' | 'offset'>) =>
    (await listProjects({ tx: database.db }, { ...query, limit: 50, offset: 0 })).items.map(
      (p) => p.name,
    );

  beforeAll(async () => {
    database = await openTestDatabase();
    const projects = [
      { name: 'orbit', displayName: 'Orbit Lab', description: 'Telemetry for satellites' },
      { name: 'lab-tools', displayName: 'Tools', description: 'Ünïcode Straße and 100%_done' },
      { name: 'quiet', displayName: 'Quiet', description: 'Nothing to see' },
    ];
    for (const project of projects)
      await saveProjectForRequest(
        { tx: database.db },
        { ...project, contacts: [] } as never,
        TEAM,
        null,
        'active',
      );
  });
  afterAll(() => database.close());

  it('matches any of the three fields in any case, as ILIKE did, never across two', async () => {
    expect(await names({ search: 'LAB' })).toEqual(['lab-tools', 'orbit']);
    expect(await names({ search: 'satellites' })).toEqual(['orbit']);
    expect(await names({ search: 'straße' })).toEqual(['lab-tools']);
    expect(await names({ search: 'ÜNÏCODE' })).toEqual(['lab-tools']);
    expect(await names({ search: '100%_' })).toEqual(['lab-tools']);
    expect(await names({ search: '0%x' })).toEqual([]);
    // The end of one field and the start of the next are not one text.
    expect(await names({ search: 'orbitorbit' })).toEqual([]);
    expect(await names({ search: 'orbit\nOrbit' })).toEqual([]);
    expect(await names({ search: 'Lab\nTelemetry' })).toEqual([]);
  });

  it('lists each project as it reads alone (the same fields, the same times)', async () => {
    const { items } = await listProjects({ tx: database.db }, { limit: 50, offset: 0 });
    expect(items.length).toBeGreaterThan(0);
    for (const item of items)
      expect(item).toEqual(await findProject({ tx: database.db }, item.name));
  });

  it('as JSON text: the same pages and totals as the values, past the end too', async () => {
    const queries: ProjectQuery[] = [
      { limit: 50, offset: 0 },
      { limit: 2, offset: 1 },
      { limit: 50, offset: 500 },
      { search: 'satellite', limit: 5, offset: 0 },
      { search: '100%_', limit: 5, offset: 0 },
      { search: 'nothing matches this', limit: 5, offset: 0 },
      { search: 'lab', status: 'active', limit: 5, offset: 0 },
      { status: 'closed', limit: 5, offset: 3 },
    ];
    for (const query of queries) {
      const values = await listProjects({ tx: database.db }, query);
      const text = await listProjectsJson({ tx: database.db }, query);
      expect(JSON.parse(text.itemsJson), JSON.stringify(query)).toEqual(values.items);
      expect(text.total, JSON.stringify(query)).toBe(values.total);
    }
  });

  it('compactJson drops the spaces between tokens, never inside strings', () => {
    const value = { a: 'x, "y" z \\ ', b: [1, { c: null }], 'd e': '\n\t' };
    const spaced = JSON.stringify(value, null, 2).replaceAll(':', ' : ');
    expect(compactJson(spaced)).toBe(JSON.stringify(value));
  });

  it('compactJson ends a string only at a quote no backslash escapes', () => {
    // Backslashes before a quote: an odd run escapes it (the string goes on), an even run
    // escapes only itself (the string ends there).
    const value = { 'k\\': 'a\\', b: 'say \\"x, y\\": z', c: ['\\', ' \\\\" '] };
    const spaced = JSON.stringify(value, null, 1);
    expect(spaced).toContain('\n');
    expect(compactJson(spaced)).toBe(JSON.stringify(value));
    expect(compactJson(String.raw`[ "a b" , "c\\" , "d\\\" e" ]`)).toBe(
      String.raw`["a b","c\\","d\\\" e"]`,
    );
  });

  /** The plan of listProjects' statement with only the bitmap scans allowed. */
  async function bitmapPlanOf(query: ProjectQuery): Promise<string> {
    const { db, sent } = capturing(database.db);
    await listProjects({ tx: db }, query);
    // Subqueries pass the plugin too, on their way into the statement; the statement comes last.
    const statement = sent.at(-1)!;
    expect(statement.sql).toMatch(/^select/);
    return database.db.transaction().execute(async (tx) => {
      await sql`set local enable_seqscan = off`.execute(tx);
      await sql`set local enable_indexscan = off`.execute(tx);
      const explained = await tx.executeQuery<{ 'QUERY PLAN': string }>({
        ...statement,
        sql: `explain ${statement.sql}`,
      });
      return explained.rows.map((row) => row['QUERY PLAN']).join('\n');
    });
  }

  it('lets the planner count a search through the trigram index', async () => {
    // With three rows a scan of the table or of another index is cheapest; forbidding both
    // shows whether the trigram index fits the query's expression at all (at 10,000 projects
    // the planner picks it on its own: docs/performance.md).
    const plan = await bitmapPlanOf({ search: 'satellite', limit: 5, offset: 0 });
    expect(plan).toContain('Bitmap Index Scan on project_search_text');
    expect(plan).not.toContain('Seq Scan on project_search');
  });

  it('keeps each stored entry and searched text in step with every write (ADR 0030)', async () => {
    const db = database.db;
    const same = async (step: string) => {
      for (const query of [
        { limit: 50, offset: 0 },
        { search: 'renamed', limit: 50, offset: 0 },
        { search: 'orbit', status: 'closed' as const, limit: 50, offset: 0 },
      ]) {
        const values = await listProjects({ tx: db }, query);
        const text = await listProjectsJson({ tx: db }, query);
        expect(JSON.parse(text.itemsJson), `${step}: ${JSON.stringify(query)}`).toEqual(
          values.items,
        );
        expect(text.total, step).toBe(values.total);
      }
    };
    await sql`insert into namespace_claims (name, project_name, tier, source)
      values ('orbit-b', 'orbit', 'small', 'test'), ('orbit-a', 'orbit', null, 'test'),
             ('ghost-a', 'no-such-project', null, 'test')`.execute(db);
    await same('claims added');
    expect((await findProject({ tx: db }, 'orbit'))?.namespaces.map((n) => n.name)).toEqual([
      'orbit-a',
      'orbit-b',
    ]);
    await sql`update namespace_claims set project_name = 'quiet' where name = 'orbit-b'`.execute(
      db,
    );
    await same('claim moved to another project');
    await sql`delete from namespace_claims where name = 'orbit-a'`.execute(db);
    await same('claim removed');
    await sql`update projects set display_name = 'Renamed "Orbit"', status = 'closed',
      team = '{"name":"t","owner":"o","members":["z","a"]}' where name = 'orbit'`.execute(db);
    await same('project changed');
    expect(await names({ search: 'renamed "orbit"', status: 'closed' })).toEqual(['orbit']);
    expect(await names({ search: 'orbit lab' })).toEqual([]);
    await sql`update projects set name = 'orbit-two' where name = 'orbit'`.execute(db);
    await same('project renamed');
    await sql`delete from namespace_claims where project_name = 'quiet'`.execute(db);
    await sql`delete from projects where name = 'quiet'`.execute(db);
    await same('project deleted');
    const left = await sql<{ n: number }>`select (select count(*) from project_listings)
      + (select count(*) from project_search) - 2 * (select count(*) from projects) as n`.execute(
      db,
    );
    expect(Number(left.rows[0]?.n)).toBe(0);
  });

  it("counts a search within a status through that status's own trigram index (ADR 0040)", async () => {
    // Enough active projects that walking them all costs more than the status's own index
    // (last in this file: the other tests read the directory as it was).
    await sql`insert into projects (name, display_name, description, status)
      select 'bulk-' || n, 'Bulk ' || n, 'Filler number ' || n, 'active'
      from generate_series(1, 3000) n`.execute(database.db);
    await sql`vacuum analyze project_search`.execute(database.db);
    // The statement the API's page sends (listProjectsJson), explained with its own values and
    // nothing forbidden: the plan a read gets.
    const sent: CompiledQuery[] = [];
    const spy = Object.create(database.db, {
      executeQuery: {
        value: (query: CompiledQuery) => {
          sent.push(query);
          return database.db.executeQuery(query);
        },
      },
    }) as Kysely<Schema>;
    const query = { search: 'satellite', status: 'active', limit: 5, offset: 0 } as const;
    const page = await listProjectsJson({ tx: spy }, query);
    expect(page.total).toBe((await listProjects({ tx: database.db }, query)).total);
    expect(sent).toHaveLength(1);
    const explained = await database.db.executeQuery<{ 'QUERY PLAN': string }>({
      ...sent[0]!,
      sql: `explain ${sent[0]!.sql}`,
    });
    const plan = explained.rows.map((row) => row['QUERY PLAN']).join('\n');
    expect(plan).toContain('Bitmap Index Scan on project_search_text_active');
    expect(plan).not.toContain('Seq Scan on project_search');
  });
});
