/**
 * Opening the database: durable pragmas, the Milia Notes file signature, refusal of a file
 * written by a newer version, and the migrations of `drizzle/` applied in one transaction.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { AppError } from '../../shared/errors';
import * as schema from './schema';

/** `PRAGMA application_id` of a Milia Notes database ("MILI"). */
export const applicationId = 0x4d494c49;

export type Db = BetterSQLite3Database<typeof schema>;

export interface Store {
  /** The raw connection, for prepared statements on hot paths and for pragmas. */
  sqlite: Database.Database;
  db: Db;
  path: string;
  close(): void;
}

export interface OpenOptions {
  /** Create the file when it does not exist. Without it a missing file is an error. */
  create?: boolean;
  /** Open without migrating (for inspecting a file, such as a backup). */
  readonly?: boolean;
  /** The folder holding drizzle's migrations; found from this module when left out. */
  migrationsFolder?: string;
  /** A better-sqlite3 build for another ABI (Electron's). */
  nativeBinding?: string;
}

interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The `drizzle/` folder: beside the packaged app's resources, or up from this module. */
export function findMigrationsFolder(): string {
  const fromEnv = process.env.MILIA_MIGRATIONS;
  if (fromEnv) return fromEnv;
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const candidates = resources ? [join(resources, 'drizzle')] : [];
  for (let dir = __dirname; ; dir = dirname(dir)) {
    candidates.push(join(dir, 'drizzle'));
    if (dirname(dir) === dir) break;
  }
  const found = candidates.find((c) => existsSync(join(c, 'meta', '_journal.json')));
  if (!found) throw new Error(`The database migrations were not found (looked in ${candidates.slice(0, 3).join(', ')} …).`);
  return found;
}

export function readJournal(folder: string): JournalEntry[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as { entries: JournalEntry[] };
  return journal.entries;
}

function applyPragmas(sqlite: Database.Database): void {
  sqlite.pragma('journal_mode = WAL');
  // Every acknowledged write survives a power loss.
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  // The statistics group and sort in temporary b-trees: in memory, not in temporary files.
  sqlite.pragma('temp_store = MEMORY');
}

function hasTables(sqlite: Database.Database): boolean {
  return (sqlite.prepare("select count(*) as n from sqlite_master where type = 'table'").get() as { n: number }).n > 0;
}

/** The newest migration applied to this file, as drizzle records it (its folder time). */
function newestApplied(sqlite: Database.Database): number | null {
  const table = sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = '__drizzle_migrations'").get();
  if (!table) return null;
  const row = sqlite.prepare('select max(created_at) as t from __drizzle_migrations').get() as { t: number | null };
  return row.t === null ? null : Number(row.t);
}

/**
 * Refuses a file that is not a Milia Notes database, or that a newer version has migrated:
 * such a file is never touched.
 */
export function assertCompatible(sqlite: Database.Database, path: string, journal: JournalEntry[]): void {
  const appId = sqlite.pragma('application_id', { simple: true }) as number;
  if (appId !== applicationId && appId !== 0) {
    throw new AppError('conflict', `${path} is not a Milia Notes database (it belongs to another program). Choose the right file.`);
  }
  if (appId === 0 && hasTables(sqlite) && newestApplied(sqlite) === null) {
    throw new AppError('conflict', `${path} is not a Milia Notes database (it holds other tables). Choose the right file.`);
  }
  const newest = newestApplied(sqlite);
  const known = journal.at(-1)?.when ?? 0;
  if (newest !== null && newest > known) {
    const version = sqlite.pragma('user_version', { simple: true }) as number;
    throw new AppError(
      'conflict',
      `${path} was written by a newer version of Milia Notes (schema ${version}; this version knows up to ${journal.length}). ` +
        'It has not been changed. Install the newer version to open it.',
    );
  }
}

export function openStore(path: string, options: OpenOptions = {}): Store {
  const full = resolve(path);
  if (!options.create && !existsSync(full)) {
    throw new AppError('not_found', `There is no database at ${full}. Check the path, or create one with "init".`);
  }
  const sqlite = new Database(full, {
    fileMustExist: !options.create,
    readonly: options.readonly ?? false,
    ...(options.nativeBinding ? { nativeBinding: options.nativeBinding } : {}),
  });
  try {
    const folder = options.migrationsFolder ?? findMigrationsFolder();
    const journal = readJournal(folder);
    // Before any pragma: even switching to WAL rewrites the header of a file that is not ours.
    assertCompatible(sqlite, full, journal);
    if (!options.readonly) applyPragmas(sqlite);
    else sqlite.pragma('foreign_keys = ON');
    const db = drizzle(sqlite, { schema });
    if (!options.readonly) {
      migrate(db, { migrationsFolder: folder });
      sqlite.pragma(`application_id = ${applicationId}`);
      sqlite.pragma(`user_version = ${journal.length}`);
      // Table statistics for the query planner, refreshed where stale and bounded in cost
      // (SQLite's advice for a connection that stays open).
      sqlite.pragma('analysis_limit = 1000');
      sqlite.pragma('optimize = 0x10002');
    }
    return { sqlite, db, path: full, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
