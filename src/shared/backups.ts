/**
 * Backups and restore: what a database file holds (shown before anything is restored),
 * the backups kept in the backup folder, and where a running backup is. The service checks
 * every file it is given; these are the shapes the screen, the API and the command line share.
 */
import * as z from 'zod';
import { text } from './fields';

/** What a database file holds, read from the file itself (never from the live record). */
export interface DatabaseSummary {
  /** The schema version (number of migrations) the file was written with. */
  schemaVersion: number;
  counts: { patients: number; visits: number; presentations: number; treatments: number; followUps: number };
  /** The date of its newest visit, `YYYY-MM-DD`; null when it has none. */
  newestVisit: string | null;
}

export const backupReasons = ['automatic', 'manual', 'exit', 'before-migration', 'before-restore'] as const;
export type BackupReason = (typeof backupReasons)[number];

export interface BackupEntry {
  /** The full path of the backup file. */
  file: string;
  /** When it was taken, ISO 8601 UTC. */
  at: string;
  reason: BackupReason;
  size: number;
  summary: DatabaseSummary;
}

export interface BackupState {
  /** The folder backups go to (the settings' choice, or the default beside the database). */
  folder: string;
  /** Newest first. */
  backups: BackupEntry[];
  /** The last attempt, so that a failed backup is shown rather than silent. */
  last: { at: string; ok: true } | { at: string; ok: false; message: string } | null;
  /** A backup under way: pages copied of the total. */
  running: { done: number; total: number } | null;
}

/** One of the listed backups, named by its path exactly as `backups.list` gave it. */
export const BackupFile = z.strictObject({
  file: text(1, 4096).describe('backup file'),
});
export type BackupFile = z.input<typeof BackupFile>;

/** What restoring answers: the app must restart on the restored file. */
export interface RestoreResult {
  restored: DatabaseSummary;
  /** Where the database as it was before the restore was kept. */
  previousCopy: string;
}
