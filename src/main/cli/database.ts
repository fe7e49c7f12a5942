/**
 * The `--db` file opened for a command: its path judged first (see paths.ts), SQLite's and
 * the start-up checks' refusals of a file that is not a Milia Notes database turned into one
 * sentence with exit status 2. A command that only reads (check, export) works on a database
 * this account may not write by reading a private copy of it.
 */
import { chmodSync, copyFileSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '@shared/errors';
import { storageFault } from '../db/faults';
import { openStore, type SqliteStore } from '../db/open';
import { checkDatabasePath, shownPath, type DatabaseAccess } from './paths';
import { UsageError } from './usage';

export interface OpenedDatabase {
  store: SqliteStore;
  /** The store is a private copy: the database itself is read-only for this account. */
  copy: boolean;
  close(): void;
}

/** SQLite's code, when SQLite raised the error. */
const sqliteCode = (error: unknown): string | undefined => (error instanceof Database.SqliteError ? error.code : undefined);

/** The error as the command line says it: a file that is not a Milia Notes database is refused as the input it is. `shown` names `file`. */
function refusal(error: unknown, file: string, shown: string): unknown {
  if (storageFault(error) === 'notadb') {
    return new UsageError(
      `${shownPath(shown)} is not a Milia Notes database (it is not a SQLite file). Give the database file, or create one with init at a new path.`,
    );
  }
  if (sqliteCode(error) === 'SQLITE_CANTOPEN') {
    return new UsageError(`${shownPath(shown)} cannot be opened as a database by this account. Give the database file, or ask IT about its permissions.`);
  }
  // Another program's file, or one from a newer version: the wrong file was given.
  if (error instanceof AppError && error.kind === 'conflict') return new UsageError(shownPath(error.message.replaceAll(file, shown)));
  if (error instanceof AppError && file !== shown) return new AppError(error.kind, error.message.replaceAll(file, shown), error.issues);
  return error;
}

function open(file: string, shown: string, options: Parameters<typeof openStore>[1] = {}): SqliteStore {
  try {
    return openStore(file, options);
  } catch (error) {
    throw refusal(error, file, shown);
  }
}

/** The database and its write-ahead log as they are, into `file`: this account's to open and write (a copy keeps a read-only original's mode). */
function copyFiles(path: string, file: string): void {
  for (const [from, to] of [
    [path, file],
    [`${path}-wal`, `${file}-wal`],
  ] as const) {
    if (!existsSync(from)) continue;
    copyFileSync(from, to);
    chmodSync(to, 0o600);
  }
}

/**
 * A copy of a database this account may only read, in a new private folder. With its
 * shared-memory file there, a connection may be writing: SQLite's online backup through a
 * read-only connection gives a consistent copy. Without it no connection is open (WAL needs
 * it), so the files are copied as they are; a read-only connection would leave a shared-memory
 * file beside the database that its owner might not be able to use. Where SQLite cannot use a
 * shared-memory file this account may not write, the files are copied too: a copy torn by a
 * writer shows as faults in `check`, and never changes the database.
 */
async function privateCopy(path: string): Promise<{ folder: string; file: string }> {
  const folder = mkdtempSync(join(tmpdir(), 'milia-read-only-'));
  const file = join(folder, basename(path));
  try {
    if (!existsSync(`${path}-shm`)) copyFiles(path, file);
    else {
      try {
        const source = new Database(path, { readonly: true, fileMustExist: true });
        try {
          source.pragma('busy_timeout = 5000');
          await source.backup(file);
        } finally {
          source.close();
        }
      } catch (error) {
        const code = sqliteCode(error);
        if (!code?.startsWith('SQLITE_READONLY') && code !== 'SQLITE_CANTOPEN') throw error;
        rmSync(file, { force: true });
        copyFiles(path, file);
      }
    }
  } catch (error) {
    rmSync(folder, { recursive: true, force: true });
    throw refusal(error, path, path);
  }
  return { folder, file };
}

/** The `--db` file for a command that needs `access` to it, opened with the start-up checks' refusals as sentences. */
export async function openDatabase(path: string, access: DatabaseAccess): Promise<OpenedDatabase> {
  const { readOnly } = checkDatabasePath(path, { access });
  if (!readOnly) {
    const store = open(path, path);
    return { store, copy: false, close: () => store.close() };
  }
  const { folder, file } = await privateCopy(path);
  const remove = () => rmSync(folder, { recursive: true, force: true });
  // Also when a reader stops early (`| head`) and the process ends at once.
  process.once('exit', remove);
  try {
    const store = open(file, path, { preMigrationBackup: () => join(folder, 'before-migration.db') });
    return {
      store,
      copy: true,
      close() {
        store.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}

/** `init`: the database created, or migrated, and closed. */
export function createOrMigrate(path: string): void {
  open(path, path, { create: true }).close();
}
