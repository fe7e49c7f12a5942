/**
 * A migrated SQLite file's record copied into another database table by table, parents first, so
 * that each row arrives as the services would have written it and the statistics triggers count
 * it. Left out: the SQLite file's own search tables (not in the server's schema) and the
 * statistics roll-ups themselves (the triggers fill them).
 */
import type Database from 'better-sqlite3';
import { getTableName, is, sql } from 'drizzle-orm';
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as pgSchema from '../../src/main/db/pg/schema';
import * as sqliteSchema from '../../src/main/db/schema';

type TableKey = keyof typeof pgSchema & keyof typeof sqliteSchema;

/** Rows per insert: well under both engines' limits on bound parameters. */
const chunk = 200;

/** The record's tables, each after the tables its foreign keys name. */
export function recordTables(): TableKey[] {
  const tables = (Object.keys(pgSchema) as TableKey[]).filter((key) => is(pgSchema[key], PgTable));
  const keyOf = new Map<string, TableKey>(tables.map((key) => [getTableName(pgSchema[key] as PgTable), key]));
  const skipped = new Set<TableKey>(['statsRollups', 'statsPatientDays']);
  const ordered: TableKey[] = [];
  const visit = (key: TableKey) => {
    if (ordered.includes(key) || skipped.has(key)) return;
    for (const fk of getTableConfig(pgSchema[key] as PgTable).foreignKeys) {
      const parent = keyOf.get(getTableName(fk.reference().foreignTable))!;
      if (parent !== key) visit(parent);
    }
    ordered.push(key);
  };
  for (const key of tables) visit(key);
  return ordered;
}

/** One table's rows in the file, in the order SQLite keeps them. */
function rowsOf(sqlite: Database.Database, key: TableKey): Record<string, unknown>[] {
  return drizzleSqlite(sqlite)
    .select()
    .from(sqliteSchema[key] as never)
    .all() as Record<string, unknown>[];
}

/** The file's record into a migrated server database (or a transaction on one); each identity sequence then starts after the copied ids. */
export async function copyToServer(sqlite: Database.Database, db: Pick<NodePgDatabase<typeof pgSchema>, 'insert' | 'execute'>): Promise<void> {
  for (const key of recordTables()) {
    const table = pgSchema[key] as PgTable;
    const rows = rowsOf(sqlite, key);
    for (let i = 0; i < rows.length; i += chunk) await db.insert(table).values(rows.slice(i, i + chunk) as never);
    if ('id' in table) {
      const name = getTableName(table);
      await db.execute(sql`select setval(pg_get_serial_sequence(${name}, 'id'), max(id)) from ${sql.identifier(name)}`);
    }
  }
}

/** The file's record into another migrated SQLite file, in the same order as copyToServer. */
export function copyToFile(from: Database.Database, to: Database.Database): void {
  const db = drizzleSqlite(to);
  for (const key of recordTables()) {
    const rows = rowsOf(from, key);
    for (let i = 0; i < rows.length; i += chunk)
      db.insert(sqliteSchema[key] as never)
        .values(rows.slice(i, i + chunk) as never)
        .run();
  }
}
