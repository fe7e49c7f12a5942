/**
 * Whether a database file is sound: SQLite's own checks (`quick_check` at start-up,
 * `integrity_check` for `check` and for a backup), its foreign keys, and the errors by which
 * SQLite says a file is damaged. The faults are plain lines naming the table and rows.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '@shared/errors';

/** How many row ids a fault line names before "and n more". */
const shownRows = 5;

/** How many faults `integrity_check` lists at most (SQLite's own default is 100). */
export const integrityLimit = 1000;

/** One line: the table, the first rows, how many more, and the fault. */
function line(table: string, ids: readonly number[], total: number, fault: string): string {
  const more = total > ids.length ? ` and ${total - ids.length} more` : '';
  return `${table} ${ids.length === 1 && total === 1 ? 'row' : 'rows'} ${ids.join(', ')}${more}: ${fault}`;
}

/** Rows grouped by table and fault, keeping the first few ids of each. */
export class Tally {
  private readonly groups = new Map<string, { table: string; fault: string; ids: number[]; total: number }>();
  add(table: string, id: number, fault: string): void {
    const key = `${table}\n${fault}`;
    let g = this.groups.get(key);
    if (!g) this.groups.set(key, (g = { table, fault, ids: [], total: 0 }));
    if (g.ids.length < shownRows) g.ids.push(id);
    g.total++;
  }
  lines(): string[] {
    return [...this.groups.values()].map((g) => line(g.table, g.ids, g.total, g.fault));
  }
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** The faults SQLite lists, without its "ok". */
function listed(rows: unknown[]): string[] {
  return (rows as Array<Record<string, unknown>>).map((r) => String(Object.values(r)[0])).filter((text) => text !== 'ok');
}

/** Whether reading every row of `sql` stops on a damaged page; the error when it does. */
function unreadable(sqlite: Database.Database, sql: string): Error | null {
  try {
    for (const row of sqlite.prepare(sql).raw().iterate()) void row;
    return null;
  } catch (error) {
    if (isDamageError(error)) return error;
    throw error;
  }
}

/**
 * Where SQLite's own check stopped: when it meets a page it cannot read it gives up with
 * "database disk image is malformed" instead of listing. Each table is then checked alone,
 * and a damaged one is read in full and through each of its indexes, to name what is lost.
 */
function damagedTrees(sqlite: Database.Database, check: 'quick_check' | 'integrity_check', stopped: Error): string[] {
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and rootpage > 0 order by name").pluck().all() as string[];
  const faults: string[] = [];
  for (const table of tables) {
    let error: Error | null = null;
    try {
      faults.push(...listed(sqlite.pragma(`${check}(${quote(table)})`) as unknown[]));
    } catch (e) {
      if (!isDamageError(e)) throw e;
      error = e;
    }
    if (!error) continue;
    const indexes = sqlite
      .prepare("select name from sqlite_master where type = 'index' and tbl_name = ? and rootpage > 0 order by name")
      .pluck()
      .all(table) as string[];
    const rows = unreadable(sqlite, `select * from ${quote(table)} not indexed`);
    const named = [
      ...(rows ? [`table ${table}: some of its rows cannot be read`] : []),
      ...indexes.flatMap((index) => {
        // Only the index's own columns (and the rowid), so that only the index is read.
        const columns = (sqlite.pragma(`index_info(${quote(index)})`) as Array<{ name: string | null }>).map((c) => c.name);
        const read = columns.every((c) => c !== null) ? [...columns.map((c) => quote(c!)), 'rowid'].join(', ') : 'count(*)';
        const broken = unreadable(sqlite, `select ${read} from ${quote(table)} indexed by ${quote(index)}`);
        return broken ? [`index ${index} of table ${table} cannot be read; it can be rebuilt from the table with "REINDEX ${index}"`] : [];
      }),
    ];
    faults.push(...(named.length > 0 ? named : [`table ${table} or one of its indexes cannot be read: ${error.message}`]));
  }
  return faults.length > 0 ? faults : [stopped.message];
}

/**
 * SQLite's own check, one line per fault; empty when it answers "ok". `quick_check` is the
 * cheap one (no index against its table); `integrity_check` compares everything.
 */
export function sqliteFaults(sqlite: Database.Database, check: 'quick_check' | 'integrity_check', limit = integrityLimit): string[] {
  let faults: string[];
  try {
    faults = listed(sqlite.pragma(`${check}(${limit})`) as unknown[]);
  } catch (error) {
    if (!isDamageError(error)) throw error;
    return damagedTrees(sqlite, check, error);
  }
  if (faults.length >= limit) faults.push(`SQLite stops listing after ${limit} faults; there may be more`);
  return faults;
}

/**
 * Rows whose foreign key points at no row, grouped by table and column. A table whose pages
 * cannot be read is named as such, and the others are still checked.
 */
export function foreignKeyFaults(sqlite: Database.Database): string[] {
  type Broken = { table: string; rowid: number | null; parent: string; fkid: number };
  let broken: Broken[];
  const unchecked: string[] = [];
  try {
    broken = sqlite.pragma('foreign_key_check') as Broken[];
  } catch (error) {
    if (!isDamageError(error)) throw error;
    broken = [];
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and rootpage > 0 order by name").pluck().all() as string[];
    for (const table of tables) {
      try {
        broken.push(...(sqlite.pragma(`foreign_key_check(${quote(table)})`) as Broken[]));
      } catch (e) {
        if (!isDamageError(e)) throw e;
        unchecked.push(`foreign keys of table ${table} could not be checked: the file is damaged there`);
      }
    }
  }
  const columns = new Map<string, Array<{ id: number; from: string }>>();
  const tally = new Tally();
  for (const b of broken) {
    let list = columns.get(b.table);
    if (!list) columns.set(b.table, (list = sqlite.pragma(`foreign_key_list(${quote(b.table)})`) as Array<{ id: number; from: string }>));
    const from = list.filter((f) => f.id === b.fkid).map((f) => f.from);
    tally.add(b.table, b.rowid ?? 0, `${from.length > 0 ? from.join(', ') : 'a column'} refers to a ${b.parent} row that does not exist`);
  }
  return [...unchecked, ...tally.lines()];
}

/** SQLite's word for a damaged file: a malformed page, or a header that is not a database's. */
export function isDamageError(error: unknown): error is Error & { code: string } {
  if (!(error instanceof Error) || !('code' in error) || typeof error.code !== 'string') return false;
  return error.code.startsWith('SQLITE_CORRUPT') || error.code === 'SQLITE_NOTADB';
}

/** Whether the file starts as every SQLite database does ("SQLite format 3\0"). */
export function hasSqliteHeader(path: string): boolean {
  const magic = Buffer.from('SQLite format 3\0', 'latin1');
  const head = Buffer.alloc(magic.length);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    return readSync(fd, head, 0, head.length, 0) === head.length && head.equals(magic);
  } finally {
    closeSync(fd);
  }
}

