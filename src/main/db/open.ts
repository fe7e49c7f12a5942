/**
 * Opening the database: the start-up checks (a damaged or missing file is refused and left
 * as it is), durable pragmas, the Milia Notes file signature, refusal of a file written by
 * a newer version, and the migrations of `drizzle/`: after a verified copy of a file that
 * holds data, all of them in one transaction, so that a failure leaves the file as it was.
 */
import { existsSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { AppError } from '@shared/errors';
import { createTemporary, ensureFolder, place } from '../files/durable';
import { createPrivateFile } from '../files/modes';
import { checkFile, connect, noDatabaseAt } from './checkFile';
import {
  applicationId,
  asDamage,
  assertCompatible,
  countTables,
  damaged,
  firstFaults,
  foreignKeyFaults,
  isDamageError,
  newestApplied,
  sqliteFaults,
  type JournalEntry,
} from './integrity';
import { sqliteStore, type SqliteStore } from './records';
import { sealLegacyRows } from './records/sqlite/auditTrail';
import { findMigrationsFolder, readJournal } from './schemaVersion';

export { applicationId } from './integrity';
export { findMigrationsFolder, readJournal } from './schemaVersion';

export type { SqliteStore, Store } from './records';

export interface OpenOptions {
  /** Create the file when it does not exist. Without it a missing file is an error. */
  create?: boolean;
  /**
   * The database is known to exist (the surface keeps a backup state beside it): a missing
   * or empty file is then refused as damage, never replaced by an empty database.
   */
  expected?: boolean;
  /** Open without migrating (for inspecting a file, such as a backup). */
  readonly?: boolean;
  /**
   * Run `PRAGMA quick_check` and `foreign_key_check` first, on a read-only connection, and
   * refuse a damaged file without changing it (about 0.5 s on 20,000 patients). Every surface
   * that works on the record turns it on; only `check`, which lists the faults of a damaged
   * file, and inspection leave it off. The app's start makes them on worker threads instead
   * (`checkFile`), then opens without them.
   */
  startupChecks?: boolean;
  /**
   * Where to keep the copy made before migrating a file that holds data, from schema
   * `pendingFrom` to `pendingTo`: a path that does not exist yet. By default a file in
   * `Backups` beside the database.
   */
  preMigrationBackup?: (pendingFrom: number, pendingTo: number) => string;
  /** The folder holding drizzle's migrations; found from this module when left out. */
  migrationsFolder?: string;
  /** A better-sqlite3 build for another ABI (Electron's). */
  nativeBinding?: string;
}

function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  // Every acknowledged write survives a power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
}

/** The default place of the copy made before a migration: `Backups` beside the database. */
function defaultPreMigrationBackup(database: string, at = new Date()): string {
  return join(dirname(database), 'Backups', `milia-notes-${at.toISOString().replaceAll(':', '-')}-before-migration.db`);
}

const schemaOf = (sqlite: Database.Database) =>
  JSON.stringify(sqlite.prepare("select type, name, tbl_name, sql from sqlite_master where name not like 'sqlite_%' order by type, name").all());

/** Checks a copy read-only: SQLite's full integrity check, and the same schema as the original. */
function verifyCopy(copy: string, original: Database.Database, nativeBinding: string | undefined): void {
  const db = new Database(copy, { readonly: true, fileMustExist: true, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    const faults = sqliteFaults(db, 'integrity_check', 10);
    if (faults.length > 0) throw new Error(`the copy failed its integrity check: ${firstFaults(faults, 1)}`);
    if (schemaOf(db) !== schemaOf(original)) throw new Error('the copy does not hold the same tables as the database');
  } finally {
    db.close();
  }
}

/**
 * A consistent copy of the database (VACUUM INTO a new temporary file beside the target,
 * checked, flushed to disk, then renamed into place): only a verified copy ever bears the
 * backup's name. Refuses, changing nothing, when it cannot be made.
 */
function backUpBeforeMigration(sqlite: Database.Database, path: string, from: number, to: number, options: OpenOptions): string {
  let target = '';
  let temporary = '';
  try {
    target = resolve(options.preMigrationBackup ? options.preMigrationBackup(from, to) : defaultPreMigrationBackup(path));
    if (existsSync(target)) throw new Error('a file of that name is already there');
    ensureFolder(dirname(target));
    // VACUUM INTO fills an empty file; this one is new and ours (see createTemporary).
    temporary = createTemporary(target);
    sqlite.prepare('vacuum into ?').run(temporary);
    verifyCopy(temporary, sqlite, options.nativeBinding);
    place(temporary, target);
    return target;
  } catch (error) {
    if (temporary) rmSync(temporary, { force: true });
    if (isDamageError(error)) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'storage',
      `Milia Notes must update the database at ${path} (schema ${from} to ${to}) and first keeps a copy of it, ` +
        `but the copy could not be made${target ? ` at ${target}` : ''}: ${reason}. Nothing has been changed. ` +
        'Free some disk space, or make sure the backup folder can be written, then open it again.',
    );
  }
}

