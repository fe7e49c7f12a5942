/**
 * Restoring a database file over the live one: the file is checked first (a readable SQLite
 * file, ours, not from a newer version, intact) through a copy beside the live database, the
 * live database is kept (a verified backup with reason 'before-restore'; the raw bytes when
 * it is too damaged for that), and the checked copy is renamed over the live path. A refusal
 * or a failure before the rename changes nothing. The caller closes its connection first:
 * a database that is still open somewhere is refused.
 */
import { copyFileSync, existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { DatabaseSummary, RestoreResult } from '@shared/backups';
import { AppError } from '@shared/errors';
import type { Actor } from '@shared/types';
import { isDamage, storageFault } from '../db/faults';
import { damagedFile, readHeader } from '../db/integrity';
import { actorLabel } from '../db/records/labels';
import { appendAuditRow, hasChain, newestAuditRow } from '../db/records/sqlite/auditTrail';
import { copyFileDurably, createTemporary, ensureFolder, place } from '../files/durable';
import { writeAuditHead } from '../files/stateFile';
import { BackupCheckFailed, backupFileName, backupFolderFor, backupIntoFolder, removeDatabaseFiles, settingsBackupFolder, type Progress } from './backup';
import { currentJournal, verifyOpen, type Journal } from './inspect';

export interface RestoreOptions {
  /**
   * Where the current database is kept. Left out, the backup folder of the live database's
   * own settings (or `Backups` beside it).
   */
  folder?: string;
  /** Recorded in the restored database's audit log. */
  actor?: Actor;
  now?: () => Date;
  /** Pages of the copy of the current database. */
  onProgress?: Progress;
  journal?: Journal;
}

/**
 * Opens the live database with an exclusive lock, held until it is released: a database that
 * another connection (the app, the browser mode) has open is refused. Null when the file is too
 * damaged for SQLite to lock it.
 */
function lockLive(livePath: string): Database.Database | null {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(livePath, { fileMustExist: true, timeout: 0 });
  } catch (error) {
    if (isDamage(error)) return null;
    throw error;
  }
  try {
    sqlite.pragma('locking_mode = EXCLUSIVE');
    sqlite.exec('BEGIN EXCLUSIVE; COMMIT');
    return sqlite;
  } catch (error) {
    sqlite.close();
    if (storageFault(error) === 'busy') {
      throw new AppError(
        'conflict',
        `${livePath} is open in Milia Notes or another program, so it was not replaced. Close Milia Notes (and its browser mode), then restore again. Nothing was changed.`,
      );
    }
    if (isDamage(error)) return null;
    throw error;
  }
}

/** The live database's bytes as they are, for one too damaged to back up. */
function keepDamaged(livePath: string, folder: string, at: Date): string {
  ensureFolder(folder);
  const target = join(folder, backupFileName(at, 'before-restore').replace(/\.db$/, '.damaged.db'));
  // The log first: the file is never found without the changes that belong to it.
  for (const suffix of ['-wal', '']) {
    if (existsSync(`${livePath}${suffix}`)) copyFileDurably(`${livePath}${suffix}`, `${target}${suffix}`);
  }
  return target;
}

/**
 * Records the restore in the restored database itself, sealed onto its audit chain. A schema
 * older than the chain gets a row of its own shape, sealed with the rows before it when the
 * migrated database is first opened: `check` knows by it that backups taken before it belong
 * to the history the restore replaced.
 */
function auditRestore(sqlite: Database.Database, actor: Actor, file: string, at: Date): void {
  const detail = `restored from ${basename(file)}`;
  try {
    if (hasChain(sqlite)) appendAuditRow(sqlite, { actor, action: 'restore', entity: 'database', entityId: null, detail }, at.toISOString());
    else
      sqlite
        .prepare('insert into audit_log (at, actor, action, entity, entity_id, detail) values (?, ?, ?, ?, ?, ?)')
        .run(at.toISOString(), actorLabel(actor), 'restore', 'database', null, detail);
  } catch {
    // Not a reason to refuse a backup that is otherwise sound.
  }
}

/**
 * Checks `file` and restores it over the database at `livePath` (its connection closed by the
 * caller). Resolves to what the restored database holds and where the previous one was kept
 * ('' when there was none). Refusals are AppErrors of kind 'validation' (the file) or
 * 'conflict' (the database is still open); either way nothing has changed.
 */
export async function restoreDatabase(livePath: string, file: string, options: RestoreOptions = {}): Promise<RestoreResult> {
  const live = resolve(livePath);
  const chosen = resolve(file);
  const now = options.now ?? (() => new Date());
  const journal = options.journal ?? currentJournal();

  // The file first: nothing is touched for a file that will be refused.
  const header = readHeader(chosen, file);
  if (chosen === live) throw new AppError('validation', `${file} is the database itself. Choose a backup to restore from; nothing was changed.`);
  if (!existsSync(dirname(live)) || !statSync(dirname(live)).isDirectory()) {
    throw new AppError('validation', `The folder of the database, ${dirname(live)}, does not exist. Check the database path; nothing was changed.`);
  }

  // Checked through a copy beside the live database, which is what will be renamed over it.
  const temporary = createTemporary(live);
  let copy: Database.Database | null = null;
  let held: Database.Database | null = null;
  try {
    copyFileSync(chosen, temporary);
    // Changes still in the file's write-ahead log belong to it.
    if (header.wal && existsSync(`${chosen}-wal`)) copyFileSync(`${chosen}-wal`, `${temporary}-wal`);
    let restored: DatabaseSummary;
    try {
      copy = new Database(temporary, { fileMustExist: true });
      restored = verifyOpen(copy, file, journal);
      copy.pragma('journal_mode = DELETE');
    } catch (error) {
      if (isDamage(error)) throw damagedFile(file);
      throw error;
    }

    // Keep the live database as it is.
    let previousCopy = '';
    if (existsSync(live)) {
      held = lockLive(live);
      const folder = options.folder ?? backupFolderFor(live, held ? settingsBackupFolder(held) : '');
      if (held) {
        try {
          previousCopy = (await backupIntoFolder(held, live, folder, 'before-restore', { now, onProgress: options.onProgress, journal })).file;
        } catch (error) {
          // A live database too damaged to back up is kept as bytes instead (below).
          const damaged = error instanceof BackupCheckFailed || isDamage(error) || (error instanceof Error && isDamage(error.cause));
          if (!damaged) {
            const why = error instanceof AppError ? error.message : String(error);
            throw new AppError('storage', `The current database could not be kept, so nothing was restored. ${why}`);
          }
        }
      }
      if (!previousCopy) {
        try {
          previousCopy = keepDamaged(live, folder, now());
        } catch (error) {
          const why = error instanceof Error ? error.message : String(error);
          throw new AppError(
            'storage',
            `The current database could not be copied to ${folder} (${why}), so nothing was restored. Choose another backup folder in Settings.`,
          );
        }
      }
    }

    if (options.actor) auditRestore(copy, options.actor, file, now());
    const head = newestAuditRow(copy);
    copy.close();
    copy = null;
    // The swap: the old database's journals go (its copy is kept), then one rename.
    held?.close();
    held = null;
    for (const suffix of ['-journal', '-wal', '-shm']) rmSync(`${live}${suffix}`, { force: true });
    place(temporary, live);
    // The restored trail is the one to compare from now on: the head recorded for the replaced one would never match it.
    try {
      writeAuditHead(live, head);
    } catch {
      // The database is restored; the head is written again with the next audited change.
    }
    return { restored, previousCopy };
  } finally {
    copy?.close();
    held?.close();
    removeDatabaseFiles(temporary);
  }
}
