import { type RawBuilder, sql } from 'kysely';
import type pg from 'pg';

/**
 * Named prepared statements for the hottest reads (ADR 0030). Kysely's driver sends every
 * statement unnamed, so PostgreSQL parses and plans it again on each execution; for the
 * directory's page that planning cost about as much CPU as running it. A statement that starts
 * with the marker `preparedAs` writes is sent named instead: prepared once per connection,
 * then only bound and executed. Only marked statements are, since a connection keeps each
 * prepared statement for its lifetime and most of opf's SQL varies in shape.
 *
 * The marker is an SQL comment, so it changes nothing where it is not understood (PGlite).
 */
const MARKER = '/* opf:prepared ';

/** Put first in a statement's SQL: sent as a named prepared statement on the server. */
export function preparedAs(label: string): RawBuilder<unknown> {
  return sql.raw(preparedText(label));
}

/** The marker as text, for a statement written as fixed SQL text (`CompiledQuery.raw`). */
export function preparedText(label: string): string {
  if (!/^[a-z0-9-]+$/.test(label)) throw new Error(`bad prepared statement label: ${label}`);
  return `${MARKER}${label} */`;
}

/**
 * A statement's name, one per distinct SQL text: a label used for two texts (a query builder
 * whose output changed shape) gets two names rather than pg's "Prepared statements must be
 * unique". Bounded, so a label put on SQL that varies cannot grow it without end; past the
 * bound, statements go unnamed as before.
 */
const names = new Map<string, string>();
const MAX_NAMES = 200;

function nameOf(text: string): string | undefined {
  let name = names.get(text);
  if (name === undefined && names.size < MAX_NAMES) {
    const label = text.slice(MARKER.length, text.indexOf(' */'));
    name = `opf-${label}-${names.size}`;
    names.set(text, name);
  }
  return name;
}

type Query = (this: pg.PoolClient, ...args: unknown[]) => unknown;

/** Make a pool's clients send marked statements as named ones (call on the pool's 'connect'). */
export function namePreparedStatements(client: pg.PoolClient): void {
  const query = client.query as unknown as Query;
  const named: Query = function (this: pg.PoolClient, ...args: unknown[]) {
    const [text, values] = args;
    if (typeof text === 'string' && text.startsWith(MARKER) && args.length <= 2) {
      const name = nameOf(text);
      if (name) return query.call(this, { name, text, values });
    }
    return query.apply(this, args);
  };
  (client as unknown as { query: Query }).query = named;
}
