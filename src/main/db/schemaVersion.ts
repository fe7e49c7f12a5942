/**
 * What a database's schema says about the version that wrote it, the same for the SQLite
 * file and the practice server: the migrations this version knows (drizzle's journal) and the
 * refusal of a database that a newer version has migrated.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** One migration this version knows, as drizzle's journal lists it. */
export interface JournalEntry {
  idx: number;
  when: number;
  tag: string;
}

/** The `drizzle/` folder: beside the packaged app's resources, or up from this module. The server's migrations are its `pg/`. */
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

/** The refusal of a database migrated by a newer version: `shown` names it (a file's path, the server's address). */
export const newerSchema = (shown: string, version: number, known: number): string =>
  `${shown} was written by a newer version of Milia Notes (schema ${version}; this version knows up to ${known}). ` +
  'It has not been changed. Install the newer version to open it.';
