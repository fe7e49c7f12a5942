/**
 * Opening the database safely: a damaged, missing or emptied file is refused and left as it
 * is; a database holding data is copied (and the copy checked) before any migration; a
 * failing migration leaves the file exactly as it was. Real SQLite files, damaged on purpose.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { findMigrationsFolder, openStore, readJournal, type OpenOptions } from '../../src/main/db/open';
import { seed } from '../../src/main/seed';
import { AppError } from '@shared/errors';
import { testActor, tempDir } from '../support/store';
import { olderDatabase, oneVisit } from '../support/databases';
import { orphanVisits, overwritePage } from '../support/damage';

const folder = findMigrationsFolder();
const journal = readJournal(folder);

/** The b-tree pages of a table (its leaves first) in a closed database. */
function pagesOf(path: string, table: string): number[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return db.prepare("select pageno from dbstat where name = ? order by pagetype = 'leaf' desc, pageno").pluck().all(table) as number[];
  } finally {
    db.close();
  }
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The error `work` throws, which must be an AppError (a plain message, never a stack). */
function refusal(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('it was not refused');
}

/** A closed database of the current schema holding `patients` synthetic patients. */
async function seeded(patients = 150): Promise<string> {
  const path = join(tempDir(), 'milia.db');
  const store = openStore(path, { create: true });
  await seed(store.records, testActor, { patients, seed: 3, today: '2025-06-30' });
  store.close();
  return path;
}

/** A copy of drizzle/ with one more migration, `tag`, made of `sql`. */
function migrationsWith(tag: string, sql: string): string {
  const dir = join(tempDir(), 'drizzle');
  cpSync(folder, dir, { recursive: true });
  const file = join(dir, 'meta', '_journal.json');
  const data = JSON.parse(readFileSync(file, 'utf8')) as { entries: Array<Record<string, unknown>> };
  data.entries.push({ idx: journal.length, version: '6', when: journal.at(-1)!.when + 1000, tag, breakpoints: true });
  writeFileSync(file, JSON.stringify(data));
  writeFileSync(join(dir, `${tag}.sql`), sql);
  return dir;
}

/** What a migration could change: the schema, the version, drizzle's record, and the rows. */
function state(path: string) {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return {
      schema: db.prepare('select type, name, sql from sqlite_master order by type, name').all(),
      userVersion: db.pragma('user_version', { simple: true }),
      migrations: db.prepare('select hash, created_at from __drizzle_migrations order by created_at').all(),
      counts: db
        .prepare('select (select count(*) from patients) as patients, (select count(*) from visits) as visits, (select count(*) from clinicians) as clinicians')
        .get(),
    };
  } finally {
    db.close();
  }
}

/** An old database, migrated by the first two migrations only, holding one visit. */
const oldDatabase = (): string => olderDatabase(2, oneVisit, 'milia.db');

const restoreAdvice = 'Nothing has been changed. Restore the newest good backup (Settings → Backups, or "npm run cli -- restore FILE").';
const stack = /\n\s+at /;

describe('the start-up checks', () => {
  it('refuse a file with a damaged page, naming the fault, and leave it byte for byte unchanged', async () => {
    const path = await seeded();
    // The same file opens with the checks while it is sound.
    openStore(path, { startupChecks: true }).close();
    const pages = pagesOf(path, 'patients');
    overwritePage(path, pages[Math.floor(pages.length / 2)]!);
    const before = sha(path);
    const error = refusal(() => openStore(path, { startupChecks: true }));
    expect(error.kind).toBe('damaged');
    expect(error.message).toBe(`${path} is damaged (table patients: some of its rows cannot be read). ${restoreAdvice}`);
    expect(sha(path)).toBe(before);
  });

  it('refuse rows whose foreign keys point nowhere, listing the first, and change nothing', async () => {
    const path = await seeded();
    const visits = orphanVisits(path);
    const before = sha(path);
    const error = refusal(() => openStore(path, { startupChecks: true }));
    expect(error.kind).toBe('damaged');
    const rows = `${visits.length === 1 ? 'row' : 'rows'} ${visits.join(', ')}`;
    expect(error.message).toBe(
      `${path} is damaged (rows refer to rows that do not exist: visits ${rows}: patient_id refers to a patients row that does not exist). ${restoreAdvice}`,
    );
    expect(sha(path)).toBe(before);
  });

  it('turn SQLite\'s "not a database" into the same refusal for a file that was a database, with or without the checks', async () => {
    const path = await seeded(5);
    // The header's page size, zeroed: SQLite no longer reads the file at all.
    const bytes = readFileSync(path);
    bytes.writeUInt16BE(0, 16);
    writeFileSync(path, bytes);
    const before = sha(path);
    for (const options of [{}, { startupChecks: true }, { expected: true }] satisfies OpenOptions[]) {
      const error = refusal(() => openStore(path, options));
      expect(error.kind).toBe('damaged');
      expect(error.message).toBe(`${path} is damaged (file is not a database). ${restoreAdvice}`);
    }
    expect(sha(path)).toBe(before);
  });

  it("leave SQLite's own error for a file that never was a database, unless one was expected there", async () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'these are not the notes you are looking for\n'.repeat(200));
    expect(() => openStore(path)).toThrow(expect.objectContaining({ code: 'SQLITE_NOTADB' }));
    expect(refusal(() => openStore(path, { expected: true })).kind).toBe('damaged');
  });
});

