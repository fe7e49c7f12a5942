/**
 * Backups and restore, for the surfaces and for start-up:
 *
 * - `databaseExpected(dbPath)`: the app has run on this database before (its state file
 *   `<db>.backup-state.json` exists), so a missing file is a loss to report, never a reason
 *   to create an empty database. `markDatabaseExpected(dbPath)` records it (the automatic
 *   backups do so at start).
 * - `backupFolderFor(dbPath, settings.backupFolder)`: where backups go.
 * - `newestGoodBackup(folder)`: the newest backup that passes a full check now, to offer.
 * - `restoreDatabase(livePath, file)`: checks a file and swaps it in (connection closed first).
 * - `backupIntoFolder(sqlite, dbPath, folder, 'before-migration')`: a verified backup from an
 *   open connection, for instance before migrating.
 * - `startAutomaticBackups(services)`: at start when a day has passed, and `atExit()`.
 */
export {
  backupFolderFor,
  backupIntoFolder,
  backupTo,
  databaseExpected,
  inspectFile,
  listBackups,
  markDatabaseExpected,
  newestGoodBackup,
  readLastAttempt,
  stateFileFor,
} from './backup';
export { automaticActor, startAutomaticBackups, type AutomaticBackups } from './automatic';
export { restoreDatabase, type RestoreOptions } from './restore';
export { backupService, type BackupService, type BackupServiceOptions, type RestoreHook } from './service';
