/**
 * Backups of the live database with SQLite's online backup API: a consistent copy while the
 * app (or another process) writes, made into a temporary file, turned into one self-contained
 * file (no -wal beside it), verified (integrity check, our application id, its summary),
 * flushed, and only then renamed to its name, so that a half-written or failed copy never
 * looks like a backup. Backups in the backup folder are named by time and reason, carry a
 * JSON sidecar with their summary (so a list does not open every file), and are rotated.
 * The last attempt, failed or not, is kept in a state file beside the database.
 */
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { backupReasons, type BackupEntry, type BackupReason, type BackupState, type DatabaseSummary } from '@shared/backups';
import { AppError } from '@shared/errors';
import { SettingsInput } from '@shared/schemas';
import { fileFault, isDamage, storageFault } from '../db/faults';
import { readHeader } from '../db/integrity';
import { sqliteOf, type Store } from '../db/records';
import type { AuditHead, RecordedHead } from '../db/records/auditChain';
import { newestAuditRow } from '../db/records/sqlite/auditTrail';
import { createTemporary, ensureFolder, place, writeFileDurably } from '../files/durable';
import { auditHeadIn, readStateFile, stateFileFor, updateStateFile } from '../files/stateFile';
import { currentJournal, verifyFile, type Journal } from './inspect';
import { planRotation } from './rotation';

export type Progress = (done: number, total: number) => void;
export type LastAttempt = BackupState['last'];

/** The folder beside the database that backups go to unless the settings name another. */
const defaultBackupFolderName = 'Backups';

/**
 * Where backups go: the settings' folder (relative to the database's folder when relative),
 * or `Backups` beside the database when the setting is empty.
 */
export function backupFolderFor(dbPath: string, settingsFolder = ''): string {
  const chosen = settingsFolder.trim();
  return chosen ? resolve(dirname(resolve(dbPath)), chosen) : join(dirname(resolve(dbPath)), defaultBackupFolderName);
}

