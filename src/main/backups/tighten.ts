/**
 * At start, a database left readable by other accounts (by an earlier version of Milia Notes,
 * or copied in with another tool) is made this account's only: its file, -wal, -shm, journal
 * and state file, and its backup folder with the backups in it. Only files that are ours are
 * touched: a regular file owned by this account, and a database only when it carries the Milia
 * Notes signature, so a mistyped --db never changes another program's file or a device.
 */
import { chmodSync, lstatSync, readdirSync, readSync, openSync, closeSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { backupFolderFor, settingsBackupFolder } from './backup';
import { applicationId } from '../db/integrity';
import { databaseFiles } from '../files/durable';

const statOrNull = (path: string): Stats | null => {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
};

const ours = (stats: Stats | null): stats is Stats => stats !== null && (process.getuid === undefined || stats.uid === process.getuid());

/** The file (or folder) when it is ours and grants other accounts any right; null otherwise. */
function loose(path: string, kind: 'file' | 'folder'): Stats | null {
  const stats = statOrNull(path);
  return ours(stats) && (kind === 'file' ? stats.isFile() : stats.isDirectory()) && (stats.mode & 0o077) !== 0 ? stats : null;
}

/** The backups (and their sidecars and temporaries) in `folder`, by their names. */
function backupsIn(folder: string): string[] {
  try {
    return readdirSync(folder)
      .filter((name) => /^\.?milia-notes-/.test(name))
      .map((name) => join(folder, name));
  } catch {
    return [];
  }
}

/**
 * Takes the other accounts' rights away from a file (or folder) of ours that grants any; whether
 * it did. The owner's rights stay as they are: a database made read-only stays read-only.
 */
function tighten(path: string, kind: 'file' | 'folder'): boolean {
  const stats = loose(path, kind);
  if (stats === null) return false;
  try {
    chmodSync(path, stats.mode & 0o700);
    return true;
  } catch {
    // A read-only file system or share: nothing this start can change.
    return false;
  }
}

/** Whether the file starts with SQLite's header (read without SQLite, which would open anything). */
function hasSqliteHeader(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const header = Buffer.alloc(16);
      return readSync(fd, header, 0, 16, 0) === 16 && header.toString('latin1') === 'SQLite format 3\0';
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}

/**
 * For a Milia Notes database (our application id, read through its -wal, where a new file's
 * stamp may still be), the backup folder its settings name: read-only, without waiting for a
 * lock. Null for any other file; the default folder when the settings cannot be read.
 */
function backupFolderOf(db: string, nativeBinding: string | undefined): string | null {
  if (!hasSqliteHeader(db)) return null;
  let sqlite: Database.Database;
  try {
    sqlite = new Database(db, { readonly: true, fileMustExist: true, timeout: 0, ...(nativeBinding ? { nativeBinding } : {}) });
  } catch {
    return null;
  }
  try {
    if (sqlite.pragma('application_id', { simple: true }) !== applicationId) return null;
    return backupFolderFor(db, settingsBackupFolder(sqlite));
  } catch {
    // Locked, or not a database after all: left alone.
    return null;
  } finally {
    sqlite.close();
  }
}

/**
 * Tightens the files of the Milia Notes database at `db` and of its backup folder (backups
 * are named `milia-notes-…`) and returns the one sentence that says so, or null when nothing
 * was loose. A backup folder named in the settings is looked at when something of the
 * database's was loose: the version that left it so wrote its backups the same way.
 */
export function tightenDatabaseFiles(db: string, options: { nativeBinding?: string } = {}): string | null {
  const own = databaseFiles(db);
  const lstat = statOrNull(own.database);
  if (!ours(lstat) || !lstat.isFile()) return null;
  const files = [own.database, own.wal, own.shm, `${own.database}-journal`, own.backupState, own.seal];
  // Nothing loose beside the database or in the default backup folder (the usual start): SQLite
  // is not even opened, since a reader writes to the -shm.
  const beside = backupFolderFor(own.database);
  if (![...files, ...backupsIn(beside)].some((file) => loose(file, 'file')) && !loose(beside, 'folder')) return null;

  // Reading the settings makes a -wal and -shm with the database's mode: tightened, but not news.
  const journals = [own.wal, own.shm].filter((file) => statOrNull(file) !== null);
  const folder = backupFolderOf(own.database, options.nativeBinding);
  if (folder === null) return null;
  const tightened = files.filter((file) => tighten(file, 'file') && (journals.includes(file) || (file !== own.wal && file !== own.shm)));
  const folderTightened = tighten(folder, 'folder');
  const backups = backupsIn(folder).filter((file) => tighten(file, 'file')).length;
  const inFolder = backups === 0 ? '' : `${backups} backup file${backups === 1 ? '' : 's'} in `;
  if (folderTightened || backups > 0) tightened.push(`${inFolder}the backup folder ${folder}`);
  return tightened.length === 0 ? null : `Milia Notes made its files readable by this account only: ${tightened.join(', ')}.`;
}

/** `tightenDatabaseFiles` at an entry point, the sentence passed to `say` when there is one. */
export function tightenAtStart(db: string, say: (sentence: string) => void, options: { nativeBinding?: string } = {}): void {
  const sentence = tightenDatabaseFiles(db, options);
  if (sentence !== null) say(sentence);
}
