import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `column = any($1::uuid[])` with the ids as one array parameter. For long id
 * lists this is much cheaper than `in ($1, …, $n)`: one parameter to bind
 * and parse instead of thousands (notably on PGlite).
 */
export function anyOf(column: AnyColumn, ids: readonly string[]): SQL {
  return sql`${column} = any(${`{${ids.join(',')}}`}::uuid[])`;
}