/** The backup folder a database's own settings name, read from the file; '' (the default) when they cannot be read. */
export function settingsBackupFolder(sqlite: Database.Database): string {
  try {
    const row = sqlite.prepare("select value from settings where key = 'practice'").get() as { value: string } | undefined;
    return row ? (SettingsInput.safeParse(JSON.parse(row.value)).data?.backupFolder ?? '') : '';
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------
// Names

const reasonPattern = [...backupReasons].sort((a, b) => b.length - a.length).join('|');
// Milliseconds are optional: the copy made before a migration (db/open.ts) carries them.
const namePattern = new RegExp(`^milia-notes-(\\d{4}-\\d{2}-\\d{2})T(\\d{2})-(\\d{2})-(\\d{2})(?:\\.(\\d{3}))?Z-(${reasonPattern})(?:-(\\d+))?\\.db$`);

/** `milia-notes-2026-11-22T07-41-03Z-automatic.db`, with `-2`, `-3`... for later ones in the same second. */
export function backupFileName(at: Date, reason: BackupReason, sequence = 1): string {
  const stamp = at.toISOString().slice(0, 19).replaceAll(':', '-');
  return `milia-notes-${stamp}Z-${reason}${sequence > 1 ? `-${sequence}` : ''}.db`;
}

export interface ParsedName {
  at: string;
  reason: BackupReason;
  sequence: number;
}

export function parseBackupName(name: string): ParsedName | null {
  const m = namePattern.exec(name);
  if (!m) return null;
  const at = `${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5] ?? '000'}Z`;
  if (Number.isNaN(Date.parse(at))) return null;
  return { at, reason: m[6] as BackupReason, sequence: m[7] ? Number(m[7]) : 1 };
}

const newestFirst = (a: ParsedName, b: ParsedName): number => b.at.localeCompare(a.at) || b.sequence - a.sequence;

// ---------------------------------------------------------------------------------------
// The state file beside the database

/** `<db>.backup-state.json`: the last attempt, and the sign that this database existed (see `files/stateFile.ts`). */
export { stateFileFor };

export function readLastAttempt(dbPath: string): LastAttempt {
  const last = readStateFile(dbPath)?.last as Partial<NonNullable<LastAttempt>> | null | undefined;
  if (!last || typeof last.at !== 'string') return null;
  if (last.ok === true) return { at: last.at, ok: true };
  if (last.ok === false && typeof last.message === 'string') return { at: last.at, ok: false, message: last.message };
  return null;
}

function recordAttempt(dbPath: string, last: LastAttempt): void {
  updateStateFile(dbPath, { last }, { create: true });
}

/**
 * Whether a database was expected at `dbPath`: the app has run on it before (its state file
 * exists). Start-up uses it so that a missing database is never silently replaced by an
 * empty one.
 */
export const databaseExpected = (dbPath: string): boolean => existsSync(stateFileFor(dbPath));

/** Records that a database lives at `dbPath` (after it was opened or created), once. */
export function markDatabaseExpected(dbPath: string): void {
  if (!databaseExpected(dbPath)) recordAttempt(dbPath, null);
}

// ---------------------------------------------------------------------------------------
// Copying and verifying

/** A copy that failed its verification: it has been deleted. */
export class BackupCheckFailed extends AppError {
  constructor(readonly detail: string) {
    super(
      'storage',
      `The backup copy failed its check (${detail}), so it was deleted. The database itself was not changed. ` +
        'Run "check" on the database; if it reports faults, tell IT.',
    );
  }
}

/**
 * Copies every page of `source` to `target` with SQLite's online backup API. A write from
 * another connection restarts the copy; each restart copies more pages per step (a step is
 * one read transaction), so a busy database is still copied in the end.
 */
async function copyPages(source: Database.Database, target: string, onProgress?: Progress, pagesPerStep = 256): Promise<void> {
  let rate = pagesPerStep;
  let lastRemaining = Number.POSITIVE_INFINITY;
  const { totalPages } = await source.backup(target, {
    progress({ totalPages, remainingPages }) {
      onProgress?.(totalPages - remainingPages, totalPages);
      if (remainingPages >= lastRemaining) rate = Math.min(rate * 4, 0x7fffffff);
      lastRemaining = remainingPages;
      return rate;
    },
  });
  // SQLite reports only the steps before the last.
  onProgress?.(totalPages, totalPages);
}

/** The copy as one file: out of WAL mode, so that it needs nothing beside it. */
function toSingleFile(file: string): void {
  const sqlite = new Database(file, { fileMustExist: true });
  try {
    sqlite.pragma('journal_mode = DELETE');
  } finally {
    sqlite.close();
  }
}

export function removeDatabaseFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

/** Checks a finished copy whole; a copy that fails is a fault of the backup, not a refusal. */
function verifyBackup(file: string, journal: Journal = currentJournal()): DatabaseSummary {
  try {
    readHeader(file);
    return verifyFile(file, file, journal);
  } catch (error) {
    const why = error instanceof Error && 'why' in error && typeof error.why === 'string' ? error.why : null;
    const detail = why ?? (error instanceof Error ? error.message : String(error));
    throw new BackupCheckFailed(detail);
  }
}

export interface CopyOptions {
  onProgress?: Progress;
  /** A look at the finished copy before it is verified (the tests damage it here). */
  beforeVerify?: (temporary: string) => void;
  journal?: Journal;
  /** Pages copied per step at first (each step is one read transaction); 256 by default. */
  pagesPerStep?: number;
}

/**
 * A consistent, verified copy of `source` at `target`, written into a new temporary file beside
 * it (SQLite's backup fills the empty file) and placed once verified: `target` is either the
 * whole backup or untouched.
 */
export async function backupTo(source: Database.Database, target: string, options: CopyOptions = {}): Promise<DatabaseSummary> {
  const full = resolve(target);
  const temporary = createTemporary(full);
  try {
    await copyPages(source, temporary, options.onProgress, options.pagesPerStep);
    toSingleFile(temporary);
    options.beforeVerify?.(temporary);
    const summary = verifyBackup(temporary, options.journal);
    place(temporary, full);
    return summary;
  } catch (error) {
    removeDatabaseFiles(temporary);
    throw error;
  }
}

// ---------------------------------------------------------------------------------------
// The backup folder

interface Sidecar {
  format: 'milia-notes-backup/1';
  at: string;
  reason: BackupReason;
  size: number;
  summary: DatabaseSummary;
  /** The newest audit row the backup holds: removing rows from the live trail is caught against it too. */
  auditHead?: AuditHead;
}

const sidecarFor = (file: string): string => `${file}.json`;

/** The newest audit row of a backup file (not in WAL mode), read-only; null when it has none or cannot be read. */
function auditHeadOfFile(file: string): AuditHead | null {
  try {
    const sqlite = new Database(file, { readonly: true, fileMustExist: true });
    try {
      return newestAuditRow(sqlite);
    } finally {
      sqlite.close();
    }
  } catch {
    return null;
  }
}

function writeSidecar(entry: BackupEntry): void {
  const sidecar: Sidecar = {
    format: 'milia-notes-backup/1',
    at: entry.at,
    reason: entry.reason,
    size: entry.size,
    summary: entry.summary,
    auditHead: auditHeadOfFile(entry.file) ?? undefined,
  };
  writeFileDurably(sidecarFor(entry.file), `${JSON.stringify(sidecar, null, 2)}\n`);
}

function readSidecar(file: string, size: number): DatabaseSummary | null {
  try {
    const sidecar = JSON.parse(readFileSync(sidecarFor(file), 'utf8')) as Partial<Sidecar>;
    const s = sidecar.summary;
    if (sidecar.format !== 'milia-notes-backup/1' || sidecar.size !== size || !s || typeof s.schemaVersion !== 'number' || typeof s.counts !== 'object')
      return null;
    return s;
  } catch {
    return null;
  }
}

/** Every file in `folder` named like a backup, newest first, without opening any. */
function backupFilesIn(folder: string): Array<ParsedName & { file: string }> {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const found: Array<ParsedName & { file: string }> = [];
  for (const name of names) {
    const parsed = parseBackupName(name);
    if (parsed) found.push({ ...parsed, file: join(folder, name) });
  }
  return found.sort(newestFirst);
}

/**
 * The audit heads recorded outside the database at `dbPath`: in the state file beside it, and in
 * the sidecar of each backup in `folder` (from the sidecars alone, opening no backup).
 */
export function recordedAuditHeads(dbPath: string, folder: string): RecordedHead[] {
  const heads: RecordedHead[] = [];
  const state = auditHeadIn(readStateFile(dbPath));
  if (state) heads.push({ ...state, where: 'the state file beside the database' });
  for (const found of backupFilesIn(folder)) {
    let sidecar: Record<string, unknown> | null = null;
    try {
      sidecar = JSON.parse(readFileSync(sidecarFor(found.file), 'utf8')) as Record<string, unknown>;
    } catch {
      continue;
    }
    const head = auditHeadIn(sidecar);
    if (head) heads.push({ ...head, where: `the backup ${basename(found.file)}`, takenAt: found.at });
  }
  return heads;
}

/**
 * What a file holds, for any file: one in WAL mode is checked through a copy, since SQLite
 * creates files beside a WAL database even when it only reads it.
 */
export function inspectFile(file: string, journal: Journal = currentJournal()): DatabaseSummary {
  const header = readHeader(file);
  if (!header.wal) return verifyFile(file, file, journal);
  const folder = mkdtempSync(join(tmpdir(), 'milia-inspect-'));
  try {
    const copy = join(folder, 'copy.db');
    copyFileSync(file, copy);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${copy}-wal`);
    return verifyFile(copy, file, journal);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The verified backups in `folder`, newest first. Their summaries come from the sidecars;
 * a backup without one (copied in by hand, or a crash before it was written) is verified once
 * and gets one. A file named like a backup that fails verification is not listed.
 */
export function listBackups(folder: string, journal?: Journal): BackupEntry[] {
  const entries: BackupEntry[] = [];
  for (const found of backupFilesIn(folder)) {
    let size: number;
    try {
      const stat = statSync(found.file);
      if (!stat.isFile()) continue;
      size = stat.size;
    } catch {
      continue;
    }
    let summary = readSidecar(found.file, size);
    if (!summary) {
      try {
        summary = inspectFile(found.file, journal ?? currentJournal());
      } catch {
        continue;
      }
      const entry: BackupEntry = { file: found.file, at: found.at, reason: found.reason, size, summary };
      try {
        writeSidecar(entry);
      } catch {
        // A read-only folder still lists; the file is verified again next time.
      }
    }
    entries.push({ file: found.file, at: found.at, reason: found.reason, size, summary });
  }
  return entries;
}

/**
 * The newest backup in `folder` that passes a full check now (not only its sidecar): the one
 * to offer when the database is missing or damaged at start-up. Null when there is none.
 */
export function newestGoodBackup(folder: string, journal?: Journal): BackupEntry | null {
  const known = journal ?? currentJournal();
  for (const entry of listBackups(folder, known)) {
    try {
      const summary = inspectFile(entry.file, known);
      return { ...entry, summary };
    } catch {
      // Damaged since it was listed: try the next one.
    }
  }
  return null;
}

/** Applies the rotation to `folder`: deletes the backups it does not keep, with their sidecars. */
function rotateFolder(folder: string, now: Date): string[] {
  const plan = planRotation(backupFilesIn(folder), now);
  const removed: string[] = [];
  for (const old of plan.remove) {
    try {
      rmSync(old.file, { force: true });
      rmSync(sidecarFor(old.file), { force: true });
      removed.push(old.file);
    } catch {
      // Left for the next rotation.
    }
  }
  return removed;
}

/** Temporary files of backups that never finished (a crash, a power cut), older than a day. */
function removeStaleTemporaries(folder: string, now: Date): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!/^\.milia-notes-.*\.tmp(-journal|-wal|-shm)?$/.test(name)) continue;
    const file = join(folder, name);
    try {
      if (now.getTime() - statSync(file).mtimeMs > 24 * 60 * 60 * 1000) rmSync(file, { force: true });
    } catch {
      // Someone else's business now.
    }
  }
}

/** A failed backup in words fit to show: what went wrong and what to do. */
function describeBackupFailure(error: unknown, folder: string): string {
  if (error instanceof AppError) return error.message;
  const text = error instanceof Error ? error.message : String(error);
  if (isDamage(error)) return `The database is damaged (SQLite says: ${text}), so no backup could be made. Run "check" on it, and tell IT.`;
  const sqlite = storageFault(error);
  const file = fileFault(error);
  if (file === 'notfolder') {
    return `The backup folder ${folder} is a file, not a folder, so no backup was made. Choose another backup folder in Settings, or move that file away.`;
  }
  if (file === 'full' || sqlite === 'full') {
    return `The disk holding the backup folder ${folder} is full, so no backup was made. Free some space, or choose another backup folder in Settings.`;
  }
  if (file === 'denied' || sqlite === 'readonly') {
    return `Milia Notes may not write to the backup folder ${folder}, so no backup was made. Choose another backup folder in Settings, or ask IT about its permissions.`;
  }
  if (file === 'missing') return `The backup folder ${folder} cannot be reached (is its drive or network share connected?), so no backup was made.`;
  return `The backup failed (${text}). Try again; if it fails again, tell IT.`;
}

export interface FolderBackupOptions extends CopyOptions {
  now?: () => Date;
}

/**
 * One backup of the database at `dbPath` (open as `source`) into `folder`: copied and
 * verified, described in its sidecar, the folder rotated, and the attempt recorded in the
 * state file. A failure is recorded too, and thrown as an AppError with a plain message.
 */
export async function backupIntoFolder(
  source: Database.Database | Store,
  dbPath: string,
  folder: string,
  reason: BackupReason,
  options: FolderBackupOptions = {},
): Promise<BackupEntry> {
  const now = options.now ?? (() => new Date());
  const at = now();
  try {
    ensureFolder(folder);
    removeStaleTemporaries(folder, at);
    // A second backup in the same second (any reason) is numbered after the first, so that
    // the newest of a second is known.
    const second = parseBackupName(backupFileName(at, reason))!.at;
    const sequence =
      1 +
      Math.max(
        0,
        ...backupFilesIn(folder)
          .filter((b) => b.at === second)
          .map((b) => b.sequence),
      );
    const file = join(folder, backupFileName(at, reason, sequence));
    if (existsSync(file)) throw new AppError('conflict', `A backup named ${basename(file)} is already there. Try again in a moment.`);
    const summary = await backupTo(source instanceof Database ? source : sqliteOf(source), file, options);
    const parsed = parseBackupName(basename(file))!;
    const entry: BackupEntry = { file, at: parsed.at, reason, size: statSync(file).size, summary };
    writeSidecar(entry);
    rotateFolder(folder, now());
    recordAttempt(dbPath, { at: at.toISOString(), ok: true });
    return entry;
  } catch (error) {
    const message = describeBackupFailure(error, folder);
    try {
      recordAttempt(dbPath, { at: at.toISOString(), ok: false, message });
    } catch {
      // The database's own folder is not writable: the error below says enough.
    }
    throw error instanceof AppError ? error : Object.assign(new AppError('storage', message), { cause: error });
  }
}
