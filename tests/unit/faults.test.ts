/**
 * Storage faults told apart by their codes, each from a real SQLite situation: a second
 * connection holding BEGIN EXCLUSIVE (busy), a read-only connection (readonly), a text file
 * (notadb), a page overwritten with garbage (damaged), a page limit reached (full); drizzle's
 * wrapping of SQLite's error is seen through. Words in a message are never a code: an error
 * that only says "database is locked" is no fault of storage. Each fault has its sentence.
 */
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toEnvelopeError } from '../../src/main/api/handlers';
import { fileFault, fileFaultMessage, storageFault, storageFaultMessage, type StorageFault } from '../../src/main/db/faults';
import { overwritePage } from '../support/damage';
import { tempDir } from '../support/store';

/** The error `work` throws. */
function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('it did not throw');
}

/** A database in rollback-journal mode holding one table of rows. */
function database(rows = 10): string {
  const path = join(tempDir(), 'faults.db');
  const db = new Database(path);
  db.exec('create table notes (id integer primary key, text text not null)');
  const insert = db.prepare('insert into notes (text) values (?)');
  db.transaction(() => {
    for (let i = 0; i < rows; i++) insert.run(`Note ${i} ${'x'.repeat(200)}`);
  })();
  db.close();
  return path;
}

describe('storageFault', () => {
  it('is "busy" while another connection holds BEGIN EXCLUSIVE', () => {
    const path = database();
    const holder = new Database(path);
    const other = new Database(path, { timeout: 0 });
    try {
      holder.exec('begin exclusive');
      const error = thrown(() => other.prepare('select count(*) from notes').get());
      expect(error).toMatchObject({ code: 'SQLITE_BUSY' });
      expect(storageFault(error)).toBe('busy');
    } finally {
      holder.exec('rollback');
      holder.close();
      other.close();
    }
  });

  it('is "readonly" for a write through a read-only connection', () => {
    const db = new Database(database(), { readonly: true });
    try {
      const error = thrown(() => db.prepare("insert into notes (text) values ('new')").run());
      expect(error).toMatchObject({ code: 'SQLITE_READONLY' });
      expect(storageFault(error)).toBe('readonly');
    } finally {
      db.close();
    }
  });

  it('is "notadb" for a text file', () => {
    const path = join(tempDir(), 'notes.txt');
    writeFileSync(path, 'Milia of both lids for a year.\n'.repeat(200));
    const db = new Database(path);
    try {
      const error = thrown(() => db.pragma('user_version'));
      expect(error).toMatchObject({ code: 'SQLITE_NOTADB' });
      expect(storageFault(error)).toBe('notadb');
    } finally {
      db.close();
    }
  });

  it('is "damaged" for a page overwritten with garbage', () => {
    const path = database(200);
    const pages = new Database(path, { readonly: true });
    const leaf = pages.prepare("select pageno from dbstat where name = 'notes' and pagetype = 'leaf' order by pageno").pluck().all() as number[];
    pages.close();
    overwritePage(path, leaf[Math.floor(leaf.length / 2)]!);
    const db = new Database(path);
    try {
      const error = thrown(() => db.prepare('select * from notes').all());
      expect(error).toMatchObject({ code: expect.stringMatching(/^SQLITE_CORRUPT/) });
      expect(storageFault(error)).toBe('damaged');
    } finally {
      db.close();
    }
  });

  it('is "full" when the file may grow no more (PRAGMA max_page_count), also through drizzle\'s query error', () => {
    const db = new Database(database());
    try {
      db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
      const insert = db.prepare('insert into notes (text) values (?)');
      const error = thrown(() => {
        for (let i = 0; i < 1000; i++) insert.run('y'.repeat(1000));
      });
      expect(error).toMatchObject({ code: 'SQLITE_FULL' });
      expect(storageFault(error)).toBe('full');

      const wrapped = thrown(() => drizzle(db).run(sql`insert into notes (text) values (${'z'.repeat(5000)})`));
      expect(wrapped).not.toHaveProperty('code');
      expect((wrapped as Error).cause).toMatchObject({ code: 'SQLITE_FULL' });
      expect(storageFault(wrapped)).toBe('full');
    } finally {
      db.close();
    }
  });

  it('reads no message: an error that says "database is locked" or "disk is full" without SQLite\'s code is no storage fault', () => {
    for (const message of ['database is locked', 'SQLITE_BUSY: database is locked', 'database or disk is full', 'attempt to write a readonly database']) {
      expect(storageFault(new Error(message)), message).toBeNull();
      expect(toEnvelopeError(new Error(message)), message).toEqual({
        ok: false,
        error: { kind: 'internal', message: 'Something went wrong and nothing was saved. Try again; if it happens again, tell IT.' },
      });
    }
    // Nor is a code on an error SQLite did not raise.
    expect(storageFault(Object.assign(new Error('locked'), { code: 'SQLITE_BUSY' }))).toBeNull();
    // And a constraint, SQLite's own error, is not a fault of storage.
    const db = new Database(':memory:');
    db.exec('create table t (id integer primary key)');
    db.exec('insert into t values (1)');
    expect(storageFault(thrown(() => db.exec('insert into t values (1)')))).toBeNull();
    db.close();
  });

  it('gives each fault one plain sentence, through the API envelope too', () => {
    const sentences: Record<StorageFault, string> = {
      damaged: 'The database is damaged, so nothing was saved. Run "check" on it, and restore the newest good backup (Settings → Backups).',
      busy: 'The database is busy with another task. Try again in a moment.',
      full: 'The disk is full, so nothing was saved. Free some space and try again.',
      readonly: 'The database file is read-only, so nothing was saved. Ask IT to check its permissions.',
      notadb: 'The database file is not a Milia Notes database, or it is damaged. Choose the right file.',
    };
    for (const [fault, sentence] of Object.entries(sentences)) expect(storageFaultMessage(fault as StorageFault)).toBe(sentence);
    expect(storageFaultMessage('notadb', 'The --db file')).toBe('The --db file is not a Milia Notes database, or it is damaged. Choose the right file.');

    const db = new Database(database(), { readonly: true });
    try {
      const error = thrown(() => db.prepare("insert into notes (text) values ('new')").run());
      expect(toEnvelopeError(error)).toEqual({ ok: false, error: { kind: 'storage', message: sentences.readonly } });
    } finally {
      db.close();
    }
  });
});

describe('fileFault', () => {
  it('tells a missing folder and a file in place of a folder from real file errors, and a full disk from its code', () => {
    const dir = tempDir();
    const missing = thrown(() => openSync(join(dir, 'absent', 'export.csv'), 'w'));
    expect(fileFault(missing)).toBe('missing');
    writeFileSync(join(dir, 'plain'), '');
    const notFolder = thrown(() => mkdirSync(join(dir, 'plain', 'Backups')));
    expect(fileFault(notFolder)).toBe('notfolder');
    // Node's errors are plain Errors with a code: a full disk cannot be made on demand here.
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/Volumes/USB/milia.xlsx'"), { code: 'ENOSPC', errno: -28 });
    expect(fileFault(full)).toBe('full');
    expect(toEnvelopeError(full)).toEqual({ ok: false, error: { kind: 'storage', message: fileFaultMessage('full') } });
    expect(fileFaultMessage('full')).toBe('The disk is full, so the file was not written. Free some space and try again.');
    expect(fileFault(new Error('no space left on device'))).toBeNull();
  });
});