describe('a missing database', () => {
  it('is not recreated when it was expected, and an emptied one is refused', async () => {
    const path = join(tempDir(), 'milia.db');
    const error = refusal(() => openStore(path, { create: true, expected: true }));
    expect(error.kind).toBe('damaged');
    expect(error.message).toBe(
      `The database at ${path} is missing. It has not been replaced by an empty one. Restore the newest backup, or move the file back.`,
    );
    expect(existsSync(path)).toBe(false);

    writeFileSync(path, '');
    const empty = refusal(() => openStore(path, { create: true, expected: true }));
    expect(empty.message).toBe(`${path} is damaged (the file is empty). ${restoreAdvice}`);
    expect(readFileSync(path).length).toBe(0);

    // Not expected (a first start): created as before.
    const fresh = openStore(join(tempDir(), 'new.db'), { create: true, expected: false });
    expect(fresh.sqlite.pragma('user_version', { simple: true })).toBe(journal.length);
    fresh.close();
  });
});

describe('the copy made before a migration', () => {
  it('is made where the caller says, checked, and holds the database as it was before', async () => {
    const path = oldDatabase();
    const kept = join(tempDir(), 'kept');
    const asked: number[][] = [];
    const store = openStore(path, {
      migrationsFolder: folder,
      preMigrationBackup: (from, to) => {
        asked.push([from, to]);
        return join(kept, 'before.db');
      },
    });
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(journal.length);
    store.close();
    expect(asked).toEqual([[2, journal.length]]);
    // Only the verified copy is left, under its name: no temporary file.
    expect(readdirSync(kept)).toEqual(['before.db']);
    const copy = new Database(join(kept, 'before.db'), { readonly: true, fileMustExist: true });
    expect(copy.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    expect(copy.prepare('select count(*) as n from __drizzle_migrations').get()).toEqual({ n: 2 });
    expect(copy.prepare("select name from sqlite_master where name = 'handouts'").get()).toBeUndefined();
    expect(copy.prepare('select p.family_name, v.date from visits v join patients p on p.id = v.patient_id').all()).toEqual([
      { family_name: 'Nguyễn', date: '2026-01-02' },
    ]);
    copy.close();
  });

  it('goes to Backups beside the database by default; a new or an up-to-date database needs none', async () => {
    const path = oldDatabase();
    openStore(path).close();
    const backups = readdirSync(join(path, '..', 'Backups'));
    expect(backups).toHaveLength(1);
    expect(backups[0]).toMatch(/^milia-notes-\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-before-migration\.db$/);
    openStore(path).close();
    expect(readdirSync(join(path, '..', 'Backups'))).toEqual(backups);

    const fresh = join(tempDir(), 'milia.db');
    openStore(fresh, { create: true }).close();
    expect(existsSync(join(fresh, '..', 'Backups'))).toBe(false);
  });

  it('when it cannot be made, the migration is refused and nothing is changed', async () => {
    const path = oldDatabase();
    const before = { sha: sha(path), state: state(path) };
    const dir = tempDir();
    const aFile = join(dir, 'a-file');
    writeFileSync(aFile, 'not a folder');
    const taken = join(dir, 'taken.db');
    writeFileSync(taken, 'an older copy');
    for (const target of [join(aFile, 'before.db'), taken]) {
      const error = refusal(() => openStore(path, { preMigrationBackup: () => target }));
      expect(error.kind).toBe('storage');
      expect(error.message).toContain(
        `Milia Notes must update the database at ${path} (schema 2 to ${journal.length}) and first keeps a copy of it, but the copy could not be made at ${target}: `,
      );
      expect(error.message).toContain('Nothing has been changed.');
      expect(error.message).not.toMatch(stack);
      expect(sha(path)).toBe(before.sha);
      expect(state(path)).toEqual(before.state);
    }
    expect(readFileSync(taken, 'utf8')).toBe('an older copy');
    expect(readdirSync(dir).sort()).toEqual(['a-file', 'taken.db']);
  });
});

describe('a failing migration', () => {
  it('rolls back all of it and leaves the file exactly as it was, with a plain message', async () => {
    const path = await seeded();
    const before = { sha: sha(path), state: state(path) };
    const broken = migrationsWith(
      '0004_broken',
      'CREATE TABLE `broken` (`id` integer PRIMARY KEY);--> statement-breakpoint\nINSERT INTO `nowhere` VALUES (1);',
    );
    const kept = join(tempDir(), 'kept.db');
    const error = refusal(() => openStore(path, { migrationsFolder: broken, preMigrationBackup: () => kept }));
    expect(error.kind).toBe('storage');
    expect(error.message).toBe(
      `The database at ${path} could not be updated for this version of Milia Notes (schema ${journal.length} to ${journal.length + 1}, ` +
        `step 0004_broken: no such table: nowhere). It has been left exactly as it was, and a copy made before the update is at ${kept}. ` +
        'Keep using the previous version of Milia Notes, and tell IT.',
    );
    expect(sha(path)).toBe(before.sha);
    expect(state(path)).toEqual(before.state);
    expect(state(kept)).toEqual(before.state);
  });

  it('is rolled back when it would leave rows pointing nowhere', async () => {
    const path = await seeded(20);
    const before = { sha: sha(path), state: state(path) };
    const error = refusal(() =>
      openStore(path, { migrationsFolder: migrationsWith('0004_orphans', 'DELETE FROM `clinicians`;'), preMigrationBackup: () => join(tempDir(), 'kept.db') }),
    );
    expect(error.message).toMatch(
      /^The database at .* \(schema \d+ to \d+: it would leave rows referring to rows that do not exist: visits rows .*: clinician_id refers to a clinicians row that does not exist; treatments rows .*\)\. It has been left exactly as it was/,
    );
    expect(sha(path)).toBe(before.sha);
    expect(state(path)).toEqual(before.state);
  });

  it('may rebuild a parent table the way drizzle does: foreign keys are off while it runs, so its rows are not lost', async () => {
    const path = await seeded(20);
    const before = state(path);
    const rebuild = [
      'PRAGMA foreign_keys=OFF;',
      "CREATE TABLE `__new_clinicians` (`id` integer PRIMARY KEY NOT NULL, `key` text NOT NULL, `name` text NOT NULL, `role` text NOT NULL, `active` integer DEFAULT true NOT NULL, `created_at` text DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')) NOT NULL, `title` text DEFAULT '' NOT NULL);",
      'INSERT INTO `__new_clinicians`(`id`, `key`, `name`, `role`, `active`, `created_at`) SELECT `id`, `key`, `name`, `role`, `active`, `created_at` FROM `clinicians`;',
      'DROP TABLE `clinicians`;',
      'ALTER TABLE `__new_clinicians` RENAME TO `clinicians`;',
      'PRAGMA foreign_keys=ON;',
      'CREATE UNIQUE INDEX `clinicians_key` ON `clinicians` (`key`);',
    ].join('--> statement-breakpoint\n');
    const store = openStore(path, { migrationsFolder: migrationsWith('0004_clinician_titles', rebuild), preMigrationBackup: () => join(tempDir(), 'kept.db') });
    expect(store.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(store.sqlite.pragma('foreign_key_check')).toEqual([]);
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(journal.length + 1);
    store.close();
    expect(state(path).counts).toEqual(before.counts);
  });
});
