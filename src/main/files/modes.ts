/**
 * Files only for their owner: what Milia Notes writes names patients, so its files are made
 * 0600 and its folders 0700, and the process's umask is 077 as a second guard for what other
 * code creates (SQLite's -wal and -shm, Electron's own files). On Windows the modes mean
 * nothing (chmod only sets the read-only flag there): the data lives in the user's profile,
 * which Windows keeps private to the account, so these are no-ops in effect.
 */
import { closeSync, openSync } from 'node:fs';

export const privateFile = 0o600;
export const privateFolder = 0o700;

/** Sets the umask to 077 at an entry point (never in a worker thread, where Node refuses it). */
export function restrictNewFiles(): void {
  if (process.platform !== 'win32') process.umask(0o077);
}

/**
 * Creates an empty file for this user only, if nothing is at `path`. SQLite would create a new
 * database 0644, and its -wal and -shm take the database file's mode, so the file is made
 * before SQLite opens it. Any failure is left for SQLite to report in its own terms.
 */
export function createPrivateFile(path: string): void {
  try {
    closeSync(openSync(path, 'wx', privateFile));
  } catch {
    // There already (made meanwhile), or not creatable: SQLite says which when it opens it.
  }
}
