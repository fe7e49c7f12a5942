/**
 * `backup --out FILE` and `restore FILE` as IT runs them: real processes over real files,
 * with the app's connection open (backup) or closed (restore), their exit statuses and their
 * one-line messages.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inspectFile, listBackups } from '../../src/main/backups/backup';
import { checkDatabase } from '../../src/main/check';
import { openStore } from '../../src/main/db/open';
import { seed } from '../../src/main/seed';
import { createServices } from '../../src/main/services';
import { parsingServices } from '../support/surface';
import { testActor as actor, tempDir } from '../support/store';
import { cli, terminalCli } from '../support/cli';

const stackTrace = /\n\s+at /;

async function database(patients: number): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  await seed(store.records, actor, { patients, seed: 11, today: '2026-05-01' });
  store.close();
  return db;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
const patients = (db: string): number => {
  const store = openStore(db);
  try {
    return store.sqlite.prepare('select count(*) from patients').pluck().get() as number;
  } finally {
    store.close();
  }
};

describe('backup and restore on the command line', () => {
  it('backs up while the app has the database open, and restores that copy once it is closed, keeping the database as it was', async () => {
    const db = await database(15);
    const out = join(tempDir(), 'nightly.db');

    // The app is running: its connection stays open and it goes on writing.
    const store = openStore(db);
    const services = parsingServices(createServices(store));
    const backedUp = await cli('backup', '--out', out, '--db', db);
    expect(backedUp).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readdirSync(join(out, '..'))).toEqual(['nightly.db']);
    expect(inspectFile(out).counts.patients).toBe(15);
    await services.patients.create(actor, { givenName: 'Added', familyName: 'Afterwards', dateOfBirth: '1975-05-05', sex: 'male' });

    // Not while it is open. (Nothing here reads the file meanwhile: closing any descriptor of
    // it would drop this process's POSIX locks, SQLite's included.)
    const refused = await cli('restore', out, '--db', db);
    expect(refused).toEqual({
      status: 1,
      stdout: '',
      stderr: `${db} is open in Milia Notes or another program, so it was not replaced. Close Milia Notes (and its browser mode), then restore again. Nothing was changed.\n`,
    });
    expect(store.sqlite.prepare('select count(*) from patients').pluck().get()).toBe(16);
    store.close();
    expect(patients(db)).toBe(16);
    expect(existsSync(join(db, '..', 'Backups'))).toBe(false);

    const restored = await cli('restore', out, '--db', db);
    const kept = listBackups(join(db, '..', 'Backups'));
    expect(kept.map((b) => b.reason)).toEqual(['before-restore']);
    expect(restored).toEqual({ status: 0, stdout: '', stderr: `The database as it was is kept at ${kept[0]!.file}\n` });
    expect(kept[0]!.summary.counts.patients).toBe(16);
    expect(patients(db)).toBe(15);
    const reopened = openStore(db);
    try {
      expect(checkDatabase(reopened)).toEqual([]);
      // Sealed onto the restored trail, naming the operating-system account at the command line.
      expect(reopened.sqlite.prepare("select actor, role, surface, detail from audit_log where action = 'restore'").get()).toEqual({
        actor: expect.stringMatching(/ \(command line\)$/),
        role: 'system',
        surface: 'cli',
        detail: 'restored from nightly.db',
      });
    } finally {
      reopened.close();
    }
  });

  it('shows the pages copied on standard error when it is a terminal, and says where the database was kept', async () => {
    const db = await database(20);
    const out = join(tempDir(), 'copy.db');
    const backedUp = await terminalCli('backup', '--out', out, '--db', db);
    expect(backedUp.status).toBe(0);
    expect(backedUp.stdout).toBe('');
    const lines = backedUp.stderr.split('\r').filter(Boolean);
    const total = Number(/of (\d+) pages/.exec(lines[0]!)?.[1]);
    expect(total).toBeGreaterThan(0);
    expect(lines[0]).toBe(`Backing up 0% (0 of ${total} pages)`);
    expect(lines.at(-1)).toBe(`Backing up 100% (${total} of ${total} pages)\n`);

    const restored = await terminalCli('restore', out, '--db', db);
    expect(restored.status).toBe(0);
    const kept = listBackups(join(db, '..', 'Backups'))[0]!.file;
    expect(restored.stderr).toMatch(/^(\rKeeping a copy of the current database \d+% \(\d+ of \d+ pages\))+\n/);
    expect(restored.stderr.endsWith(`100% (${total} of ${total} pages)\nThe database as it was is kept at ${kept}\n`)).toBe(true);
  });

  it('refuses a file that is not a Milia Notes database with exit 2 and one line, changing nothing', async () => {
    const db = await database(3);
    const folder = tempDir();
    const notes = join(folder, 'notes.txt');
    writeFileSync(notes, 'Backups are kept in the cupboard.\n'.repeat(40));
    const half = join(folder, 'half.db');
    const whole = readFileSync(db);
    writeFileSync(half, whole.subarray(0, whole.length / 2));
    const before = sha256(db);

    const [text, truncated, missing, noFile] = await Promise.all([
      cli('restore', notes, '--db', db),
      cli('restore', half, '--db', db),
      cli('restore', join(folder, 'nowhere.db'), '--db', db),
      cli('restore', '--db', db),
    ]);
    const advice = 'Nothing was changed. Choose a Milia Notes backup (a file named like milia-notes-2026-01-31T08-00-00Z-automatic.db).';
    expect(text).toEqual({ status: 2, stdout: '', stderr: `${notes} is not a Milia Notes database (it is a text file). ${advice}\n` });
    expect(truncated).toEqual({ status: 2, stdout: '', stderr: `${half} is not a Milia Notes database (it is damaged or truncated). ${advice}\n` });
    expect(missing).toEqual({ status: 2, stdout: '', stderr: `There is no file at ${join(folder, 'nowhere.db')}. Check the path given to restore.\n` });
    expect(noFile).toEqual({ status: 2, stdout: '', stderr: 'restore needs more. Usage: npm run cli -- restore FILE\n' });
    expect(sha256(db)).toBe(before);
    expect(existsSync(join(db, '..', 'Backups'))).toBe(false);
    expect(readdirSync(join(db, '..'))).toEqual(['milia.db']);
  });

  it('says what is wrong with a backup command in one line', async () => {
    const db = await database(1);
    const notDatabase = join(tempDir(), 'notes.txt');
    writeFileSync(notDatabase, 'not a database\n'.repeat(100));
    const folder = tempDir();
    const [noOut, noFolder, intoFolder, itself, missingDb, wrongDb] = await Promise.all([
      cli('backup', '--db', db),
      cli('backup', '--out', join(folder, 'absent', 'copy.db'), '--db', db),
      cli('backup', '--out', folder, '--db', db),
      cli('backup', '--out', db, '--db', db),
      cli('backup', '--out', join(folder, 'copy.db'), '--db', join(folder, 'none.db')),
      cli('backup', '--out', join(folder, 'copy.db'), '--db', notDatabase),
    ]);
    expect(noOut).toEqual({ status: 2, stdout: '', stderr: 'Say where to write the copy: backup --out FILE.\n' });
    expect(noFolder).toEqual({ status: 2, stdout: '', stderr: `The folder ${join(folder, 'absent')} does not exist. Create it, or choose another --out.\n` });
    expect(intoFolder).toEqual({
      status: 2,
      stdout: '',
      stderr: `--out ${folder} is a folder. Name a file in it, such as ${join(folder, 'milia-notes-backup.db')}.\n`,
    });
    expect(itself).toEqual({ status: 2, stdout: '', stderr: '--out names the database itself. Choose another file for the copy.\n' });
    expect(missingDb).toEqual({
      status: 2,
      stdout: '',
      stderr: `There is no database at ${join(folder, 'none.db')}. Create one with: npm run cli -- init --db ${join(folder, 'none.db')}\n`,
    });
    expect(wrongDb).toEqual({ status: 2, stdout: '', stderr: 'The --db file is not a Milia Notes database, or it is damaged. Choose the right file.\n' });
    for (const run of [noOut, noFolder, intoFolder, itself, missingDb, wrongDb]) expect(run.stderr).not.toMatch(stackTrace);
    expect(readdirSync(folder)).toEqual([]);
  });
});
