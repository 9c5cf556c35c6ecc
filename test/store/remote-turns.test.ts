import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, remoteTurns } from '../../src/store/index.ts';
import { openReplicaOf, openTestDatabase } from '../support/db.ts';

const url = process.env.DATABASE_URL;
const REMOTE = '/srv/git/apps.git';

// Turns matter only between processes sharing a server: PGlite is one process with one
// connection, and opf does not take turns there (src/cli/runtime.ts). The contract run
// (DATABASE_URL set) runs these.
describe.skipIf(!url)('turns on a GitOps remote among replicas (PostgreSQL advisory lock)', () => {
  let first: Database;
  let second: Database;
  beforeAll(async () => {
    first = await openTestDatabase();
    // A second replica: its own pool on the same schema.
    second = await openReplicaOf(first);
  });
  afterAll(async () => {
    await second.close();
    await first.close();
  });

  it('replicas working on one remote take turns: never two at once, each with its turn', async () => {
    const replicas = [first, second, first, second].map((d) => remoteTurns(d.db, REMOTE, 60_000));
    let inside = 0;
    let most = 0;
    const held = await Promise.all(
      replicas.map((takeTurn) =>
        takeTurn(async (got) => {
          inside += 1;
          most = Math.max(most, inside);
          await new Promise((resolve) => setTimeout(resolve, 50));
          inside -= 1;
          return got;
        }),
      ),
    );
    expect(held).toEqual([true, true, true, true]);
    expect(most).toBe(1);
  });

  it('different remotes do not wait for each other', async () => {
    const { holding, release } = await holdTurn(first);
    // Were it the same lock, this would wait out its whole 60 s bound and answer false.
    const other = await remoteTurns(second.db, '/srv/git/other.git', 60_000)(async (got) => got);
    release();
    await holding;
    expect(other).toBe(true);
  });

  it('a turn whose holder died (its connection gone, as with kill -9) passes on at once', async () => {
    // The holder is another process's connection holding the remote's lock (the key opf
    // derives: src/store/remote-turns.ts and startup-lock.ts); its backend is then ended.
    const holder = new pg.Client({
      connectionString: url,
      options: `-c search_path=${first.schema}`,
    });
    holder.on('error', () => undefined); // its death is the point
    await holder.connect();
    const { rows } = await holder.query<{ pid: number }>(
      `select pg_backend_pid() as pid, pg_advisory_lock(${0x6f7066}, hashtext($1 || coalesce(current_schema(), '')))`,
      [`gitops-remote:${REMOTE}:`],
    );
    const waiter = remoteTurns(second.db, REMOTE, 60_000)(async (got) => got);
    // The turn is really taken: a short wait gives up.
    expect(await remoteTurns(first.db, REMOTE, 200)(async (got) => got)).toBe(false);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query('select pg_terminate_backend($1)', [rows[0]!.pid]);
    await admin.end();
    // Within its 60 s bound: it got the turn, not a timeout.
    expect(await waiter).toBe(true);
  });

  it('a holder that stalls is waited for a bounded time, then the work runs without a turn', async () => {
    const { holding, release } = await holdTurn(first);
    let ran = false;
    const got = await remoteTurns(
      second.db,
      REMOTE,
      200,
    )(async (held) => {
      ran = true;
      return held;
    });
    release();
    await holding;
    expect({ ran, got }).toEqual({ ran: true, got: false });
    // The connection's lock_timeout was put back: a later turn waits as long as it needs.
    const later = await remoteTurns(second.db, REMOTE, 60_000)(async (held) => held);
    expect(later).toBe(true);
  });
});

/** A replica in its turn on REMOTE (once it is in), until `release`. */
async function holdTurn(database: Database) {
  let release!: () => void;
  let entered!: () => void;
  const inTurn = new Promise<void>((resolve) => (entered = resolve));
  const holding = remoteTurns(
    database.db,
    REMOTE,
    60_000,
  )(
    () =>
      new Promise<void>((resolve) => {
        release = resolve;
        entered();
      }),
  );
  await inTurn;
  return { holding, release };
}
