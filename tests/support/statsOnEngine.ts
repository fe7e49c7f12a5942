/**
 * The statistics' slow reference (statsReference.ts) and the roll-ups' rebuild (statsRollups.ts)
 * over a record of this run's engine. Both are SQLite's SQL: on a SQLite record they read the
 * file itself; on the practice server they read a SQLite copy of the server's rows taken at the
 * moment of asking, while the roll-ups the server's triggers kept are read from the server.
 */
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { getTableName } from 'drizzle-orm';
import { openStore } from '../../src/main/db/open';
import { sqliteOf, type StatsAggregates, type StatsPeriod, type Store } from '../../src/main/db/records';
import { recordTables } from '../../src/main/db/pg/moveIn';
import { rawSql } from './engine';
import { referenceAggregates } from './statsReference';
import { keptAndRebuilt } from './statsRollups';
import { cleanup, tempDir } from './store';

const onServer = (store: Store): boolean => 'server' in store;

/**
 * The server's record in a new SQLite file, table by table in the order of the foreign keys.
 * Signed visits arrive unsigned and are signed once their rows are in, as the file's triggers
 * refuse rows under a signed visit (moveIn.ts does the same the other way).
 */
async function fileCopy(store: Store): Promise<Database.Database> {
  const copy = openStore(join(tempDir(), 'reference.db'), { create: true });
  cleanup(() => copy.close());
  const file = sqliteOf(copy);
  const sql = rawSql(store);
  const signed: unknown[][] = [];
  const tables: PgTable[] = recordTables();
  for (const table of tables) {
    const name = getTableName(table);
    const columns = getTableConfig(table).columns.map((column) => column.name);
    const rows = await sql.all(`select ${columns.map((c) => `"${c}"`).join(', ')} from "${name}"`);
    const insert = file.prepare(`insert into "${name}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')})`);
    file.transaction(() => {
      for (const row of rows) {
        const values = columns.map((c) => row[c]);
        if (name === 'visits' && row.signed_at !== null) {
          signed.push([row.signed_at, row.id]);
          values[columns.indexOf('signed_at')] = null;
        }
        insert.run(...values);
      }
    })();
  }
  const sign = file.prepare('update visits set signed_at = ? where id = ?');
  file.transaction(() => signed.forEach((s) => sign.run(...s)))();
  return file;
}

/** The period's statistics as the slow reference SQL counts them from the record's rows. */
export async function referenceOn(store: Store, periods: readonly StatsPeriod[]): Promise<StatsAggregates[]> {
  const file = onServer(store) ? await fileCopy(store) : sqliteOf(store);
  return periods.map((p) => referenceAggregates(file, p));
}

/** The roll-ups the record's triggers kept, and a rebuild from its visits, zero sums left out: to compare. */
export async function keptAndRebuiltOn(store: Store) {
  if (!onServer(store)) return keptAndRebuilt(sqliteOf(store));
  const { rebuilt, rebuiltDays } = keptAndRebuilt(await fileCopy(store));
  const sql = rawSql(store);
  // Ordered as bytes, as SQLite orders them.
  const kept = await sql.all(
    'select grain, figure, bucket, a, b, n, m, r from stats_rollups where n <> 0 or m <> 0 or r <> 0 order by grain collate "C", figure collate "C", bucket collate "C", a collate "C", b collate "C"',
  );
  const keptDays = await sql.all('select patient_id, kind, date, prev_date from stats_patient_days order by patient_id, kind collate "C", date collate "C"');
  return { kept, rebuilt, keptDays, rebuiltDays };
}
