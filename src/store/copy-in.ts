import { CompiledQuery, type Kysely } from 'kysely';

/**
 * `COPY … FROM` inside the caller's transaction, for the few writes where the statement's
 * parameters cost more than the database's work (the telemetry harvest's hourly rows, issue
 * 12). Kysely has no COPY, and a transaction's connection is Kysely's own, so the COPY travels
 * as a marked query through the transaction itself: the PGlite connection (pglite-dialect.ts)
 * runs the marked COPY with the data as its `/dev/blob` and answers `copied = true`; any other
 * connection (a PostgreSQL server's) runs the query's plain text, `select false as copied`,
 * and nothing is copied: the caller then writes its rows another way.
 */
const COPY_FROM = Symbol('opf.copyFrom');

export interface CopyFrom {
  /** A `copy … from '/dev/blob' (…)` statement; undefined: only ask whether COPY is possible. */
  statement: string | undefined;
  data: Uint8Array | undefined;
}

type MarkedQuery = CompiledQuery<{ copied: boolean }> & { [COPY_FROM]: CopyFrom };

function marked(copy: CopyFrom): MarkedQuery {
  // A compiled query is frozen: the mark goes on a copy of it.
  return { ...CompiledQuery.raw('select false as copied', []), [COPY_FROM]: copy } as MarkedQuery;
}

/** The COPY a query carries, for the PGlite connection; undefined for every other query. */
export function copyFromOf(query: CompiledQuery): CopyFrom | undefined {
  return (query as Partial<MarkedQuery>)[COPY_FROM];
}

/** Whether `tx`'s connection takes COPY FROM (PGlite's does). */
export async function canCopyFrom(tx: Kysely<unknown>): Promise<boolean> {
  const result = await tx.executeQuery(marked({ statement: undefined, data: undefined }));
  return (result.rows[0] as { copied?: boolean } | undefined)?.copied === true;
}

/**
 * Run `statement` (`copy <table> (<columns>) from '/dev/blob' (format …)`) with `data` as its
 * input, in `tx`'s transaction. False, with nothing written, where the connection cannot.
 */
export async function copyFrom(
  tx: Kysely<unknown>,
  statement: string,
  data: Uint8Array,
): Promise<boolean> {
  const result = await tx.executeQuery(marked({ statement, data }));
  return (result.rows[0] as { copied?: boolean } | undefined)?.copied === true;
}
