/**
 * `--out` never destroys the record: the commands that write a file refuse, with exit 2, one
 * line and nothing written, a path that is the database, its -wal, -shm or backup state file
 * (also through a symbolic link), a folder, a named pipe or a path through a missing folder.
 * A symbolic link to another file is replaced by the new file, and that other file is left as
 * it was. Real processes over real files; the database is held open by another process
 * meanwhile, so that its -wal and -shm exist.
 */
import { linkSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { markDatabaseExpected } from '../../src/main/backups/backup';
import { openStore } from '../../src/main/db/open';
import { checkOutputPath, databaseFiles } from '../../src/main/files/durable';
import { createServices } from '../../src/main/services';
import { parsingServices, setPracticeContact } from '../support/surface';
import { seed } from '../../src/main/seed';
import { cli } from '../support/cli';
import { fileHash, holdOpen, makeFifo } from '../support/files';
import { testActor as actor, tempDir } from '../support/store';

/** Several command-line processes at once (each compiles the CLI) on a machine of two cores. */
const spawning = 240_000;

/** A seeded database with its backup state file, in a folder of its own. */
async function database(): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  await seed(store.records, actor, { patients: 3, seed: 5, today: '2026-05-01' });
  store.close();
  markDatabaseExpected(db);
  return db;
}

const handoutCount = (db: string): number => {
  const sqlite = new Database(db, { readonly: true });
  try {
    return sqlite.prepare('select count(*) from handouts').pluck().get() as number;
  } finally {
    sqlite.close();
  }
};

describe('an --out that would overwrite the record', () => {
  it(
    'is refused with exit 2 and one line by export, stats, handout and backup, and every file of the database stays byte for byte',
    async () => {
      const db = await database();
      const { wal, shm, backupState, seal } = databaseFiles(db);
      const held = await holdOpen(db);
      try {
        const files = [db, wal, shm, backupState];
        const before = files.map(fileHash);
        const runs = await Promise.all([
          cli('export', '--out', db, '--db', db),
          cli('export', '--out', wal, '--db', db),
          cli('export', '--out', shm, '--db', db),
          cli('export', '--out', backupState, '--db', db),
          cli('stats', '--from', '2025-01-01', '--to', '2026-12-31', '--format', 'csv', '--out', wal, '--db', db),
          cli('handout', '--visit', '1', '--out', db, '--db', db),
          cli('backup', '--out', backupState, '--db', db),
          cli('export', '--out', seal, '--db', db),
        ]);
        const owned = (what: string, file: string, purpose: string) => `--out names the database's ${what} (${file}). Choose another file for ${purpose}.\n`;
        expect(runs).toEqual(
          [
            '--out names the database itself. Choose another file for the export.\n',
            owned('write-ahead log', wal, 'the export'),
            owned('shared-memory file', shm, 'the export'),
            owned('backup state file', backupState, 'the export'),
            owned('write-ahead log', wal, 'the statistics'),
            '--out names the database itself. Choose another file for the handout.\n',
            owned('backup state file', backupState, 'the copy'),
            owned('seal of its last check', seal, 'the export'),
          ].map((stderr) => ({ status: 2, stdout: '', stderr })),
        );
        expect(files.map(fileHash)).toEqual(before);
      } finally {
        await held.release();
      }
      expect(handoutCount(db)).toBe(0);
    },
    spawning,
  );

  it(
    'is refused when it names the database through a symbolic link or a hard link',
    async () => {
      const db = await database();
      const dir = tempDir();
      const soft = join(dir, 'export.json');
      symlinkSync(db, soft);
      const hard = join(dir, 'hard.json');
      linkSync(db, hard);
      const before = fileHash(db);
      const runs = await Promise.all([cli('export', '--out', soft, '--db', db), cli('export', '--out', hard, '--db', db)]);
      for (const run of runs) expect(run).toEqual({ status: 2, stdout: '', stderr: '--out names the database itself. Choose another file for the export.\n' });
      expect(fileHash(db)).toBe(before);
      expect(lstatSync(soft).isSymbolicLink()).toBe(true);
    },
    spawning,
  );
});

