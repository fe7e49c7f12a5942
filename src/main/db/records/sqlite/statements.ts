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

interface Slot {
  key: string;
  column: SQLiteColumn;
  /** The value when the caller leaves the column out: its JavaScript default, else null. */
  fallback: unknown;
}

function slots<T extends SQLiteTable>(table: T, keys: readonly Key<T>[]): Slot[] {
  const columns: Record<string, SQLiteColumn> = getTableColumns(table);
  return keys.map((key) => {
    const column = columns[key]!;
    const given = column.default;
    return { key, column, fallback: given === undefined || is(given, SQL) ? null : given };
  });
}

/**
 * A placeholder per column, wrapped in SQL so that drizzle binds the value as given: drizzle
 * would encode a bare placeholder even when it is null (a null consent would become 0), so
 * `filled` encodes here, leaving null as null.
 */
const placeholders = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`]));

function filled(row: Record<string, unknown>, of: readonly Slot[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const { key, column, fallback } of of) {
    const value = row[key] ?? fallback;
    values[key] = value === null ? null : column.mapToDriverValue(value);
  }
  return values;
}

/** `insert into table (keys) values (…)`, prepared once; resolves to the new row's id. */
export function preparedInsert<T extends SQLiteTable, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  // The placeholders stand for the row's values, which the signature below types.
  const statement = db
    .insert(table)
    .values(placeholders(keys) as SQLiteInsertValue<T>)
    .prepare();
  const of = slots(table, keys);
  return (row: Values<T, K>): number => Number(statement.run(filled(row, of)).lastInsertRowid);
}

/** `update table set keys = … where id = :id`, prepared once. */
export function preparedUpdate<T extends SQLiteTable & { id: SQLiteColumn }, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  const statement = db
    .update(table)
    .set(placeholders(keys) as SQLiteUpdateSetSource<T>)
    .where(eq(table.id, sql.placeholder('id')))
    .prepare();
  const of = slots(table, keys);
  return (id: number, row: Values<T, K>): void => {
    statement.run({ ...filled(row, of), id });
  };
}
