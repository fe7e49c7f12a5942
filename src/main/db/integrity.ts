/**
 * The one answer to "is this database sound?", for the database at start-up, a copy before a
 * migration, a backup, a file offered for restore and `check`: the file's header (SQLite's
 * signature, a plausible size), our application id and a schema this version knows, SQLite's
 * own checks (`quick_check` at start-up, `integrity_check` for a copy or `check`), the foreign
 * keys, and the errors by which SQLite says a file is damaged (see `faults.ts`). Faults are
 * plain lines naming the table and rows; refusals are one sentence naming the file, what is
 * wrong and what to do. Nothing here writes to a file.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import { fileFault, isDamage } from './faults';
import { readWhole } from './readWhole';
import { newerSchema, type JournalEntry } from './schemaVersion';

/** How many row ids a fault line names before "and n more". */
const shownRows = 5;

/** How many faults `integrity_check` lists at most (SQLite's own default is 100). */
const integrityLimit = 1000;

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
      .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = ? and rootpage > 0 order by name")
      .all(table) as Array<{ name: string; sql: string | null }>;
    const rows = unreadable(sqlite, `select * from ${quote(table)} not indexed`);
    const named = [
      ...(rows ? [`table ${table}: some of its rows cannot be read`] : []),
      ...indexes.flatMap(({ name: index, sql }) => {
        // Only the index's own columns (and the rowid), so that only the index is read; a partial index only under its own condition.
        const columns = (sqlite.pragma(`index_info(${quote(index)})`) as Array<{ name: string | null }>).map((c) => c.name);
        const read = columns.every((c) => c !== null) ? [...columns.map((c) => quote(c!)), 'rowid'].join(', ') : 'count(*)';
        const partial = sql ? /\swhere\s(.+)$/is.exec(sql)?.[1] : undefined;
        const broken = unreadable(sqlite, `select ${read} from ${quote(table)} indexed by ${quote(index)}${partial ? ` where ${partial}` : ''}`);
        return broken ? [`index ${index} of table ${table} cannot be read; it can be rebuilt from the table with "REINDEX ${index}"`] : [];
      }),
    ];
    faults.push(...(named.length > 0 ? named : [`table ${table} or one of its indexes cannot be read: ${error.message}`]));
  }
  return faults.length > 0 ? faults : [stopped.message];
}

/**
 * Reads the file once, start to end, in large blocks, so that the check which follows finds its
 * pages in memory. The check visits every page in the order of its trees, one at a time: from a
 * cold disk cache (the first start of the day, or pages the system has taken back) that is a
 * disk read each. At 20,000 patients (172 MB, evicted): quick_check 2.6 s; read ahead 0.3 s,
 * then quick_check 0.35 s. Only an aid: a file it cannot read is the check's to report.
 * Answers whether every byte was read.
 */
function readAhead(file: string): boolean {
  try {
    readWhole(file, () => undefined);
    return true;
  } catch {
    // The check meets the same fault and says what it is.
    return false;
  }
}

/**
 * Runs `check` with the file mapped into memory, when it was just read whole: SQLite then reads
 * its pages where the system keeps them instead of copying each (quick_check at 20,000 patients:
 * 0.35 s read, 0.28 s mapped). Only then: a page the disk cannot give back would be a signal
 * that ends the process instead of an error SQLite reports, and after a clean read every page
 * is in memory.
 */
function mapped<T>(sqlite: Database.Database, check: () => T): T {
  sqlite.pragma(`mmap_size = ${statSync(sqlite.name).size}`);
  try {
    return check();
  } finally {
    sqlite.pragma('mmap_size = 0');
  }
}

/**
 * SQLite's own check, one line per fault; empty when it answers "ok". `quick_check` is the
 * cheap one (no index against its table); `integrity_check` compares everything. `map`: with
 * the file mapped once read whole, for the app's own file at start-up (not a file offered from
 * elsewhere, which another program may still be changing).
 */
