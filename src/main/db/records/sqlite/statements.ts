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
  /** Whether the value comes from the call's own values (its visit, position, author) rather than the row. */
  given: boolean;
  /** The column's encoder (JSON, booleans), or null where the value is stored as it is. */
  encode: ((value: unknown) => unknown) | null;
  /** The value when the caller leaves the column out: its JavaScript default, else null. */
  fallback: unknown;
}

function slots<T extends SQLiteTable>(table: T, keys: readonly Key<T>[], given: readonly Key<T>[]): Slot[] {
  const columns: Record<string, SQLiteColumn> = getTableColumns(table);
  return keys.map((key) => {
    const column = columns[key]!;
    const byDefault = column.default;
    const encode = column.mapToDriverValue === Column.prototype.mapToDriverValue ? null : (value: unknown) => column.mapToDriverValue(value);
    return { key, given: given.includes(key), encode, fallback: byDefault === undefined || is(byDefault, SQL) ? null : byDefault };
  });
}

/**
 * A placeholder per column, wrapped in SQL so that drizzle binds the value as given: drizzle
 * would encode a bare placeholder even when it is null (a null consent would become 0), so
 * `rowBinder` encodes here, leaving null as null.
 */
const placeholders = (keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, sql`${sql.placeholder(k)}`]));

type Named = Record<string, unknown>;
/** The given values of a statement that takes none. */
const none = {};

/**
 * An insert's or update's parameters straight from the caller's row and the call's own values
 * (`given`: its visit, position, author; an update's id): each column's placeholder takes its
 * value (the column's default when left out), encoded by the column, any other placeholder (an
 * update's id) the given value as it is, the rest as drizzle wrote them. No object merging the
 * two in between: a spread of a parsed row costs V8 microseconds, and one built key by key is a
 * slow dictionary past a dozen keys.
 */
function rowBinder(params: readonly unknown[], of: readonly Slot[]): (row: Named, given: Named) => unknown[] {
  const byKey = new Map(of.map((slot) => [slot.key, slot]));
  const slotAt = params.map((p) => (is(p, Placeholder) ? (byKey.get(p.name) ?? { key: p.name, given: true, encode: null, fallback: undefined }) : null));
  return (row, given) => {
    const out = new Array<unknown>(params.length);
    for (let i = 0; i < params.length; i++) {
      const slot = slotAt[i];
      if (!slot) {
        out[i] = params[i];
        continue;
      }
      const value = (slot.given ? given : row)[slot.key] ?? slot.fallback;
      out[i] = value === null || slot.encode === null ? value : slot.encode(value);
    }
    return out;
  };
}

type Decoder = ((value: unknown) => unknown) | null;

/**
 * Rows from a statement's raw values, as one object literal with every key, compiled once per
 * statement, so that all its rows share one fast shape. A row built key by key past a dozen
 * columns is a dictionary instead (V8's limit for properties added by computed name), slower to
 * make and to read, and larger: a chart's rows took 56 KB that way, 27 KB this way. The keys are
 * the selection's names, from code; the values stay data.
 */
function rowMaker(keys: readonly string[], decoders: readonly Decoder[]): (values: readonly unknown[]) => Named {
  const fields = keys.map((key, i) => {
    // A literal's `__proto__` would set its prototype; no selection names a column so.
    if (key === '__proto__') throw new Error('A selected field cannot be named __proto__.');
    return `${JSON.stringify(key)}: ${decoders[i] ? `v[${i}] === null ? null : d[${i}](v[${i}])` : `v[${i}]`}`;
  });
  // Compiled from the selection's names, never from data.
  const make = new Function('v', 'd', `return { ${fields.join(', ')} };`) as (v: readonly unknown[], d: readonly Decoder[]) => Named;
  return (values) => make(values, decoders);
}

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

/**
 * `insert into table (keys) values (…)`, prepared once; resolves to the new row's id. The
 * columns named in `given` take the call's own values (its second argument), the rest the row's.
 */
export function preparedInsert<T extends SQLiteTable, K extends Key<T>, G extends K = never>(db: Db, table: T, keys: readonly K[], given: readonly G[] = []) {
  // The placeholders stand for the row's values, which the signature below types.
  const query = db
    .insert(table)
    .values(placeholders(keys) as SQLiteInsertValue<T>)
    .toSQL();
  const statement = db.$client.prepare(query.sql);
  const bind = rowBinder(query.params, slots(table, keys, given));
  return (row: Values<T, Exclude<K, G>>, own: Values<T, G> = none as Values<T, G>): number => Number(statement.run(bind(row, own)).lastInsertRowid);
}

/** `update table set keys = … where id = :id`, prepared once. */
export function preparedUpdate<T extends SQLiteTable & { id: SQLiteColumn }, K extends Key<T>>(db: Db, table: T, keys: readonly K[]) {
  const query = db
    .update(table)
    .set(placeholders(keys) as SQLiteUpdateSetSource<T>)
    .where(eq(table.id, sql.placeholder('id')))
    .toSQL();
  const statement = db.$client.prepare(query.sql);
  const bind = rowBinder(query.params, slots(table, keys, []));
  return (id: number, row: Values<T, K>): void => {
    statement.run(bind(row, { id }));
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
function decoderOf(field: unknown): Decoder {
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
  const toRow = rowMaker(
    keys,
    keys.map((k) => decoderOf(selection[k])),
  ) as (values: readonly unknown[]) => Row;
  return {
    all: (values: Named = {}): Row[] => (statement.all(bind(values)) as unknown[][]).map(toRow),
    get: (values: Named = {}): Row | undefined => {
      const found = statement.get(bind(values)) as unknown[] | undefined;
      return found === undefined ? undefined : toRow(found);
    },
    /** Each row made as it is read (the connection runs nothing else until the iteration ends). */
    *iterate(values: Named = {}): Generator<Row> {
      for (const found of statement.iterate(bind(values)) as IterableIterator<unknown[]>) yield toRow(found);
    },
  };
}