/** The refusal of a damaged database, naming its first fault (or first few). */
export function damaged(path: string, fault: string): AppError {
  return new AppError(
    'damaged',
    `${path} is damaged (${fault}). Nothing has been changed. ` + 'Restore the newest good backup (Settings → Backups, or "npm run cli -- restore FILE").',
  );
}

/** The first few faults as one phrase: "a; b; c and 4 more". */
export function firstFaults(faults: readonly string[], shown = 3): string {
  const more = faults.length > shown ? ` and ${faults.length - shown} more` : '';
  return `${faults.slice(0, shown).join('; ')}${more}`;
}

/**
 * The start-up checks: `quick_check` and the foreign keys. Throws the `damaged` refusal on
 * the first kind of fault found; changes nothing.
 */
export function assertSound(sqlite: Database.Database, path: string): void {
  let faults: string[];
  try {
    faults = sqliteFaults(sqlite, 'quick_check', 10);
  } catch (error) {
    if (isDamageError(error)) throw damaged(path, error.message);
    throw error;
  }
  if (faults.length > 0) throw damaged(path, firstFaults(faults, 1));
  const keys = foreignKeyFaults(sqlite);
  if (keys.length > 0) throw damaged(path, `rows refer to rows that do not exist: ${firstFaults(keys)}`);
}