export function sqliteFaults(sqlite: Database.Database, check: 'quick_check' | 'integrity_check', limit = integrityLimit, map = false): string[] {
  // `name` is the path the connection opened; an in-memory database has none to read.
  const readWhole = !sqlite.memory && readAhead(sqlite.name);
  const run = () => listed(sqlite.pragma(`${check}(${limit})`) as unknown[]);
  let faults: string[];
  try {
    faults = map && readWhole ? mapped(sqlite, run) : run();
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

/** SQLite's word for a damaged file: pages it cannot read, or a header that is not a database's. */
export const isDamageError = (error: unknown): error is Error => error instanceof Error && isDamage(error);

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
const headerBytes = 100;

/** The first bytes of a file, without SQLite. */
function readStart(file: string, length: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    const buffer = Buffer.alloc(length);
    const read = readSync(fd, buffer, 0, length, 0);
    return buffer.subarray(0, read);
  } finally {
    closeSync(fd);
  }
}

/** Whether the file starts as every SQLite database does ("SQLite format 3\0"). */
export function hasSqliteHeader(path: string): boolean {
  try {
    return readStart(path, sqliteMagic.length).equals(sqliteMagic);
  } catch {
    return false;
  }
}

/** The refusal of a damaged database, naming its first fault (or first few). */
export function damaged(path: string, fault: string): AppError {
  return new AppError(
    'damaged',
    `${path} is damaged (${fault}). Nothing has been changed. ` + 'Restore the newest good backup (Settings → Backups, or "npm run cli -- restore FILE").',
  );
}

/**
 * SQLite's "malformed" and "not a database" errors as the `damaged` refusal, for a file that
 * is a database (it has SQLite's header) or was expected to be one. Any other file keeps
 * SQLite's error, which the surfaces report as "not a Milia Notes database".
 */
export function asDamage<T>(path: string, expected: boolean, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (isDamageError(error) && (expected || hasSqliteHeader(path))) throw damaged(path, error.message);
    throw error;
  }
}

/** The first few faults as one phrase: "a; b; c and 4 more". */
export function firstFaults(faults: readonly string[], shown = 3): string {
  const more = faults.length > shown ? ` and ${faults.length - shown} more` : '';
  return `${faults.slice(0, shown).join('; ')}${more}`;
}

/** The two halves of the start-up checks, which may run at once on two connections. */
export type StartupCheck = 'pages' | 'keys';

/** The start-up check of the pages: SQLite's `quick_check`. Throws the `damaged` refusal on a fault; changes nothing. */
export function assertPagesSound(sqlite: Database.Database, path: string): void {
  let faults: string[];
  try {
    faults = sqliteFaults(sqlite, 'quick_check', 10, true);
  } catch (error) {
    if (isDamageError(error)) throw damaged(path, error.message);
    throw error;
  }
  if (faults.length > 0) throw damaged(path, firstFaults(faults, 1));
}

/** The start-up check of the foreign keys. Throws the `damaged` refusal on a row that refers to none; changes nothing. */
export function assertKeysSound(sqlite: Database.Database, path: string): void {
  const keys = foreignKeyFaults(sqlite);
  if (keys.length > 0) throw damaged(path, `rows refer to rows that do not exist: ${firstFaults(keys)}`);
}

/**
 * The start-up checks: `quick_check` and the foreign keys. Throws the `damaged` refusal on
 * the first kind of fault found; changes nothing.
 */
export function assertSound(sqlite: Database.Database, path: string): void {
  assertPagesSound(sqlite, path);
  assertKeysSound(sqlite, path);
}

// ---------------------------------------------------------------------------------------
// Whose file it is: our signature, and a schema this version knows

/** `PRAGMA application_id` of a Milia Notes database ("MILI"). */
export const applicationId = 0x4d494c49;

export type { JournalEntry } from './schemaVersion';

const tableExists = (sqlite: Database.Database, name: string): boolean =>
  sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;