describe('an --out that is not a file in a folder that exists', () => {
  it(
    'is refused with exit 2 and one line: a folder, a named pipe, a missing folder, a file taken for a folder',
    async () => {
      const db = await database();
      const dir = tempDir();
      const pipe = join(dir, 'pipe');
      makeFifo(pipe);
      const notes = join(dir, 'notes.txt');
      writeFileSync(notes, 'notes');
      const before = fileHash(db);
      const runs = await Promise.all([
        cli('export', '--out', dir, '--db', db),
        cli('export', '--out', pipe, '--db', db),
        cli('export', '--out', join(dir, 'absent', 'record.json'), '--db', db),
        cli('export', '--out', join(notes, 'record.json'), '--db', db),
      ]);
      expect(runs).toEqual(
        [
          `--out ${dir} is a folder. Name a file in it, such as ${join(dir, 'milia-notes-export.json')}.\n`,
          `--out ${pipe} is a named pipe, not a file. Choose another file for the export.\n`,
          `The folder ${join(dir, 'absent')} does not exist. Create it, or choose another --out.\n`,
          `${notes} is a file, not a folder. Choose another --out.\n`,
        ].map((stderr) => ({ status: 2, stdout: '', stderr })),
      );
      expect(statSync(pipe).isFIFO()).toBe(true);
      expect(readFileSync(notes, 'utf8')).toBe('notes');
      expect(fileHash(db)).toBe(before);
    },
    spawning,
  );
});

describe('an --out that is a symbolic link to another file', () => {
  it(
    'replaces the link with the export; the file it pointed to is not written through',
    async () => {
      const db = await database();
      const dir = tempDir();
      const other = join(dir, 'letter.txt');
      writeFileSync(other, 'Dear Dr Okafor,');
      const link = join(dir, 'record.json');
      symlinkSync(other, link);
      const run = await cli('export', '--out', link, '--db', db);
      expect(run).toEqual({ status: 0, stdout: '', stderr: '' });
      expect(readFileSync(other, 'utf8')).toBe('Dear Dr Okafor,');
      expect(lstatSync(link).isFile()).toBe(true);
      expect(JSON.parse(readFileSync(link, 'utf8'))).toMatchObject({ format: 'milia-notes/5' });
    },
    spawning,
  );
});

describe('checkOutputPath', () => {
  it('names what is wrong, or nothing for a new or existing file in a folder', async () => {
    const db = await database();
    const dir = tempDir();
    mkdirSync(join(dir, 'sub'));
    symlinkSync(join(dir, 'sub'), join(dir, 'to-folder'));
    symlinkSync(`${db}-wal`, join(dir, 'to-wal'));
    writeFileSync(join(dir, 'old.json'), '{}');
    const check = (path: string) => checkOutputPath(path, { databasePath: db });
    expect(check(join(dir, 'new.json'))).toBeNull();
    expect(check(join(dir, 'old.json'))).toBeNull();
    // The -wal need not exist: its name alone belongs to the database.
    expect(check(join(dir, 'to-wal'))).toEqual({ reason: 'wal' });
    expect(check(join(dir, 'to-folder'))).toEqual({ reason: 'folder' });
    expect(check(join(dir, 'sub', '..', '..', db.split('/').slice(-2).join('/')))).toEqual({ reason: 'database' });
  });
});

describe('a handout written with --out', () => {
  it('is recorded only once its file is written: a file that cannot be written leaves no record', async () => {
    const db = await database();
    const store = openStore(db);
    const services = parsingServices(createServices(store));
    try {
      await setPracticeContact(services, actor);
      const visitId = store.sqlite.prepare('select min(id) from visits').pluck().get() as number;
      const failing = services.handouts.create(
        actor,
        { visitId },
        {
          beforeRecord: () => {
            throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
          },
        },
      );
      await expect(failing).rejects.toThrow('ENOSPC');
      expect(store.sqlite.prepare('select count(*) from handouts').pluck().get()).toBe(0);
      expect(store.sqlite.prepare("select count(*) from audit_log where entity = 'handout'").pluck().get()).toBe(0);

      let written: Buffer | null = null;
      const record = await services.handouts.create(actor, { visitId }, { beforeRecord: (bytes) => void (written = bytes) });
      expect(written).not.toBeNull();
      expect((await services.handouts.pdf(actor, { id: record.id })).bytes.equals(written!)).toBe(true);
    } finally {
      store.close();
    }
  });
});
