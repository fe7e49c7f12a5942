/**
 * The start-up checks of an existing file, on a read-only connection of their own, which
 * changes nothing (not even by folding a leftover WAL into the file, as the last read-write
 * connection does when it closes): whose file it is and the schema version first, then its
 * pages, its foreign keys or both. It needs none of the record layer, so that the threads that
 * check the file at start load this alone (workers/checksThread.ts). A file sealed as sound
 * when the app last closed it is hashed against its seal instead (seal.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import { asDamage, assertCompatible, assertKeysSound, assertPagesSound, type JournalEntry, type StartupCheck } from './integrity';
import { findMigrationsFolder, readJournal } from './schemaVersion';
import { fileState, fingerprint, nothingBeside, sealHolds, writeSeal } from './seal';

export interface ConnectOptions {
  readonly: boolean;
  fileMustExist: boolean;
  /** A better-sqlite3 build for another ABI (Electron's). */
  nativeBinding?: string;
}

/** A connection to the file, with the temporary storage every connection of the app uses. */
export function connect(path: string, { readonly, fileMustExist, nativeBinding }: ConnectOptions): Database.Database {
  const sqlite = new Database(path, { readonly, fileMustExist, ...(nativeBinding ? { nativeBinding } : {}) });
  // A sort or temporary b-tree larger than the page cache goes on in a temporary file, which
  // SQLite deletes, instead of growing memory: an export of a whole large practice sorts
  // over a million rows. Smaller ones never leave memory.
  sqlite.pragma('temp_store = FILE');
  return sqlite;
}

/** The refusal of a path where no file is. */
export const noDatabaseAt = (full: string): AppError =>
  new AppError('not_found', `There is no database at ${full}. Check the path, or create one with "init".`);

export interface CheckOptions {
  /** The migrations this version knows; read from `drizzle/` when left out. */
  journal?: readonly JournalEntry[];
  /** A better-sqlite3 build for another ABI (Electron's). */
  nativeBinding?: string;
}

/**
 * Refuses, with one sentence naming the file and what to do, a file that is missing, not a
 * Milia Notes database, written by a newer version, or damaged in the part checked.
 */
export function checkFile(path: string, part: StartupCheck | 'both', options: CheckOptions = {}): void {
  onCompatible(path, options, (sqlite, full) => {
    if (part !== 'keys') assertPagesSound(sqlite, full);
    if (part !== 'pages') assertKeysSound(sqlite, full);
  });
}

/** Whose file it is and its schema version checked (as `checkFile`), then `then` on the same read-only connection. */
function onCompatible<T>(path: string, options: CheckOptions, then: (sqlite: Database.Database, full: string) => T): T {
  const full = resolve(path);
  if (!existsSync(full)) throw noDatabaseAt(full);
  const journal = options.journal ?? readJournal(findMigrationsFolder());
  return asDamage(full, false, () => {
    const sqlite = connect(full, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
    try {
      sqlite.pragma('busy_timeout = 5000');
      assertCompatible(sqlite, full, journal);
      return then(sqlite, full);
    } finally {
      sqlite.close();
    }
  });
}

const sqliteVersion = (sqlite: Database.Database): string => sqlite.prepare('select sqlite_version()').pluck().get() as string;

/**
 * Instead of the checks: whether the file (checked as `checkFile` does for whose it is and its
 * version) is byte for byte the one sealed as sound, by this SQLite, with nothing beside it.
 * False sends it to the whole checks.
 */
export function sealedSound(path: string, options: CheckOptions = {}): boolean {
  return onCompatible(path, options, (sqlite, full) => sealHolds(full, sqliteVersion(sqlite)));
}

/**
 * After the whole checks passed on the closed file: seals it, unless it changed since
 * `unchangedSince` (its state before them) or a log or journal is beside it. Whether it sealed.
 */
export function sealChecked(path: string, unchangedSince: string, options: CheckOptions = {}): boolean {
  const full = resolve(path);
  const version = onCompatible(full, options, (sqlite) => sqliteVersion(sqlite));
  // The checks' read-only connections leave an empty log and its index beside the file; only a
  // read-write connection that has read, the last to close, removes them (writing nothing: the log is empty).
  const tidy = connect(full, { readonly: false, fileMustExist: true, nativeBinding: options.nativeBinding });
  tidy.prepare('select count(*) from sqlite_master').get();
  tidy.close();
  const print = fingerprint(full);
  if (fileState(full) !== unchangedSince || !nothingBeside(full)) return false;
  writeSeal(full, version, print);
  return true;
}