export const countTables = (sqlite: Database.Database): number =>
  (sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;

/** The newest migration applied to this file, as drizzle records it (its folder time). */
export function newestApplied(sqlite: Database.Database): number | null {
  if (!tableExists(sqlite, '__drizzle_migrations')) return null;
  const row = sqlite.prepare('select max(created_at) as t from __drizzle_migrations').get() as { t: number | null };
  return row.t === null ? null : Number(row.t);
}

/**
 * Refuses a file that is not a Milia Notes database, or that a newer version has migrated:
 * such a file is never touched. A new, empty file passes (it is about to be created).
 */
export function assertCompatible(sqlite: Database.Database, path: string, journal: readonly JournalEntry[]): void {
  const appId = sqlite.pragma('application_id', { simple: true }) as number;
  if (appId !== applicationId && appId !== 0) {
    throw new AppError('conflict', `${path} is not a Milia Notes database (it belongs to another program). Choose the right file.`);
  }
  const newest = newestApplied(sqlite);
  if (appId === 0 && countTables(sqlite) > 0 && newest === null) {
    throw new AppError('conflict', `${path} is not a Milia Notes database (it holds other tables). Choose the right file.`);
  }
  const known = journal.at(-1)?.when ?? 0;
  // A newer version records its migrations and stamps its schema's number: either says so, and
  // such a file is neither migrated nor restamped (a read-only `check` would otherwise write it).
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  if ((newest !== null && newest > known) || version > journal.length) {
    throw new AppError('conflict', newerSchema(path, version, journal.length));
  }
}

// ---------------------------------------------------------------------------------------
// A file offered as a Milia Notes database (a backup, a file to restore)

/** What to do after a refused file, said once for every refusal. */
const chooseAnother = 'Nothing was changed. Choose a Milia Notes backup (a file named like milia-notes-2026-01-31T08-00-00Z-automatic.db).';

/** A refused file; `why` is the reason alone ("it is a text file"), for other wordings. */
const notMilia = (file: string, why: string): AppError & { why: string } =>
  Object.assign(new AppError('validation', `${file} is not a Milia Notes database (${why}). ${chooseAnother}`), { why });

/** The refusal of a file whose pages SQLite cannot read. */
export const damagedFile = (file: string): AppError & { why: string } => notMilia(file, 'it is damaged or truncated');

export interface Header {
  pageSize: number;
  /** Pages the header says the file holds; null when the header's count is not valid. */
  pageCount: number | null;
  /** The file is in WAL mode: opening it, even read-only, creates files beside it. */
  wal: boolean;
}

function looksLikeText(start: Buffer): boolean {
  if (start.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(start.subarray(0, Math.max(0, start.length - 4)));
    return true;
  } catch {
    return false;
  }
}

/** A file that cannot be read at all, in words. */
export function cannotRead(error: unknown, shown: string): AppError {
  const fault = fileFault(error);
  if (fault === 'missing') return new AppError('not_found', `${shown} does not exist. Check the file name and try again.`);
  if (fault === 'denied') {
    return new AppError(
      'validation',
      `${shown} cannot be read: Milia Notes is not allowed to open it. Copy it somewhere you can read, or ask IT about its permissions.`,
    );
  }
  return new AppError('validation', `${shown} cannot be read (${error instanceof Error ? error.message : String(error)}). Check the file and try again.`);
}

/**
 * Checks that `file` is a readable SQLite database of a plausible size, before SQLite opens
 * it; `shown` is how the messages name it.
 */
export function readHeader(file: string, shown = file): Header {
  let size: number;
  try {
    const stat = statSync(file);
    if (stat.isDirectory()) throw new AppError('validation', `${shown} is a folder, not a database file. ${chooseAnother}`);
    size = stat.size;
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw cannotRead(error, shown);
  }
  let start: Buffer;
  try {
    start = readStart(file, 4096);
  } catch (error) {
    throw cannotRead(error, shown);
  }
  if (size === 0) throw notMilia(shown, 'it is empty');
  if (start.length < headerBytes || !start.subarray(0, sqliteMagic.length).equals(sqliteMagic)) {
    if (start.subarray(0, 6).toString('latin1') === 'SQLite') throw damagedFile(shown);
    throw notMilia(shown, looksLikeText(start) ? 'it is a text file' : 'it is not a database file');
  }
  const rawPageSize = start.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw damagedFile(shown);
  // The header's page count is valid when the change counter matches "version valid for".
  const valid = start.readUInt32BE(24) === start.readUInt32BE(92);
  const pageCount = valid ? start.readUInt32BE(28) : null;
  if (pageCount !== null && pageCount * pageSize > size) throw damagedFile(shown);
  if (size % pageSize !== 0) throw damagedFile(shown);
  return { pageSize, pageCount, wal: start[18] === 2 || start[19] === 2 };
}

/**
 * Refuses a file that belongs to another program or that a newer version wrote. A Milia Notes
 * file carries our application id; one migrated before the id existed has drizzle's
 * migrations table and our patients table.
 */
export function assertMilia(sqlite: Database.Database, shown: string, journal: readonly JournalEntry[]): void {
  const appId = sqlite.pragma('application_id', { simple: true }) as number;
  const ours = appId === applicationId || (appId === 0 && tableExists(sqlite, '__drizzle_migrations') && tableExists(sqlite, 'patients'));
  if (!ours) throw notMilia(shown, appId === 0 && countTables(sqlite) === 0 ? 'it is an empty database' : 'it belongs to another program');
  try {
    assertCompatible(sqlite, shown, journal);
  } catch (error) {
    // The same words as opening it would give, as a refused input.
    if (error instanceof AppError) throw new AppError('validation', error.message);
    throw error;
  }
}

/**
 * Checks an open database offered as a Milia Notes file as a whole: ours, not newer, and
 * intact by SQLite's full `integrity_check`. SQLite's damage errors become the refusal "it is
 * damaged or truncated".
 */
export function assertWholeFile(sqlite: Database.Database, shown: string, journal: readonly JournalEntry[]): void {
  try {
    assertMilia(sqlite, shown, journal);
    if (sqliteFaults(sqlite, 'integrity_check', 5).length > 0) throw damagedFile(shown);
  } catch (error) {
    if (isDamage(error)) throw damagedFile(shown);
    throw error;
  }
}
