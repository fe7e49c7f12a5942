/**
 * The start-up checks of an existing file, on a read-only connection of their own, which
 * changes nothing (not even by folding a leftover WAL into the file, as the last read-write
 * connection does when it closes): whose file it is and the schema version first, then its
 * pages, its foreign keys or both. It needs none of the record layer, so that the threads that
 * check the file at start load this alone (workers/checksThread.ts).
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import { asDamage, assertCompatible, assertKeysSound, assertPagesSound, type JournalEntry, type StartupCheck } from './integrity';
import { findMigrationsFolder, readJournal } from './schemaVersion';

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
  const full = resolve(path);
  if (!existsSync(full)) throw noDatabaseAt(full);
  const journal = options.journal ?? readJournal(findMigrationsFolder());
  asDamage(full, false, () => {
    const sqlite = connect(full, { readonly: true, fileMustExist: true, nativeBinding: options.nativeBinding });
    try {
      sqlite.pragma('busy_timeout = 5000');
      assertCompatible(sqlite, full, journal);
      if (part !== 'keys') assertPagesSound(sqlite, full);
      if (part !== 'pages') assertKeysSound(sqlite, full);
    } finally {
      sqlite.close();
    }
  });
}
