/**
 * drizzle's prepared statements with every value named after its column: the row type of the
 * schema checks what a caller gives, and drizzle encodes it (JSON, booleans) on the way in.
 */
import { eq, getTableColumns, is, sql, SQL, type InferInsertModel } from 'drizzle-orm';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type * as schema from '../../schema';

export type Db = BetterSQLite3Database<typeof schema>;

type Key<T extends SQLiteTable> = keyof InferInsertModel<T> & string;
type Values<T extends SQLiteTable, K extends Key<T>> = Pick<InferInsertModel<T>, K>;

/** The value a column takes when the caller leaves it out: its JavaScript default, else null. */
function fallbacks<T extends SQLiteTable>(table: T, keys: readonly Key<T>[]): unknown[] {
  const columns: Record<string, SQLiteColumn> = getTableColumns(table);
  return keys.map((k) => {
    const given = columns[k]?.default;
    return given === undefined || is(given, SQL) ? null : given;
  });
}

const placeholders = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, sql.placeholder(k)]));

function filled<T extends SQLiteTable, K extends Key<T>>(keys: readonly K[], defaults: unknown[], row: Values<T, K>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  keys.forEach((k, i) => {
    values[k] = row[k] ?? defaults[i];
  });
  return values;
}

/** `insert into table (keys) values (…)`, prepared once; resolves to the new row's id. */
export function preparedInsert<T extends SQLiteTable, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  // The placeholders stand for the row's values, which the signature below types.
  const statement = db
    .insert(table)
    .values(placeholders(keys) as SQLiteInsertValue<T>)
    .prepare();
  const defaults = fallbacks(table, keys);
  return (row: Values<T, K>): number => Number(statement.run(filled(keys, defaults, row)).lastInsertRowid);
}

/** `update table set keys = … where id = :id`, prepared once. */
export function preparedUpdate<T extends SQLiteTable & { id: SQLiteColumn }, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  const statement = db
    .update(table)
    .set(placeholders(keys) as SQLiteUpdateSetSource<T>)
    .where(eq(table.id, sql.placeholder('id')))
    .prepare();
  const defaults = fallbacks(table, keys);
  return (id: number, row: Values<T, K>): void => {
    statement.run({ ...filled(keys, defaults, row), id });
  };
}
