/**
 * A workstation's SQLite record copied into the practice server's database, exactly: every
 * table of the server's schema, parents first, each row with its id and its values as the file
 * holds them (JSON text as its text, not parsed and written again; SQLite's 0/1 flags as
 * booleans), each identity sequence then set after the copied ids. Left out: the file's own
 * search tables (not in the server's schema) and the statistics roll-ups, which the server's
 * triggers (or, deferred, their catch-up) derive from the rows.
 *
 * A signed visit's presentations and treatments are refused by the integrity triggers of
 * drizzle/pg/0002 once the visit is signed, as on the file. So the visits arrive unsigned and are
 * signed, with the time the file holds, once every row under them is in: the triggers stay on
 * for the whole copy, and the rows end exactly as in the file. The caller runs it in one
 * transaction, so that a refusal part way leaves the server as it was.
 */
import type Database from 'better-sqlite3';
import { getTableName, is, sql } from 'drizzle-orm';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import * as pgSchema from './schema';

/** What the copy writes with: a drizzle database or a transaction on one. */
export type CopyTarget = Pick<NodePgDatabase<typeof pgSchema>, 'execute'>;

/** Derived from the other tables, never copied. */
const derived: ReadonlySet<string> = new Set(['stats_rollups', 'stats_patient_days']);

/** The record's tables, each after the tables its foreign keys name; the derived ones left out. */
export function recordTables(): PgTable[] {
  const tables = (Object.values(pgSchema) as unknown[]).filter((value): value is PgTable => is(value, PgTable));
  const byName = new Map<string, PgTable>(tables.map((table) => [getTableName(table), table]));
  const ordered: PgTable[] = [];
  const visit = (table: PgTable) => {
    if (ordered.includes(table) || derived.has(getTableName(table))) return;
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = byName.get(getTableName(fk.reference().foreignTable))!;
      if (parent !== table) visit(parent);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

/** Bound parameters per insert: far under PostgreSQL's 65,535. */
const parametersPerInsert = 20_000;
/** Rows per insert of a table holding files (handouts' PDFs): a statement of a few megabytes. */
const rowsWithFiles = 16;

const quoted = (name: string): string => `"${name.replaceAll('"', '""')}"`;

export interface CopyProgress {
  (done: number, total: number): void;
}

/**
 * Copies the file's record (a migrated SQLite database, read in the order SQLite keeps each
 * table) into the server's database, which must hold no record yet. Resolves to the rows
 * copied, by table. An error names the table whose rows the server refused.
 */
export async function copyToServer(sqlite: Database.Database, db: CopyTarget, onProgress?: CopyProgress): Promise<Map<string, number>> {
  const tables = recordTables();
  const counts = new Map(
    tables.map((table) => [
      getTableName(table),
      sqlite
        .prepare(`select count(*) from ${quoted(getTableName(table))}`)
        .pluck()
        .get() as number,
    ]),
  );
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  let done = 0;
  onProgress?.(done, total);
  const signed: { id: number; at: string }[] = [];

  for (const table of tables) {
    const name = getTableName(table);
    const { columns } = getTableConfig(table);
    const flags = columns.map((column) => column.getSQLType() === 'boolean');
    const files = columns.some((column) => column.getSQLType() === 'bytea');
    const perInsert = files ? rowsWithFiles : Math.max(1, Math.floor(parametersPerInsert / columns.length));
    const signedAt = name === 'visits' ? columns.findIndex((column) => column.name === 'signed_at') : -1;
    const head = sql.raw(`insert into ${quoted(name)} (${columns.map((column) => quoted(column.name)).join(', ')}) values `);
    const insert = async (rows: unknown[][]) => {
      const values = sql.join(
        rows.map(
          (row) =>
            sql`(${sql.join(
              row.map((value) => sql`${value}`),
              sql`, `,
            )})`,
        ),
        sql`, `,
      );
      await refusedAs(name, () => db.execute(sql`${head}${values}`));
      done += rows.length;
      onProgress?.(done, total);
    };

    const read = sqlite.prepare(`select ${columns.map((column) => quoted(column.name)).join(', ')} from ${quoted(name)} order by rowid`).raw();
    let batch: unknown[][] = [];
    for (const row of read.iterate() as IterableIterator<unknown[]>) {
      for (let i = 0; i < row.length; i++) if (flags[i] && row[i] !== null) row[i] = row[i] !== 0;
      if (signedAt >= 0 && row[signedAt] !== null) {
        signed.push({ id: row[0] as number, at: row[signedAt] as string });
        row[signedAt] = null;
      }
      batch.push(row);
      if (batch.length === perInsert) {
        await insert(batch);
        batch = [];
      }
    }
    if (batch.length > 0) await insert(batch);
  }

  if (signed.length > 0) {
    await refusedAs('visits', () =>
      db.execute(
        sql`update visits set signed_at = s.at from jsonb_to_recordset(${JSON.stringify(signed)}::jsonb) as s(id integer, at text) where visits.id = s.id`,
      ),
    );
  }
  for (const table of tables) {
    if (!getTableConfig(table).columns.some((column) => column.name === 'id' && column.getSQLType() === 'integer')) continue;
    const name = getTableName(table);
    // The next id drawn follows the newest copied one (1 in an empty table).
    await db.execute(sql`select setval(pg_get_serial_sequence(${quoted(name)}, 'id'), coalesce(max(id), 0) + 1, false) from ${sql.identifier(name)}`);
  }
  return counts;
}

/** The server refused a table's rows: which table, and the server's reason. */
export class CopyRefused extends Error {
  constructor(
    readonly table: string,
    cause: unknown,
  ) {
    super(`the server refused the rows of ${table}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'CopyRefused';
  }
}

/** A refusal by the server (an SQLSTATE of its own) names the table; a lost connection passes through as it is. */
async function refusedAs<T>(table: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    const reason = serverReason(error);
    if (reason && !/^(08|57P|53)/.test(reason.code)) throw new CopyRefused(table, reason);
    throw error;
  }
}

/** The server's own error inside drizzle's query error, when the server raised it. */
function serverReason(error: unknown): (Error & { code: string }) | null {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    if ('severity' in e && 'code' in e && typeof e.code === 'string') return e as Error & { code: string };
  }
  return null;
}
