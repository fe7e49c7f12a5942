/**
 * A record copied between engines for the tests: into the server by the product's own copy
 * (src/main/db/pg/moveIn.ts, what `server import` runs), into another SQLite file table by table
 * in the same order; and a fingerprint of a whole record that reads alike on either engine, to
 * tell that a copy is exact.
 */
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { getTableName, is } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { types as pgTypes, type ClientBase, type Pool } from 'pg';
import { recordTables } from '../../src/main/db/pg/moveIn';
import * as pgSchema from '../../src/main/db/pg/schema';
import * as sqliteSchema from '../../src/main/db/schema';

export { copyToServer, recordTables } from '../../src/main/db/pg/moveIn';

/** Rows per insert: well under SQLite's limit on bound parameters. */
const chunk = 200;

const sqliteTables = new Map<string, SQLiteTable>(
  (Object.values(sqliteSchema) as unknown[]).filter((value): value is SQLiteTable => is(value, SQLiteTable)).map((table) => [getTableName(table), table]),
);

/** The file's record into another migrated SQLite file, in the same order as copyToServer. */
export function copyToFile(from: Database.Database, to: Database.Database): void {
  const source = drizzleSqlite(from);
  const db = drizzleSqlite(to);
  for (const table of recordTables()) {
    const twin = sqliteTables.get(getTableName(table))!;
    const rows = source.select().from(twin).all();
    for (let i = 0; i < rows.length; i += chunk)
      db.insert(twin)
        .values(rows.slice(i, i + chunk) as never)
        .run();
  }
}

/** The tables a fingerprint covers: the record's, and the statistics roll-ups derived from it. */
const fingerprinted = (): PgTable[] => [...recordTables(), pgSchema.statsRollups, pgSchema.statsPatientDays];

/** Each table's query, its columns in the server schema's order, flags as 0/1; roll-ups that sum to nothing left out (SQLite keeps them after a removal). */
function queries(): { name: string; text: string }[] {
  return fingerprinted().map((table) => {
    const name = getTableName(table);
    const { columns } = getTableConfig(table);
    const list = columns.map((column) =>
      column.getSQLType() === 'boolean' ? `case when "${column.name}" then 1 when not "${column.name}" then 0 end` : `"${column.name}"`,
    );
    const where = name === 'stats_rollups' ? ' where n <> 0 or m <> 0 or r <> 0' : '';
    // Ordered by every column, compared as bytes: the same order on both engines.
    const order = columns.map((column) => (column.getSQLType() === 'text' ? `"${column.name}" collate "C"` : `"${column.name}"`)).join(', ');
    return { name, text: `select ${list.join(', ')} from "${name}"${where} order by ${order}` };
  });
}

function hashRows(hash: ReturnType<typeof createHash>, rows: Iterable<unknown[]>): void {
  for (const row of rows) {
    for (const value of row) {
      if (Buffer.isBuffer(value)) hash.update(`\0blob ${value.length}\0`).update(value);
      else hash.update(`\0${value === null ? 'null' : typeof value} ${String(value)}`);
    }
    hash.update('\0row');
  }
}

/** SHA-256 of a whole record, on a SQLite file or on the server, alike when the rows are: `except` leaves tables out. */
export async function recordFingerprint(source: Database.Database | Pool | ClientBase, except: readonly string[] = []): Promise<string> {
  const hash = createHash('sha256');
  for (const { name, text } of queries()) {
    if (except.includes(name)) continue;
    hash.update(`\0table ${name}\0`);
    if ('prepare' in source) hashRows(hash, source.prepare(text.replaceAll(' collate "C"', '')).raw().iterate() as Iterable<unknown[]>);
    else hashRows(hash, (await source.query({ text, rowMode: 'array', types: { getTypeParser: sqliteLike } })).rows as unknown[][]);
  }
  return hash.digest('hex');
}

/** The server's values as SQLite gives them: counts (int8) as numbers. */
function sqliteLike(oid: number, format?: string): (value: string) => unknown {
  // 20: int8.
  if (oid === 20) return (value) => Number(value);
  return (pgTypes.getTypeParser as (oid: number, format?: string) => (value: string) => unknown)(oid, format);
}