/**
 * Applies the pending migrations, stamps the file (application_id, user_version), all in one
 * transaction: a failing migration leaves the file exactly as it was. drizzle's own migrator
 * cannot be wrapped (its BEGIN fails inside a transaction) and creates its table outside of
 * its transaction, so this applies drizzle's migration files the way it does, keeping its
 * `__drizzle_migrations` table. Foreign keys are off while it runs (a rebuilt table must
 * not cascade its DROP to the children) and checked before the commit instead.
 */
function migrate(sqlite: Database.Database, path: string, folder: string, journal: JournalEntry[], options: OpenOptions): void {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const newest = newestApplied(sqlite);
  const pending = migrations.map((m, i) => ({ ...m, tag: journal[i]?.tag ?? String(i) })).filter((m) => newest === null || m.folderMillis > newest);
  const stamped = sqlite.pragma('application_id', { simple: true }) === applicationId && sqlite.pragma('user_version', { simple: true }) === migrations.length;
  if (pending.length === 0 && stamped) return;
  const from = migrations.length - pending.length;
  const to = migrations.length;
  const copy = pending.length > 0 && countTables(sqlite) > 0 ? backUpBeforeMigration(sqlite, path, from, to, options) : null;

  let step = '';
  const keys = sqlite.pragma('foreign_keys', { simple: true }) as number;
  sqlite.pragma('foreign_keys = OFF');
  try {
    sqlite
      .transaction(() => {
        const brokenRows = () => (sqlite.pragma('foreign_key_check') as unknown[]).length;
        const before = pending.length > 0 ? brokenRows() : 0;
        sqlite.exec('CREATE TABLE IF NOT EXISTS "__drizzle_migrations" (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at numeric)');
        const record = sqlite.prepare('INSERT INTO "__drizzle_migrations" ("hash", "created_at") VALUES (?, ?)');
        for (const migration of pending) {
          step = migration.tag;
          for (const statement of migration.sql) sqlite.exec(statement);
          record.run(migration.hash, migration.folderMillis);
        }
        step = '';
        if (pending.length > 0 && brokenRows() > before) {
          throw new Error(`it would leave rows referring to rows that do not exist: ${firstFaults(foreignKeyFaults(sqlite))}`);
        }
        sqlite.pragma(`application_id = ${applicationId}`);
        sqlite.pragma(`user_version = ${migrations.length}`);
      })
      .immediate();
  } catch (error) {
    if (isDamageError(error) || error instanceof AppError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw new AppError(
      'storage',
      `The database at ${path} could not be updated for this version of Milia Notes (schema ${from} to ${to}` +
        `${step ? `, step ${step}` : ''}: ${reason}). It has been left exactly as it was` +
        `${copy ? `, and a copy made before the update is at ${copy}` : ''}. Keep using the previous version of Milia Notes, and tell IT.`,
    );
  } finally {
    sqlite.pragma(`foreign_keys = ${keys ? 'ON' : 'OFF'}`);
  }
}

export function openStore(path: string, options: OpenOptions = {}): SqliteStore {
  const full = resolve(path);
  const exists = existsSync(full);
  if (!exists && options.expected) {
    throw new AppError(
      'damaged',
      `The database at ${full} is missing. It has not been replaced by an empty one. Restore the newest backup, or move the file back.`,
    );
  }
  if (!exists && !options.create) throw noDatabaseAt(full);
  if (exists && options.expected && statSync(full).size === 0) throw damaged(full, 'the file is empty');
  const folder = options.migrationsFolder ?? findMigrationsFolder();
  const journal = readJournal(folder);
  // This user's only, before SQLite creates it 0644 (its -wal and -shm take its mode).
  if (!exists && options.create) createPrivateFile(full);
  const readonly = options.readonly ?? false;

  return asDamage(full, options.expected ?? false, () => {
    if (exists && options.startupChecks) checkFile(full, 'both', { journal, nativeBinding: options.nativeBinding });
    const sqlite = connect(full, { readonly, fileMustExist: readonly || !options.create, nativeBinding: options.nativeBinding });
    try {
      sqlite.pragma('busy_timeout = 5000');
      // Before any other pragma: even switching to WAL rewrites the header of a file that is not ours.
      assertCompatible(sqlite, full, journal);
      if (readonly) {
        sqlite.pragma('foreign_keys = ON');
      } else {
        applyPragmas(sqlite);
        migrate(sqlite, full, folder, journal, options);
        // The audit rows written before the trail had its chain join it, once.
        sealLegacyRows(sqlite);
        // Table statistics for the query planner, refreshed where stale and bounded in cost
        // (SQLite's advice for a connection that stays open).
        sqlite.pragma('analysis_limit = 1000');
        sqlite.pragma('optimize = 0x10002');
      }
      return sqliteStore(sqlite, full);
    } catch (error) {
      sqlite.close();
      throw error;
    }
  });
}
