/**
 * Backups as a service over the live store: the list (with the last attempt and a running
 * backup's progress), a manual backup that runs in the background, what a listed backup holds,
 * and restoring one. Restoring needs the live connection closed, which only the surface can
 * do (the desktop app relaunches itself, the browser mode reopens its store), so the surface
 * supplies `onRestore`: it closes the store, calls the swap it is given, and then reopens or
 * relaunches. Every backup and restore is audited.
 */
import { basename, resolve } from 'node:path';
import type { ApiParsed } from '@shared/api';
import type { BackupEntry, BackupReason, BackupState, DatabaseSummary, RestoreResult } from '@shared/backups';
import { AppError } from '@shared/errors';
import type { Settings } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { isSqliteStore } from '../db/records';
import { authorize, type AuditEntry, type Store } from './context';
import { backupFolderFor, backupIntoFolder, inspectFile, listBackups, markDatabaseExpected, readLastAttempt } from '../backups/backup';
import { restoreDatabase } from '../backups/restore';

/**
 * The surface's part of a restore: close the live store (and stop using it), call `swap`,
 * then reopen the store or relaunch the app. It resolves to what `swap` resolved to.
 */
export type RestoreHook = (swap: () => Promise<RestoreResult>) => Promise<RestoreResult>;

export interface BackupServiceOptions {
  onRestore?: RestoreHook;
  now?: () => Date;
  /** A look at each copy before it is verified (the tests damage it here). */
  beforeVerify?: (temporary: string) => void;
  /**
   * Makes the copy elsewhere (the surface's worker thread, over a connection of its own),
   * named for `at`; here when left out, or when the copy is to be looked at first.
   */
  backUpInto?: (folder: string, reason: BackupReason, at: Date, onProgress: (done: number, total: number) => void) => Promise<BackupEntry>;
}

export function backupService(store: Store, settingsRead: () => Promise<Settings>, options: BackupServiceOptions = {}) {
  const now = options.now ?? (() => new Date());
  let running: { done: number; total: number } | null = null;
  let current: Promise<BackupEntry> | null = null;
  let restoring = false;

  // A workstation on the practice server keeps no copy of the record: IT backs the server up there.
  const onServer = !isSqliteStore(store);
  const refuseOnServer = (): void => {
    if (onServer) {
      throw new AppError(
        'conflict',
        'The record is on the practice server, which is backed up where it runs (PostgreSQL\'s pg_dump: see "The practice server" in the README); this computer keeps no backups of it. Ask IT for a restore.',
      );
    }
  };
  const folder = async (): Promise<string> => backupFolderFor(store.path, (await settingsRead()).backupFolder);
  const audit = (entry: AuditEntry): Promise<void> => store.records.write((tx) => tx.audit.append(entry));

  const state = async (): Promise<BackupState> => {
    const where = await folder();
    return { folder: where, backups: listBackups(where), last: readLastAttempt(store.path), running: running ? { ...running } : null };
  };

  const refuseWhileBusy = (): void => {
    if (restoring) throw new AppError('conflict', 'A restore is under way. Wait until Milia Notes has restarted, then try again.');
    if (current) throw new AppError('conflict', 'A backup is already running. Wait for it to finish; its progress is shown in the list.');
  };

  /** One backup into the backup folder, audited; a failure is recorded in the state file and thrown. */
  function backUp(actor: Actor, reason: BackupReason): Promise<BackupEntry> {
    refuseOnServer();
    refuseWhileBusy();
    running = { done: 0, total: 0 };
    const work = (async () => {
      try {
        const where = await folder();
        const onProgress = (done: number, total: number) => {
          running = { done, total };
        };
        const entry =
          options.backUpInto && !options.beforeVerify
            ? await options.backUpInto(where, reason, now(), onProgress)
            : await backupIntoFolder(store, store.path, where, reason, { now, beforeVerify: options.beforeVerify, onProgress });
        if (store.isOpen()) await audit({ actor, action: 'backup', entity: 'database', entityId: null, detail: `${reason}: ${basename(entry.file)}` });
        return entry;
      } catch (error) {
        const message = error instanceof AppError ? error.message : String(error);
        if (store.isOpen()) await audit({ actor, action: 'backup_failed', entity: 'database', entityId: null, detail: `${reason}: ${message}` });
        throw error;
      } finally {
        running = null;
        current = null;
      }
    })();
    current = work;
    return work;
  }

  /** The listed backup named `file`; any other path is refused. */
  async function listedBackup(file: string): Promise<BackupEntry> {
    const wanted = resolve(file);
    const where = await folder();
    const entry = listBackups(where).find((b) => resolve(b.file) === wanted);
    if (!entry) throw new AppError('validation', `${file} is not one of the backups in ${where}. Choose a backup from the list.`);
    return entry;
  }

  return {
    backUp,
    /** Resolves when no backup is running (whatever its outcome). */
    async whenIdle(): Promise<void> {
      while (current) await current.catch(() => undefined);
    },
    /** The newest backup's time in the backup folder, or null. */
    async lastBackupAt(): Promise<Date | null> {
      if (onServer) return null;
      const newest = listBackups(await folder())[0];
      return newest ? new Date(newest.at) : null;
    },
    /** Records that the live database exists, so that start-up notices if it goes missing. */
    markExpected(): void {
      if (!onServer) markDatabaseExpected(store.path);
    },

    async list(actor: Actor): Promise<BackupState> {
      await authorize(store, actor, 'backups.manage');
      refuseOnServer();
      return state();
    },

    /** Starts a manual backup and answers at once; the list shows its progress and outcome. */
    async run(actor: Actor): Promise<BackupState> {
      await authorize(store, actor, 'backups.manage');
      refuseOnServer();
      // The outcome is in the state file (and the audit log); nobody awaits this one.
      backUp(actor, 'manual').catch(() => undefined);
      return state();
    },

    async inspect(actor: Actor, { file }: ApiParsed<'backups.inspect'>): Promise<DatabaseSummary> {
      await authorize(store, actor, 'backups.manage');
      refuseOnServer();
      return inspectFile((await listedBackup(file)).file);
    },

    async restore(actor: Actor, { file }: ApiParsed<'backups.restore'>): Promise<RestoreResult> {
      await authorize(store, actor, 'backups.manage');
      refuseOnServer();
      const entry = await listedBackup(file);
      if (!options.onRestore) {
        throw new AppError(
          'forbidden',
          'A backup can be restored only from the Milia Notes window, or with the command line ("restore FILE") while the app is closed.',
        );
      }
      refuseWhileBusy();
      restoring = true;
      try {
        // Checked before the store is closed: a refused file leaves the app as it was.
        inspectFile(entry.file);
        const where = await folder();
        await audit({ actor, action: 'restore', entity: 'database', entityId: null, detail: `from ${basename(entry.file)}` });
        return await options.onRestore(() => restoreDatabase(store.path, entry.file, { folder: where, actor, now }));
      } finally {
        restoring = false;
      }
    },
  };
}

export type BackupService = ReturnType<typeof backupService>;
