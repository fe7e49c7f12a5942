/**
 * Storage faults, told apart by their error codes alone: SQLite's result codes (as
 * better-sqlite3's `SqliteError.code` carries them), the practice server's SQLSTATEs (as
 * node-postgres's `DatabaseError.code` carries them), and Node's file-system and socket codes. A
 * message's wording is never read: it changes between versions and can be any text. Each fault
 * has one plain sentence for the user.
 */
import Database from 'better-sqlite3';

/**
 * An error the practice server raised, with its SQLSTATE: node-postgres's `DatabaseError`, told
 * by its shape (a severity and a five-character code) so that the single-file app never loads
 * the driver to read its own errors.
 */
const isServerError = (e: unknown): e is Error & { code: string } =>
  e instanceof Error && 'severity' in e && 'code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code);

/**
 * A unit's connection to the practice server that ended under it. node-postgres says so only in
 * words ("Connection terminated unexpectedly"), with no code, when the end reaches a query
 * before the server's reason does: the record layer, which saw the connection end, says it here.
 */
export class ConnectionLost extends Error {
  constructor(cause: unknown) {
    super('The connection to the practice server ended during the work.', { cause });
    this.name = 'ConnectionLost';
  }
}

/**
 * What went wrong with the database, or null for anything that is not a storage fault. The
 * practice server's own: `unreachable` (it cannot be reached, or it dropped the connection),
 * `signin` (it refused this computer's database user), `serverfull` (its disk is full).
 */
export type StorageFault = 'damaged' | 'busy' | 'full' | 'readonly' | 'notadb' | 'unreachable' | 'signin' | 'serverfull';

/** What went wrong with a file being written (an export, a handout, a backup's folder). */
export type FileFault = 'full' | 'denied' | 'missing' | 'notfolder';

/**
 * The error and the errors it wraps (drizzle wraps SQLite's in a query error's `cause`),
 * outermost first.
 */
function* chain(error: unknown): Generator<unknown> {
  for (let depth = 0; depth < 8 && error !== undefined && error !== null; depth++) {
    yield error;
    error = error instanceof Error ? error.cause : undefined;
  }
}

/**
 * SQLite's code for an error SQLite raised (its extended codes start with the primary one);
 * what the worker thread carries back of such an error.
 */
export function sqliteCode(error: unknown): string | null {
  for (const e of chain(error)) if (e instanceof Database.SqliteError && typeof e.code === 'string') return e.code;
  return null;
}

/** SQLite's error made again on the app's side from what the worker thread carried back, so that its fault is told as if raised here. */
export const sqliteErrorAgain = (message: string, code: string): Error => new Database.SqliteError(message, code);

const hasPrimary = (code: string, primary: string): boolean => code === primary || code.startsWith(`${primary}_`);

/**
 * Node's codes for a connection to the server that could not be made or was cut (node-postgres
 * passes its socket's errors on): refused, reset, timed out, no route, and a server name that is
 * not known or could not be looked up (no name server reachable: EAI_AGAIN).
 */
const socketCodes: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * The fault an error from the practice server, or from the connection to it, stands for: the
 * server's SQLSTATE (class 08, connection exceptions; 57P, the server shutting down, restarting
 * or ending the session), or Node's code for the socket.
 */
function serverFault(error: unknown): StorageFault | null {
  for (const e of chain(error)) {
    if (isServerError(e)) {
      const code = e.code;
      if (code.startsWith('08') || code.startsWith('57P')) return 'unreachable';
      if (code === '28P01' || code === '28000') return 'signin';
      if (code === '53100') return 'serverfull';
      return null;
    }
    if (e instanceof Database.SqliteError) return null;
    if (e instanceof ConnectionLost) return 'unreachable';
    // The server asked for a password and none was given: the driver says so in words alone.
    if (e instanceof Error && !('code' in e) && e.message.startsWith('SASL: ')) return 'signin';
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && socketCodes.has(e.code)) return 'unreachable';
  }
  return null;
}

/**
 * The fault an error from SQLite stands for. A read that fails (SQLITE_IOERR_READ, or
 * SQLITE_IOERR_SHORT_READ for a file cut short) means pages that cannot be read: damage. Other
 * I/O errors (a failing write or flush) say nothing certain about the file and stay unclassified.
 * An error from the practice server stands for its own faults (`serverFault`).
 */
