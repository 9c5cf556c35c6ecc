import type { PGlite } from '@electric-sql/pglite';
import type { Kysely } from 'kysely';
import type pg from 'pg';

/**
 * `COPY (…) TO STDOUT (FORMAT binary)` for the few reads where row objects cost more than
 * the database's work (the open-data export, docs/adr/0029-export-by-copy.md). Kysely has no
 * COPY, so openDatabase registers, per Kysely instance, how its database runs one:
 * - a PostgreSQL server: a pool client streams the CopyData messages to `onChunk` as they
 *   arrive (a small pg Submittable; no extra dependency);
 * - PGlite: the COPY writes to `/dev/blob` and the whole output comes back at once, taken
 *   through the dialect's connection queue so it never runs inside another caller's transaction.
 */
export type CopyOut = (select: string, onChunk: (chunk: Uint8Array) => void) => Promise<void>;

const registry = new WeakMap<object, CopyOut>();

export function copyOutOf(db: object): CopyOut {
  const copy = registry.get(db);
  if (!copy) throw new Error('COPY needs the database as openDatabase returned it');
  return copy;
}

export function registerPgliteCopy(db: Kysely<unknown>, pglite: PGlite): void {
  registry.set(db, async (select, onChunk) => {
    const blob = await db.connection().execute(async () => {
      const result = await pglite.query(`copy (${select}) to '/dev/blob' (format binary)`);
      return result.blob;
    });
    if (!blob) throw new Error('PGlite returned no COPY output');
    onChunk(new Uint8Array(await blob.arrayBuffer()));
  });
}

export function registerPoolCopy(db: Kysely<unknown>, pool: pg.Pool): void {
  registry.set(db, async (select, onChunk) => {
    const copySql = `copy (${select}) to stdout (format binary)`;
    const client = await pool.connect();
    try {
      await new Promise<void>((resolve, reject) => {
        client.query(new CopyToStream(copySql, onChunk, resolve, reject));
      });
      client.release();
    } catch (error) {
      // A client whose COPY failed half-way is closed, not handed to the next caller.
      client.release(true);
      throw error;
    }
  });
}

/** The messages pg's client routes to its active query during a COPY TO STDOUT. */
class CopyToStream implements pg.Submittable {
  private error: unknown;

  constructor(
    private readonly text: string,
    private readonly onChunk: (chunk: Uint8Array) => void,
    private readonly resolve: () => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  submit(connection: pg.Connection): void {
    (connection as unknown as { query(text: string): void }).query(this.text);
  }

  handleCopyData(message: { chunk: Uint8Array }): void {
    if (this.error) return;
    try {
      this.onChunk(message.chunk);
    } catch (error) {
      // The rest of the stream is drained and ignored; the error is reported at its end.
      this.error = error;
    }
  }

  handleCommandComplete(): void {}

  /** pg drops the query as soon as it fails (its ReadyForQuery goes to no one): settle now. */
  handleError(error: unknown): void {
    this.reject(this.error ?? error);
  }

  handleReadyForQuery(): void {
    if (this.error) this.reject(this.error);
    else this.resolve();
  }

  // pg calls these for ordinary queries; a COPY TO never produces them.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}
}
