import { join } from 'node:path';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { fuzzSeed } from '../support/fuzz-seed.ts';
import {
  ADMIN_TOKEN,
  exchange,
  freshDatabase,
  gitRemote,
  OpfProcess,
  scratch,
} from './support/opf.ts';
import { fromSchema, type JsonSchema, parameterText } from './support/schema-arbitrary.ts';
import { SIZES } from './support/sizes.ts';

const temp = scratch('opf-rel-fuzz-');
let database: Awaited<ReturnType<typeof freshDatabase>> | undefined;
let server: OpfProcess | undefined;
let client: pg.Client | undefined;
afterAll(async () => {
  await client?.end();
  await server?.kill9();
  await database?.drop();
  temp.remove();
});

/**
 * Tables whose rows count requests rather than store what a request asked for: the shared
 * rate-limit budget is spent by every counted call, refused or not (that is its job).
 */
const COUNTERS = ['rate_limits'];

/** Audit actions that record a refusal (src/identity/login.ts). */
const REFUSALS = /-failed$/;

/**
 * Every row a statement inserts, updates or deletes in opf's tables bumps a counter, in the
 * same transaction: a request that was refused and rolled back leaves the counter as it was.
 */
async function countWrites(db: pg.Client): Promise<void> {
  await db.query(`
    create table fuzz_writes (table_name text primary key, n bigint not null);
    create function fuzz_count() returns trigger language plpgsql as $$
    begin
      insert into fuzz_writes values (tg_table_name, 1)
        on conflict (table_name) do update set n = fuzz_writes.n + 1;
      return null;
    end $$;`);
  const tables = await db.query<{ tablename: string }>(
    // A trigger on a partitioned table is the partitions' too: partitions are not listed.
    `select c.relname as tablename from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
        and c.relname <> 'fuzz_writes'`,
  );
  for (const { tablename } of tables.rows)
    if (!COUNTERS.includes(tablename) && !tablename.startsWith('opf_migration'))
      await db.query(
        `create trigger fuzz_count after insert or update or delete on "${tablename}"
         for each row execute function fuzz_count()`,
      );
}

async function writes(db: pg.Client): Promise<Record<string, number>> {
  const rows = await db.query<{ table_name: string; n: string }>('select * from fuzz_writes');
  return Object.fromEntries(rows.rows.map((r) => [r.table_name, Number(r.n)]));
}

interface OpenApiOperation {
  parameters?: Operation['params'];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
}

interface Operation {
  method: string;
  path: string;
  params: { name: string; in: string; schema: JsonSchema }[];
  body: JsonSchema | undefined;
}