export function storageFault(error: unknown): StorageFault | null {
  const code = sqliteCode(error);
  if (code === null) return serverFault(error);
  if (hasPrimary(code, 'SQLITE_CORRUPT') || code === 'SQLITE_IOERR_READ' || code === 'SQLITE_IOERR_SHORT_READ') return 'damaged';
  if (code === 'SQLITE_NOTADB') return 'notadb';
  if (hasPrimary(code, 'SQLITE_BUSY') || hasPrimary(code, 'SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL') return 'full';
  if (hasPrimary(code, 'SQLITE_READONLY')) return 'readonly';
  return null;
}

/**
 * How our triggers' refusals begin (`RAISE(ABORT, 'Milia Notes: …')` in drizzle/, `RAISE
 * EXCEPTION` in drizzle/pg/0002 in the same words); the rest is a sentence for the user.
 */
const triggerPrefix = 'Milia Notes: ';

/** SQLite's code for a trigger's RAISE(ABORT), and the server's for a RAISE EXCEPTION without a code of its own (raise_exception). */
const isTriggerError = (e: unknown): e is Error =>
  (e instanceof Database.SqliteError && e.code === 'SQLITE_CONSTRAINT_TRIGGER') || (isServerError(e) && e.code === 'P0001');

/**
 * The sentence of a refusal by one of our triggers (a signed visit or addendum changed, the
 * audit trail edited), capitalised, or null for any other error. It is the one message read
 * here: its words are ours, written with the trigger, and its code alone cannot tell our
 * refusal from another constraint (or, on the server, from another function's exception).
 */
export function triggerRefusal(error: unknown): string | null {
  for (const e of chain(error)) {
    if (isTriggerError(e) && e.message.startsWith(triggerPrefix)) {
      const sentence = e.message.slice(triggerPrefix.length);
      return sentence.charAt(0).toUpperCase() + sentence.slice(1);
    }
  }
  return null;
}

/** The file cannot be used as a database at all, or parts of it cannot be read. */
export const isDamage = (error: unknown): boolean => {
  const fault = storageFault(error);
  return fault === 'damaged' || fault === 'notadb';
};

/** Node's code for a failed file operation. */
function nodeCode(error: unknown): string | null {
  for (const e of chain(error)) {
    if (e instanceof Database.SqliteError) return null;
    if (e instanceof Error && 'code' in e && typeof e.code === 'string' && /^E[A-Z]+$/.test(e.code)) return e.code;
  }
  return null;
}

/** The fault a failed file operation stands for, from Node's code. */
export function fileFault(error: unknown): FileFault | null {
  switch (nodeCode(error)) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'full';
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return 'denied';
    case 'ENOENT':
      return 'missing';
    case 'ENOTDIR':
      return 'notfolder';
    default:
      return null;
  }
}

/**
 * The sentence for a fault of the database in use. `file` names it where the user must pick
 * another file (a `--db` that is not a database).
 */
export function storageFaultMessage(fault: StorageFault, file = 'The database file'): string {
  switch (fault) {
    case 'damaged':
      return 'The database is damaged, so nothing was saved. Run "check" on it, and restore the newest good backup (Settings → Backups).';
    case 'busy':
      return 'The database is busy with another task. Try again in a moment.';
    case 'full':
      return 'The disk is full, so nothing was saved. Free some space and try again.';
    case 'readonly':
      return 'The database file is read-only, so nothing was saved. Ask IT to check its permissions.';
    case 'notadb':
      return `${file} is not a Milia Notes database, or it is damaged. Choose the right file.`;
    case 'unreachable':
      return 'The practice server cannot be reached, so nothing was saved. Check the network connection and try again; if it persists, ask IT whether the server is running.';
    case 'signin':
      return "The practice server refused this computer's sign-in, so nothing was saved. Ask IT to check the database user and password this computer connects with.";
    case 'serverfull':
      return "The practice server's disk is full, so nothing was saved. Ask IT to free some space on the server.";
  }
}

/** The sentence for a fault of a file being written. */
export function fileFaultMessage(fault: FileFault): string {
  switch (fault) {
    case 'full':
      return 'The disk is full, so the file was not written. Free some space and try again.';
    case 'denied':
      return 'Milia Notes may not write to that folder. Choose another folder, or ask IT about its permissions.';
    case 'missing':
      return 'That folder no longer exists. Choose another folder and try again.';
    case 'notfolder':
      return 'That folder is a file, so nothing was written there. Choose another folder and try again.';
  }
}
