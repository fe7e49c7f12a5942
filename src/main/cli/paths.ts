/**
 * What a path given to the command line names, judged before it is opened: each problem
 * (missing, a folder, a device, a named pipe, empty, not readable or writable by this
 * account, a path through a file) is one sentence with exit status 2, the path shown with its
 * control characters escaped. Opening a device or a pipe as a database would hang or fail
 * with SQLite's own words.
 */
import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { dirname } from 'node:path';
import { printable } from './json';
import { UsageError } from './usage';

/** A path as the sentences show it. */
export const shownPath = printable;

/** Quotes a path for a shell when it needs it (the default one has a space), so that a command a message suggests can be pasted. */
export const shellPath = (path: string): string => (/^[\w@%+=:,./-]+$/.test(path) ? path : `"${path.replaceAll('"', '\\"')}"`);

/** `a device`, `a named pipe`… for what is there that is neither a file nor a folder. */
function kindOf(stats: Stats): string {
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

const errorCode = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

/** Whether this account may do `mode` (constants.R_OK, W_OK) on `path`. */
function may(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/**
 * What is at `path`: its stats, or null when nothing is there. A path through a file, or
 * through a folder this account may not enter, is refused here.
 */
function statOf(path: string, remedy: string): Stats | null {
  try {
    return statSync(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') throw new UsageError(`${shownPath(path)} cannot exist: a part of that path is a file, not a folder. ${remedy}`);
    if (code === 'EACCES' || code === 'EPERM') {
      throw new UsageError(`${shownPath(path)} cannot be reached: this account may not open a folder on that path. ${remedy}`);
    }
    if (code === 'ENAMETOOLONG' || code === 'ELOOP') throw new UsageError(`${shownPath(path)} is not a usable path (too long, or a loop of links). ${remedy}`);
    throw error;
  }
}

/** The sentence's end for a `--db` problem. */
const giveDatabase = 'Give the database file, or create one with init at a new path.';

export type DatabaseAccess = 'write' | 'read';

/**
 * The `--db` file as a command needs it: `create` (init) lets a missing file through; every
 * other command needs a regular, non-empty file this account may read, and write unless the
 * command only reads. Resolves to whether the file (or its folder) is read-only for this
 * account, which a reading command then works around.
 */
export function checkDatabasePath(
  path: string,
  { create = false, access = 'write' }: { create?: boolean; access?: DatabaseAccess } = {},
): { readOnly: boolean } {
  const stats = statOf(path, giveDatabase);
  if (stats === null) {
    if (create) return { readOnly: false };
    throw new UsageError(`There is no database at ${shownPath(path)}. Create one with: npm run cli -- init --db ${shownPath(shellPath(path))}`);
  }
  if (stats.isDirectory())
    throw new UsageError(`${shownPath(path)} is a folder, not a database. Give the database file inside it, or create one with init at a new path.`);
  if (!stats.isFile()) throw new UsageError(`${shownPath(path)} is ${kindOf(stats)}, not a database. ${giveDatabase}`);
  if (stats.size === 0) throw new UsageError(`${shownPath(path)} is empty (0 bytes), so it is not a Milia Notes database. ${giveDatabase}`);
  if (!may(path, constants.R_OK)) {
    throw new UsageError(
      `${shownPath(path)} may not be read by this account (permission denied). Ask IT about its permissions, or run the command as the account that owns it.`,
    );
  }
  const readOnly = !may(path, constants.W_OK) || !may(dirname(path), constants.W_OK);
  if (readOnly && access === 'write') {
    const which = may(path, constants.W_OK) ? `its folder ${shownPath(dirname(path))} is` : 'it is';
    throw new UsageError(
      `${shownPath(path)} cannot be changed: ${which} read-only for this account. Ask IT about its permissions; check and export work on it as it is.`,
    );
  }
  return { readOnly };
}

/**
 * A file the command reads (an import, a backup to restore, a call's input): it must be there
 * and readable, not a folder. `streams` lets a device or a named pipe through, for a reader
 * that stops at a size limit. `option` names what gave the path (`--input`) for the remedy.
 */
export function checkInputPath(path: string, { option, streams = false }: { option: string; streams?: boolean }): Stats {
  const remedy = `Check the path given to ${option}.`;
  const stats = statOf(path, remedy);
  if (stats === null) throw new UsageError(`There is no file at ${shownPath(path)}. ${remedy}`);
  if (stats.isDirectory()) throw new UsageError(`${shownPath(path)} is a folder. Give ${option} the file inside it.`);
  if (!stats.isFile() && !(streams && (stats.isCharacterDevice() || stats.isFIFO()))) {
    throw new UsageError(`${shownPath(path)} is ${kindOf(stats)}, not a file. ${remedy}`);
  }
  if (!may(path, constants.R_OK)) {
    throw new UsageError(
      `${shownPath(path)} may not be read by this account (permission denied). Ask IT about its permissions, or copy the file somewhere this account can read.`,
    );
  }
  return stats;
}
