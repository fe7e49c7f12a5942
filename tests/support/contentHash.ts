/** A fingerprint of a database's rows, for "nothing changed" checks on real SQLite files. */
import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { sqliteOf, type Store } from '../../src/main/db/records';

type Value = null | number | bigint | string | Buffer;

/**
 * SHA-256 of every row of every table, in a fixed order: SQLite's statistics, virtual tables
 * (their shadow tables are hashed) and the tables named in `except` aside. `source` is a
 * connection or a store on a SQLite file.
 */
export function contentHash(source: Database.Database | Store, options: { except?: readonly string[] } = {}): string {
  const sqlite = source instanceof Database ? source : sqliteOf(source);
  const except = new Set(options.except ?? []);
  const hash = createHash('sha256');
  const tables = (
    sqlite
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_stat%' and sql not like 'CREATE VIRTUAL TABLE%' order by name")
      .pluck()
      .all() as string[]
  ).filter((table) => !except.has(table));
  for (const table of tables) {
    const columns = (sqlite.pragma(`table_info("${table}")`) as unknown[]).length;
    const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
    hash.update(`\0table ${table}\0`);
    for (const row of sqlite.prepare(`select * from "${table}" order by ${order}`).raw().iterate() as Iterable<Value[]>) {
      for (const value of row) {
        if (Buffer.isBuffer(value)) hash.update(`\0blob ${value.length}\0`).update(value);
        else hash.update(`\0${value === null ? 'null' : typeof value} ${String(value)}`);
      }
      hash.update('\0row');
    }
  }
  return hash.digest('hex');
}
