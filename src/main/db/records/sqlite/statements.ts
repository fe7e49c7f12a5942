/**
 * Statements built with drizzle and run by better-sqlite3 itself. drizzle writes the SQL and
 * types every value after its column; running them here skips drizzle's per-call work (filling
 * placeholders, then calling a decoder for every value of every row), which cost a chart 20%
 * and a save more than its inserts. Only the columns that need it are encoded or decoded
 * (JSON, booleans, `mapWith`).
 */
import { Column, eq, getTableColumns, is, noopDecoder, Param, Placeholder, sql, SQL, type DriverValueDecoder, type InferInsertModel } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import type { BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import type { SQLiteColumn, SQLiteInsertValue, SQLiteTable, SQLiteUpdateSetSource } from 'drizzle-orm/sqlite-core';
import type * as schema from '../../schema';

/** drizzle over the connection, which it keeps as `$client`. */
export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

type Key<T extends SQLiteTable> = keyof InferInsertModel<T> & string;
type Values<T extends SQLiteTable, K extends Key<T>> = Pick<InferInsertModel<T>, K>;

interface Slot {
  key: string;
  /** The column's encoder (JSON, booleans), or null where the value is stored as it is. */
  encode: ((value: unknown) => unknown) | null;
  /** The value when the caller leaves the column out: its JavaScript default, else null. */
  fallback: unknown;
}

function slots<T extends SQLiteTable>(table: T, keys: readonly Key<T>[]): Slot[] {
  const columns: Record<string, SQLiteColumn> = getTableColumns(table);
  return keys.map((key) => {
    const column = columns[key]!;
    const given = column.default;
    const encode = column.mapToDriverValue === Column.prototype.mapToDriverValue ? null : (value: unknown) => column.mapToDriverValue(value);
    return { key, encode, fallback: given === undefined || is(given, SQL) ? null : given };
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
  for (const { key, encode, fallback } of of) {
    const value = row[key] ?? fallback;
    values[key] = value === null || encode === null ? value : encode(value);
  }
  return values;
}

type Named = Record<string, unknown>;

/** The statement's parameters in order, from named values: placeholders by name (encoded by their column when drizzle gave one), the rest as drizzle wrote them. */
function binder(params: readonly unknown[]): (values: Named) => unknown[] {
  const names: Array<string | null> = [];
  const encoders: Array<((value: unknown) => unknown) | null> = [];
  for (const p of params) {
    if (is(p, Placeholder)) {
      names.push(p.name);
      encoders.push(null);
    } else if (is(p, Param) && is(p.value, Placeholder)) {
      const { encoder } = p;
      names.push(p.value.name);
      encoders.push((value) => encoder.mapToDriverValue(value));
    } else {
      names.push(null);
      encoders.push(null);
    }
  }
  // A plain loop: this runs for every statement of every save, so it allocates one array and nothing else.
  return (values) => {
    const out = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; i++) {
      const name = names[i];
      if (name === null || name === undefined) {
        out[i] = params[i];
        continue;
      }
      const value = values[name];
      const encode = encoders[i];
      out[i] = value === null || !encode ? value : encode(value);
    }
    return out;
  };
}

/** A query drizzle has built, ready to prepare. */
interface Built {
  toSQL(): { sql: string; params: unknown[] };
}

/** `insert into table (keys) values (…)`, prepared once; resolves to the new row's id. */
export function preparedInsert<T extends SQLiteTable, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  // The placeholders stand for the row's values, which the signature below types.
  const query = db
    .insert(table)
    .values(placeholders(keys) as SQLiteInsertValue<T>)
    .toSQL();
  const statement = db.$client.prepare(query.sql);
  const bind = binder(query.params);
  const of = slots(table, keys);
  return (row: Values<T, K>): number => Number(statement.run(bind(filled(row, of))).lastInsertRowid);
}

/**
 * `insert into table (keys) values (…) returning …`, prepared once; resolves to the returned
 * columns, decoded: what SQLite filled in itself (the id, the times its defaults stamp) without
 * reading the row again.
 */
export function preparedInsertReturning<T extends SQLiteTable, K extends Key<T>, R extends Record<string, SQLiteColumn>>(
  db: Db,
  table: T,
  keys: readonly K[],
  returning: R,
) {
  type Returned = { [F in keyof R]: R[F]['_']['data'] };
  const query = db
    .insert(table)
    .values(placeholders(keys) as SQLiteInsertValue<T>)
    .returning(returning)
    .toSQL();
  const statement = db.$client.prepare(query.sql).raw(true);
  const bind = binder(query.params);
  const of = slots(table, keys);
  const names = Object.keys(returning);
  const decoders = names.map((k) => decoderOf(returning[k]));
  return (row: Values<T, K>): Returned => {
    const values = statement.get(bind(filled(row, of))) as unknown[];
    const out: Named = {};
    for (let i = 0; i < names.length; i++) {
      const decode = decoders[i];
      out[names[i]!] = values[i] === null || !decode ? values[i] : decode(values[i]);
    }
    return out as Returned;
  };
}

/** `update table set keys = … where id = :id`, prepared once. */
export function preparedUpdate<T extends SQLiteTable & { id: SQLiteColumn }, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  const query = db
    .update(table)
    .set(placeholders(keys) as SQLiteUpdateSetSource<T>)
    .where(eq(table.id, sql.placeholder('id')))
    .toSQL();
  const statement = db.$client.prepare(query.sql);
  const bind = binder(query.params);
  const of = slots(table, keys);
  return (id: number, row: Values<T, K>): void => {
    statement.run(bind({ ...filled(row, of), id }));
  };
}