it(`fuzz: ${SIZES.fuzzCases} cases over every route, bodies and parameters from the route schemas: no 5xx, nothing stored on a rejection`, async () => {
  database = await freshDatabase();
  const remote = await gitRemote(join(temp.dir, 'remote.git'));
  // A web process only: no job runner writes behind the requests' backs.
  server = new OpfProcess({
    name: 'fuzzed',
    role: 'web',
    databaseUrl: database.url,
    remote,
    dataDir: join(temp.dir, 'data'),
    env: { OPF_DEMO_DATA: 'on' },
  });
  const base = await server.start();
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
  await countWrites(client);

  const doc = (await (await fetch(`${base}/openapi.json`)).json()) as {
    paths: Record<string, Record<string, OpenApiOperation>>;
    components: { schemas: Record<string, JsonSchema> };
  };
  const components = doc.components.schemas;
  const operations: Operation[] = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({
      method: method.toUpperCase(),
      path,
      params: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
    })),
  );
  // Names and ids that exist, so a share of the cases reaches rows and not only 404s.
  const known = await client.query<{ v: string }>(
    `select id::text as v from requests union select name from projects
     union select slug from meetings union select slug from channels`,
  );
  const existing = fc.constantFrom(...known.rows.map((r) => r.v), '1', '2', '0');

  const paramValue = (schema: JsonSchema) =>
    fc.oneof(
      { arbitrary: existing, weight: 2 },
      { arbitrary: fromSchema(schema, components).map(parameterText), weight: 2 },
      { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    );
  const caseOf = fc.constantFrom(...operations).chain((op) =>
    fc.record({
      op: fc.constant(op),
      params: fc.tuple(...op.params.map((p) => fc.option(paramValue(p.schema), { freq: 4 }))),
      body: op.body
        ? fc.oneof(
            { arbitrary: fromSchema(op.body, components).map((v) => JSON.stringify(v)), weight: 8 },
            { arbitrary: fc.string({ maxLength: 60 }), weight: 1 }, // not JSON at all
          )
        : fc.constant(undefined),
      who: fc.constantFrom('admin', 'admin', 'admin', 'anonymous', 'bogus'),
    }),
  );

  const seed = fuzzSeed('reliability fuzz');
  const failures: string[] = [];
  const byStatus: Record<string, number> = {};
  let baseline = await writes(client);
  let cases = 0;
  await fc
    .assert(
      fc.asyncProperty(caseOf, async ({ op, params, body, who }) => {
        cases += 1;
        let path = op.path;
        const query = new URLSearchParams();
        const headers: Record<string, string> = {};
        op.params.forEach((param, i) => {
          const value = params[i];
          if (param.in === 'path')
            path = path.replace(`{${param.name}}`, encodeURIComponent(value ?? 'x'));
          else if (value === null || value === undefined) return;
          else if (param.in === 'query') query.set(param.name, value);
          else if (param.in === 'header') headers[param.name] = value.replace(/[^\x20-\x7e]/g, '');
        });
        if (who === 'admin') headers.authorization = `Bearer ${ADMIN_TOKEN}`;
        if (who === 'bogus') headers.authorization = 'Bearer opf_not-a-real-token-000000000000';
        if (body !== undefined) headers['content-type'] = 'application/json';
        const url = `${base}${path}${query.size ? `?${query}` : ''}`;
        let response: { status: number; text: string };
        try {
          response = await exchange(url, {
            method: op.method,
            headers,
            ...(body !== undefined && { body }),
          });
        } catch (error) {
          failures.push(
            `${op.method} ${url} (${who}) ${body?.slice(0, 500) ?? ''}: no answer: ${String((error as Error).cause ?? error)}; server said: ${server!.lines.slice(-5).join('\n')}`,
          );
          return false;
        }
        const { text } = response;
        byStatus[response.status] = (byStatus[response.status] ?? 0) + 1;
        const now = await writes(client!);
        let changed = Object.keys(now).filter((table) => now[table] !== baseline[table]);
        // A refused sign-in is a decision, and every decision is audited: that row is the only
        // one a rejection may leave, and it must say it was a refusal.
        if (response.status >= 400 && changed.includes('audit_events')) {
          const added = (now.audit_events ?? 0) - (baseline.audit_events ?? 0);
          const recent = await client!.query<{ action: string }>(
            'select action from audit_events order by id desc limit $1',
            [added],
          );
          // A public refusal's JSON text (public_event_texts, ADR 0040) is part of its row.
          if (recent.rows.every((r) => REFUSALS.test(r.action)))
            changed = changed.filter(
              (table) => table !== 'audit_events' && table !== 'public_event_texts',
            );
        }
        if (response.status >= 500)
          failures.push(
            `${op.method} ${url} (${who}) ${body ?? ''} -> ${response.status} ${text.slice(0, 300)}`,
          );
        else if (response.status >= 400 && changed.length)
          failures.push(
            `${op.method} ${url} (${who}) ${body ?? ''} -> ${response.status} but wrote ${changed}`,
          );
        baseline = now;
        return failures.length === 0;
      }),
      { numRuns: SIZES.fuzzCases, seed, endOnFailure: true },
    )
    .catch((error: unknown) => {
      failures.push(String(error).slice(0, 2000));
    });
  console.info(
    `fuzz: ${cases} cases over ${operations.length} operations, seed ${seed} (replay: OPF_FUZZ_SEED=${seed}); ` +
      `answers by status ${JSON.stringify(byStatus)}`,
  );
  expect(failures).toEqual([]);
  expect(cases).toBeGreaterThanOrEqual(SIZES.fuzzCases);
}, 900_000); // a bound: each case is one request and one query, in turn
