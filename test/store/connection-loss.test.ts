import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../src/store/index.ts';
import { takingSchemaDdlTurn } from '../support/db.ts';

const url = process.env.DATABASE_URL;

// A server connection that ends is a PostgreSQL server matter: PGlite runs in the process.
// The contract run (DATABASE_URL set) runs this.
describe.skipIf(!url)('a connection the server ends (PostgreSQL)', () => {
  let database: Database;
  let admin: pg.Client;
  beforeAll(async () => {
    // Opening migrates, reading the whole catalog: in its turn with the other files' schema DDL.
    database = await takingSchemaDdlTurn(() =>
      openDatabase({ kind: 'postgres', url: url!, poolSize: 2 }),
    );
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
    await database.close();
  });

  const terminate = (pid: number) => admin.query('select pg_terminate_backend($1)', [pid]);
  const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

  it('ended while checked out: the process lives, the holder’s next query fails, the pool heals', async () => {
    const failed = await database.db.connection().execute(async (connection) => {
      const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
        connection,
      );
      await terminate(rows[0]!.pid);
      // Without a listener the client's 'error' event would end the process here.
      await settle();
      return sql`select 1`.execute(connection).then(
        () => false,
        () => true,
      );
    });
    expect(failed).toBe(true);
    const { rows } = await sql<{ one: number }>`select 1 as one`.execute(database.db);
    expect(rows).toEqual([{ one: 1 }]);
  });

  it('ended while idle in the pool: the process lives and the next query gets a new connection', async () => {
    const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
      database.db,
    );
    await terminate(rows[0]!.pid);
    await settle();
    const again = await sql<{ one: number }>`select 1 as one`.execute(database.db);
    expect(again.rows).toEqual([{ one: 1 }]);
  });
});
