/**
 * What a database file holds, judged from the file alone: whether it is a sound Milia Notes
 * database (see `db/integrity.ts`, the one place that answers that), then its counts.
 * Nothing here writes to the file.
 */
import Database from 'better-sqlite3';
import type { DatabaseSummary } from '@shared/backups';
import { assertWholeFile, cannotRead, damagedFile } from '../db/integrity';
import { isDamage } from '../db/faults';
import { findMigrationsFolder, readJournal } from '../db/open';

export type Journal = ReturnType<typeof readJournal>;

/** The migrations this version knows. */
export const currentJournal = (): Journal => readJournal(findMigrationsFolder());

const tableExists = (sqlite: Database.Database, name: string): boolean =>
  sqlite.prepare("select 1 from sqlite_master where type = 'table' and name = ?").get(name) !== undefined;

/** What the file holds, from the file itself. */
function readSummary(sqlite: Database.Database): DatabaseSummary {
  const count = (table: string): number => (tableExists(sqlite, table) ? (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n : 0);
  let schemaVersion = sqlite.pragma('user_version', { simple: true }) as number;
  if (schemaVersion === 0 && tableExists(sqlite, '__drizzle_migrations')) schemaVersion = count('__drizzle_migrations');
  const newest = tableExists(sqlite, 'visits') ? (sqlite.prepare('select max(date) as d from visits').get() as { d: string | null }).d : null;
  return {
    schemaVersion,
    counts: {
      patients: count('patients'),
      visits: count('visits'),
      presentations: count('presentations'),
      treatments: count('treatments'),
      followUps: count('follow_ups'),
    },
    newestVisit: newest,
  };
}

/** Checks an open database as a whole (ours, not newer, intact) and reads what it holds. */
export function verifyOpen(sqlite: Database.Database, shown: string, journal: Journal): DatabaseSummary {
  assertWholeFile(sqlite, shown, journal);
  try {
    return readSummary(sqlite);
  } catch (error) {
    if (isDamage(error)) throw damagedFile(shown);
    throw error;
  }
}

/**
 * Opens a file that is not in WAL mode read-only and checks it whole. The caller makes sure
 * of WAL mode (see `readHeader`): a WAL file opened even read-only gains files beside it.
 */
export function verifyFile(file: string, shown = file, journal: Journal = currentJournal()): DatabaseSummary {
  let sqlite: Database.Database;
  try {
    sqlite = new Database(file, { readonly: true, fileMustExist: true });
  } catch (error) {
    if (isDamage(error)) throw damagedFile(shown);
    throw cannotRead(error, shown);
  }
  try {
    return verifyOpen(sqlite, shown, journal);
  } finally {
    sqlite.close();
  }
}
