/**
 * What a database file is and what it holds, judged from the file alone: the SQLite header,
 * our application id (or a Milia Notes file migrated before it carried one), a schema this
 * version knows, SQLite's integrity check, and then its counts. Every refusal is one sentence
 * naming the file, what is wrong with it and what to do; nothing here writes to the file.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import type { DatabaseSummary } from '@shared/backups';
import { applicationId, assertCompatible, findMigrationsFolder, readJournal } from '../db/open';

export type Journal = ReturnType<typeof readJournal>;

const sqliteMagic = Buffer.from('SQLite format 3\0', 'latin1');
const headerBytes = 100;

/** What to do after a refused file, said once for every refusal. */
const chooseAnother = 'Nothing was changed. Choose a Milia Notes backup (a file named like milia-notes-2026-01-31T08-00-00Z-automatic.db).';

/** A refused file; `why` is the reason alone ("it is a text file"), for other wordings. */
export const notMilia = (file: string, why: string): AppError & { why: string } =>
  Object.assign(new AppError('validation', `${file} is not a Milia Notes database (${why}). ${chooseAnother}`), { why });

/** The migrations this version knows. */
export const currentJournal = (): Journal => readJournal(findMigrationsFolder());

export interface Header {
  pageSize: number;
  /** Pages the header says the file holds; null when the header's count is not valid. */
  pageCount: number | null;
  /** The file is in WAL mode: opening it, even read-only, creates files beside it. */
  wal: boolean;
}

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

function looksLikeText(start: Buffer): boolean {
  if (start.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(start.subarray(0, Math.max(0, start.length - 4)));
    return true;
  } catch {
    return false;
  }
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
    throw unreadable(error, shown);
  }
  let start: Buffer;
  try {
    start = readStart(file, 4096);
  } catch (error) {
    throw unreadable(error, shown);
  }
  if (size === 0) throw notMilia(shown, 'it is empty');
  if (start.length < headerBytes || !start.subarray(0, sqliteMagic.length).equals(sqliteMagic)) {
    if (start.subarray(0, 6).toString('latin1') === 'SQLite') throw notMilia(shown, 'it is damaged or truncated');
    throw notMilia(shown, looksLikeText(start) ? 'it is a text file' : 'it is not a database file');
  }
  const rawPageSize = start.readUInt16BE(16);
  const pageSize = rawPageSize === 1 ? 65536 : rawPageSize;
  if (pageSize < 512 || pageSize > 65536 || (pageSize & (pageSize - 1)) !== 0) throw notMilia(shown, 'it is damaged or truncated');
  // The header's page count is valid when the change counter matches "version valid for".
  const valid = start.readUInt32BE(24) === start.readUInt32BE(92);
  const pageCount = valid ? start.readUInt32BE(28) : null;
  if (pageCount !== null && pageCount * pageSize > size) throw notMilia(shown, 'it is damaged or truncated');
  if (size % pageSize !== 0) throw notMilia(shown, 'it is damaged or truncated');
  return { pageSize, pageCount, wal: start[18] === 2 || start[19] === 2 };
}

function unreadable(error: unknown, shown: string): AppError {
  const code = error instanceof Error && 'code' in error ? error.code : undefined;
  if (code === 'ENOENT') return new AppError('not_found', `${shown} does not exist. Check the file name and try again.`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new AppError(
      'validation',
      `${shown} cannot be read: Milia Notes is not allowed to open it. Copy it somewhere you can read, or ask IT about its permissions.`,
    );
  }
  return new AppError('validation', `${shown} cannot be read (${error instanceof Error ? error.message : String(error)}). Check the file and try again.`);
}

const tableExists = (sqlite: Database.Database, name: string): boolean =>
  sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;

/**
 * Refuses a file that belongs to another program or that a newer version wrote. A Milia Notes
 * file carries our application id; one migrated before the id existed has drizzle's
 * migrations table and our patients table.
 */
export function assertMilia(sqlite: Database.Database, shown: string, journal: Journal): void {
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
  const version = sqlite.pragma('user_version', { simple: true }) as number;
  if (version > journal.length) {
    throw new AppError(
      'validation',
      `${shown} was written by a newer version of Milia Notes (schema ${version}; this version knows up to ${journal.length}). ` +
        'It has not been changed. Install the newer version to open it.',
    );
  }
}

const countTables = (sqlite: Database.Database): number =>
  (sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n;

/** SQLite's integrity check; the first faults it names, or none. */
export function integrityFaults(sqlite: Database.Database): string[] {
  const rows = sqlite.pragma('integrity_check(5)') as Array<{ integrity_check: string }>;
  return rows.map((r) => r.integrity_check).filter((r) => r !== 'ok');
}

/** What the file holds, from the file itself. */
export function readSummary(sqlite: Database.Database): DatabaseSummary {
  const count = (table: string): number => (tableExists(sqlite, table) ? (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n : 0);
  let schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
  if (schemaVersion === 0 && tableExists(sqlite, '__drizzle_migrations')) schemaVersion = count('__drizzle_migrations');
  const newest = tableExists(sqlite, 'visits') ? (sqlite.prepare('select max(date) as d from visits').get() as { d: string | null }).d : null;
  return {
    schemaVersion,
    counts: {
      patients: count('patients'),
      visits: count('visits'),
      presentations: count('presentations'),
      treatments: count('treatments'),
      followUps: count('follow_ups'),
    },
    newestVisit: newest,
  };
}

/** SQLite's words for a file it cannot read as a database. */
const isDamage = (error: unknown): boolean =>
  error instanceof Error && 'code' in error && typeof error.code === 'string' && /^SQLITE_(CORRUPT|NOTADB|IOERR)/.test(error.code);

/**
 * Checks an open database as a whole (ours, not newer, intact) and reads what it holds.
 * SQLite's faults on a damaged file become the refusal "it is damaged or truncated".
 */
export function verifyOpen(sqlite: Database.Database, shown: string, journal: Journal): DatabaseSummary {
  try {
    assertMilia(sqlite, shown, journal);
    if (integrityFaults(sqlite).length > 0) throw notMilia(shown, 'it is damaged or truncated');
    return readSummary(sqlite);
  } catch (error) {
    if (isDamage(error)) throw notMilia(shown, 'it is damaged or truncated');
    throw error;
  }
}

/**
 * Opens a file that is not in WAL mode read-only and checks it whole. The caller makes sure
 * of WAL mode (see `readHeader`): a WAL file opened even read-only gains files beside it.
 */
export function verifyFile(file: string, shown = file, journal: Journal = currentJournal()): DatabaseSummary {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    if (isDamage(error)) throw notMilia(shown, 'it is damaged or truncated');
    throw unreadable(error, shown);
  }
  try {
    return verifyOpen(sqlite, shown, journal);
  } finally {
    sqlite.close();
  }
}