/** A statement drizzle has built, run with named values: `delete`, or an update of its own. */
export function preparedRun(db: Db, query: Built): (values: Named) => void {
  const { sql: text, params } = query.toSQL();
  const statement = db.$client.prepare(text);
  const bind = binder(params);
  return (values) => {
    statement.run(bind(values));
  };
}

/** A selected field's decoder, or null where the stored value is the value. */
function decoderOf(field: unknown): ((value: unknown) => unknown) | null {
  if (is(field, Column)) return field.mapFromDriverValue === Column.prototype.mapFromDriverValue ? null : (v) => field.mapFromDriverValue(v);
  // `mapWith` keeps its decoder on the SQL, where drizzle's own row mapping reads it.
  const withDecoder = is(field, SQL) ? field : is(field, SQL.Aliased) ? field.sql : null;
  const decoder = (withDecoder as { decoder?: DriverValueDecoder<unknown, unknown> } | null)?.decoder;
  return decoder && decoder !== noopDecoder ? (v) => decoder.mapFromDriverValue(v) : null;
}

/**
 * A select built with drizzle over a flat selection (its fields come back in the selection's
 * order), prepared once and run by better-sqlite3 with named values; rows typed as drizzle
 * types them.
 */
export function preparedSelect<S extends Record<string, unknown>, Q extends Built & { all(): unknown }>(db: Db, selection: S, query: Q) {
  type Row = Q['all'] extends () => ReadonlyArray<infer R> ? R : never;
  const { sql: text, params } = query.toSQL();
  const statement = db.$client.prepare(text).raw(true);
  const bind = binder(params);
  const keys = Object.keys(selection);
  const decoders = keys.map((k) => decoderOf(selection[k]));
  const toRow = (values: unknown[]): Row => {
    const row: Named = {};
    for (let i = 0; i < keys.length; i++) {
      const value = values[i];
      const decode = decoders[i];
      row[keys[i]!] = value === null || !decode ? value : decode(value);
    }
    return row as Row;
  };
  return {
    all: (values: Named = {}): Row[] => (statement.all(bind(values)) as unknown[][]).map(toRow),
    get: (values: Named = {}): Row | undefined => {
      const found = statement.get(bind(values)) as unknown[] | undefined;
      return found === undefined ? undefined : toRow(found);
    },
  };
}
