import { type RawBuilder, sql } from 'kysely';

/**
 * A timestamp expression as `Date.toISOString()` writes it (UTC, milliseconds truncated as
 * pg's date parser truncates them), made by PostgreSQL: a list of thousands of rows otherwise
 * parses each time into a Date only to print it again. `expression` is SQL written in opf's
 * source (a column, a subquery), never a value from a request.
 */
export function isoText(expression: string): RawBuilder<string> {
  return sql.raw<string>(
    `to_char((${expression}) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
  );
}
