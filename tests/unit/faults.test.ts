/**
 * Storage faults told apart by their codes, each from a real SQLite situation: a second
 * connection holding BEGIN EXCLUSIVE (busy), a read-only connection (readonly), a text file
 * (notadb), a page overwritten with garbage (damaged), a page limit reached (full); drizzle's
 * wrapping of SQLite's error is seen through. Words in a message are never a code: an error
 * that only says "database is locked" is no fault of storage. Each fault has its sentence.
 * A refusal by one of the app's own triggers (a signed visit changed) is a conflict in the
 * trigger's own sentence.
 */
import { mkdirSync, openSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { describe, expect, it } from 'vitest';
import { toEnvelopeError } from '../../src/main/api/handlers';
import { fileFault, fileFaultMessage, storageFault, storageFaultMessage, triggerRefusal, type StorageFault } from '../../src/main/db/faults';
import { openStore } from '../../src/main/db/open';
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
      // The practice server's, each from a real server in pg-faults.test.ts.
      unreachable:
        'The practice server cannot be reached, so nothing was saved. Check the network connection and try again; if it persists, ask IT whether the server is running.',
      signin:
        "The practice server refused this computer's sign-in, so nothing was saved. Ask IT to check the database user and password this computer connects with.",
      serverfull: "The practice server's disk is full, so nothing was saved. Ask IT to free some space on the server.",
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

describe('triggerRefusal', () => {
  it("gives a refusal by one of the database's triggers as a conflict in the trigger's own sentence, also through drizzle's query error", () => {
    const store = openStore(join(tempDir(), 'milia.db'), { create: true });
    try {
      const { sqlite } = store;
      sqlite.exec(`
        insert into clinicians (id, key, name, role) values (1, 'okafor', 'Dr Ada Okafor', 'dermatologist');
        insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (1, 'A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female');
        insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by, signed_at, signature_kind, signed_by)
          values (1, 'v1', 1, '2026-01-02', 1, 't', 't', '2026-01-02T10:00:00.000Z', 'signed', 'Dr Ada Okafor');`);
      const signed = thrown(() => sqlite.prepare("update visits set notes = 'Forged.' where id = 1").run());
      const conflict = { ok: false, error: { kind: 'conflict', message: 'This visit is signed and cannot change; add an addendum instead.' } };
      expect(triggerRefusal(signed)).toBe(conflict.error.message);
      expect(toEnvelopeError(signed)).toEqual(conflict);
      expect(toEnvelopeError(thrown(() => drizzle(sqlite).run(sql`delete from visits where id = 1`)))).toEqual(conflict);
    } finally {
      store.close();
    }
  });

  it("reads no other trigger's words: a refusal without the app's prefix stays an internal fault", () => {
    const db = new Database(':memory:');
    db.exec(
      "create table t (id integer primary key); create trigger t_kept before delete on t begin select raise(abort, 'Kept.'); end; insert into t values (1);",
    );
    const error = thrown(() => db.prepare('delete from t').run());
    expect(triggerRefusal(error)).toBeNull();
    expect(toEnvelopeError(error)).toMatchObject({ ok: false, error: { kind: 'internal' } });
    db.close();
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
