/**
 * Files written all or nothing, and durably: the data goes into a temporary file beside the
 * target, created exclusively (O_EXCL, so a file or symbolic link planted at that name is
 * never opened, and the name is random so none can be planted in advance) and readable by
 * this user only; it is flushed to disk, renamed over the target (replacing a symbolic link
 * there, never writing through it), and the folder is flushed so that the rename survives a
 * power cut. A crash or a full disk midway leaves the old file (or none), never half of the
 * new one. Also where an output path is judged before anything is written to it.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  constants,
  copyFileSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readlinkSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { AppError } from '@shared/errors';
import { privateFile, privateFolder } from './modes';

type Piece = string | Uint8Array;

/** A new file with a random name beside `target` (`.<name>.<random>.tmp`), created exclusively, open for writing. */
function openTemporary(target: string): { temporary: string; fd: number } {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  return { temporary, fd: openSync(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, privateFile) };
}

/**
 * Creates an empty temporary file beside `target` and returns its path: for a writer that
 * fills it itself (SQLite's backup, VACUUM INTO, a copy); `place` then puts it where it belongs.
 */
export function createTemporary(target: string): string {
  const { temporary, fd } = openTemporary(resolve(target));
  closeSync(fd);
  return temporary;
}

/** Flushes a file's data to disk. */
function syncFile(file: string): void {
  // Windows flushes only a file open for writing.
  const fd = openSync(file, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Makes a rename or a new name in `folder` durable. Windows cannot open a folder, and needs no flush for it. */
function syncFolder(folder: string): void {
  let fd: number;
  try {
    fd = openSync(folder, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // Some file systems (network shares) refuse to flush a folder; the rename is still atomic.
  } finally {
    closeSync(fd);
  }
}

/** What kind of thing a non-regular file is, in words. */
function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a named pipe';
  if (stats.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Refuses to replace anything but a regular file or a symbolic link (which the rename replaces
 * as a link): a rename over a device node would replace the node itself.
 */
function assertReplaceable(target: string): void {
  let stats: Stats;
  try {
    stats = lstatSync(target);
  } catch {
    return;
  }
  if (!stats.isFile() && !stats.isSymbolicLink()) {
    throw new AppError('validation', `${target} is ${kindOf(stats)}, not a file, so it was not replaced. Choose a file name.`);
  }
}

/**
 * Puts a finished temporary file (from `createTemporary`) at `target`: flushed, renamed, the
 * folder flushed. On failure the temporary file is removed and `target` is as it was.
 */
export function place(temporary: string, target: string): void {
  const full = resolve(target);
  try {
    assertReplaceable(full);
    // A copy made into it (copyFile) takes its source's mode: the file is this user's again.
    chmodSync(temporary, privateFile);
    syncFile(temporary);
    renameSync(temporary, full);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  syncFolder(dirname(full));
}

const bytesOf = (piece: Piece): Uint8Array => (typeof piece === 'string' ? Buffer.from(piece, 'utf8') : piece);

/** Writes a piece whole; returns its length in bytes. */
function writeAll(fd: number, piece: Piece): number {
  const bytes = bytesOf(piece);
  for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
  return bytes.length;
}

/** Fills a new temporary file beside `target` and places it; removes it on failure. */
function writeThrough(target: string, fill: (fd: number) => void): void {
  const full = resolve(target);
  assertReplaceable(full);
  const { temporary, fd } = openTemporary(full);
  try {
    try {
      fill(fd);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  place(temporary, full);
}

/** Writes text or bytes (or pieces of them, joined in writes of about 1 MB) to `target`, all or nothing. */
export function writeFileDurably(target: string, data: Piece | Iterable<Piece>): void {
  writeThrough(target, (fd) => {
    if (typeof data === 'string' || data instanceof Uint8Array) {
      writeAll(fd, data);
      return;
    }
    let buffered: Piece[] = [];
    let size = 0;
    const flush = () => {
      writeAll(fd, Buffer.concat(buffered.map(bytesOf)));
      buffered = [];
      size = 0;
    };
    for (const piece of data) {
      buffered.push(piece);
      size += piece.length;
      if (size >= 1 << 20) flush();
    }
    flush();
  });
}

/** Writes pieces as they come to an open file; resolves to the bytes written. */
async function writePieces(fd: number, pieces: AsyncIterable<Piece> | Iterable<Piece>): Promise<number> {
  let size = 0;
  for await (const piece of pieces) size += writeAll(fd, piece);
  return size;
}

/**
 * Fills a temporary file from `createTemporary` with pieces as they come (an export a worker
 * thread writes while the app's process waits to place it); resolves to its size in bytes.
 * Never through a symbolic link put at its name meanwhile.
 */
export async function fillTemporary(temporary: string, pieces: AsyncIterable<Piece>): Promise<number> {
  const fd = openSync(temporary, constants.O_WRONLY | constants.O_TRUNC | (constants.O_NOFOLLOW ?? 0));
  try {
    return await writePieces(fd, pieces);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file that `fill` writes into a temporary file beside `target` (an export written as it is
 * made), put at `target` once `fill` is done; if `fill` fails, the temporary file is removed and
 * `target` is as it was. Resolves to what `fill` resolves to.
 */
export async function placeFilled<T>(target: string, fill: (temporary: string) => Promise<T>): Promise<T> {
  const temporary = createTemporary(target);
  let filled: T;
  try {
    filled = await fill(temporary);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  place(temporary, target);
  return filled;
}

/** A copy of `source` at `target`, all or nothing. */
export function copyFileDurably(source: string, target: string): void {
  const full = resolve(target);
  assertReplaceable(full);
  const temporary = createTemporary(full);
  try {
    copyFileSync(source, temporary);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
  place(temporary, full);
}

/** Creates `folder` (and its parents) if needed, for this user only; a file in its place is an ENOTDIR error. */
export function ensureFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true, mode: privateFolder });
  } catch (error) {
    if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
  }
  if (!statSync(folder).isDirectory()) throw Object.assign(new Error(`${folder} is not a folder`), { code: 'ENOTDIR' });
}

// ---------------------------------------------------------------------------------------
// Output paths

/** The files that belong to the database at `database`, beside it. */
export const databaseFiles = (database: string) => {
  const db = resolve(database);
  return { database: db, wal: `${db}-wal`, shm: `${db}-shm`, backupState: `${db}.backup-state.json`, seal: `${db}-checked` };
};

/** Why an output path is refused. */
export type OutputRefusal =
  | { reason: 'database' | 'wal' | 'shm' | 'backupState' | 'seal' }
  | { reason: 'special'; kind: string }
  | { reason: 'folder' }
  | { reason: 'noFolder' | 'notFolder'; folder: string };

/**
 * The path with every symbolic link resolved: the file's own (followed by hand when it points
 * at nothing yet, as a link to a -wal that comes and goes does) and its folders'.
 */
function canonical(path: string, hops = 0): string {
  const full = resolve(path);
  try {
    return realpathSync.native(full);
  } catch {
    // Not there, or a link to something that is not there.
  }
  try {
    if (hops < 16 && lstatSync(full).isSymbolicLink()) return canonical(resolve(dirname(full), readlinkSync(full)), hops + 1);
  } catch {
    // Not there at all.
  }
  try {
    return join(realpathSync.native(dirname(full)), basename(full));
  } catch {
    return full;
  }
}

const sameFile = (a: Stats | null, b: Stats | null): boolean => a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;

const statOrNull = (path: string): Stats | null => {
  try {
    return statSync(path);
  } catch {
    return null;
  }
};

/**
 * Whether a file may be written at `path` by the durable writer: not the database nor one of
 * its own files (compared after resolving symbolic links, and by identity where they exist),
 * not a folder, device, pipe or socket, and in a folder that exists. A symbolic link to a
 * regular file is allowed: the rename replaces the link, and the file it pointed to is not
 * touched. Null when the path is fine.
 */
export function checkOutputPath(path: string, options: { databasePath: string }): OutputRefusal | null {
  const full = resolve(path);
  const target = canonical(full);
  const targetStats = statOrNull(full);
  const owned = databaseFiles(options.databasePath);
  for (const reason of ['database', 'wal', 'shm', 'backupState', 'seal'] as const) {
    const file = owned[reason];
    if (canonical(file) === target || sameFile(statOrNull(file), targetStats)) return { reason };
  }
  const folder = dirname(full);
  const folderStats = statOrNull(folder);
  if (!folderStats) return { reason: 'noFolder', folder };
  if (!folderStats.isDirectory()) return { reason: 'notFolder', folder };
  if (targetStats?.isDirectory()) return { reason: 'folder' };
  if (targetStats && !targetStats.isFile()) return { reason: 'special', kind: kindOf(targetStats) };
  return null;
}
