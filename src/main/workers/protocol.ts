/**
 * The messages between the app's process and its threads. A job goes to the worker thread
 * with an id; out come its progress, then its result or its failure. A start-up check's thread
 * is started with its check and answers once. Only plain data crosses (structured clone): a
 * Buffer arrives as a Uint8Array, an error as its name, message, code and kind.
 */
import type { BackupEntry, BackupReason } from '@shared/backups';
import type { ExportFormat, Period } from '@shared/stats';
import type { StartupCheck } from '../db/integrity';
import type { AuditFilter } from '../db/records';
import type { HandoutDocument, RenderOptions } from '../handouts/model';

/** The work the thread does, each with what it needs and what it answers. */
export interface Jobs {
  /** The period's summary and treatment rows, read in one snapshot, written as the export file. */
  statsExport: { input: { dbPath: string; format: ExportFormat; period: Period }; output: { rows: number; bytes: Uint8Array } };
  /** The same file written as it is made into `temporary` (beside where it goes; the app's process places it), never held whole. */
  statsExportInto: { input: { dbPath: string; format: ExportFormat; period: Period; temporary: string }; output: { rows: number; size: number } };
  /** The audit trail's matching events, read in one snapshot, written as its CSV export. */
  auditExport: { input: { dbPath: string; filter: AuditFilter }; output: { rows: number; bytes: Uint8Array } };
  /** The same file written as it is made into `temporary`, never held whole. */
  auditExportInto: { input: { dbPath: string; filter: AuditFilter; temporary: string }; output: { rows: number; size: number } };
  /** Handouts composed by the app (which read the record), laid out as one PDF: needs no database. */
  handouts: { input: { docs: HandoutDocument[]; options: RenderOptions }; output: Uint8Array };
  /** One backup into `folder`, copied from a connection of the thread's own, verified and rotated; `at` names it. */
  backup: { input: { dbPath: string; folder: string; reason: BackupReason; at: string }; output: BackupEntry };
}

export type JobName = keyof Jobs;

export interface JobRequest<N extends JobName = JobName> {
  id: number;
  job: N;
  input: Jobs[N]['input'];
}

/** An error as it crosses the thread: enough to tell an AppError or a storage fault from a bug. */
export interface CarriedError {
  name: string;
  message: string;
  code?: string;
  /** SQLite's code, when SQLite raised it: the app's side makes SQLite's error again, so that a damaged file or a full disk gets its sentence. */
  sqliteCode?: string;
  kind?: string;
}

export type JobMessage =
  | { id: number; type: 'progress'; done: number; total: number }
  | { id: number; type: 'done'; value: unknown }
  | { id: number; type: 'failed'; error: CarriedError };

/** What the thread is started with. */
export interface WorkerSetup {
  /** A better-sqlite3 build for another ABI (Electron's). */
  nativeBinding?: string;
}

/**
 * One part of the checks of an existing file, each after its version: read-only, before the
 * app opens it, one half of the start-up checks (its pages by SQLite's quick check, or its
 * foreign keys) or whether it is the file sealed as sound when the app last closed it
 * (`sealed`); after the app closed it and both halves passed again, its seal (`seal`), written
 * only if the file is as it was (`unchangedSince`) before them.
 */
export type StartupCheckInput = { dbPath: string; part: StartupCheck | 'sealed' } | { dbPath: string; part: 'seal'; unchangedSince: string };

/** What a start-up check's thread is started with; it posts one message, then ends. `holds`: the check passed, the seal holds or was written. */
export type CheckSetup = WorkerSetup & StartupCheckInput;
export type CheckMessage = { ok: true; holds: boolean } | { ok: false; error: CarriedError };
