/**
 * Restoring on real database files: a refused file (text, truncated, newer, foreign, empty,
 * a folder) changes nothing, byte for byte; a good one is swapped in with the previous
 * database kept; and the API's restore (administrators only, through the surface's hook).
 */
import { systemActor } from '@shared/permissions';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers, createInvoker, parseInput } from '../../src/main/api/handlers';
import { startBrowserServer } from '../../src/main/browser/server';
import { backupTo, inspectFile, listBackups } from '../../src/main/backups/backup';
import { restoreDatabase } from '../../src/main/backups/restore';
import type { RestoreHook } from '../../src/main/services/backups';
import { checkDatabase } from '../../src/main/check';
import { seal, type AuditRowContent } from '../../src/main/db/records/auditChain';
import { findMigrationsFolder, openStore, readJournal, type SqliteStore as Store } from '../../src/main/db/open';
import { seed } from '../../src/main/seed';
import { createServices } from '../../src/main/services';
import { migrationsUpTo } from '../support/migrations';
import { parsingServices } from '../support/surface';
import type { ApiName } from '@shared/api';
import type { BackupState, RestoreResult } from '@shared/backups';
import type { Envelope } from '@shared/errors';
import type { Actor } from '@shared/types';
import { testActor as actor, tempDir, testPasswordCost } from '../support/store';
import { pollUntil } from '../support/poll';

const opened: Store[] = [];
afterEach(async () => {
  while (opened.length) opened.pop()!.close();
});

const journal = readJournal(findMigrationsFolder());

function openTracked(path: string): Store {
  const store = openStore(path);
  opened.push(store);
  return store;
}

/** A closed database with `patients` synthetic patients, alone in its folder. */
async function database(patients: number, name = 'milia.db'): Promise<string> {
  const path = join(tempDir(), name);
  const store = openStore(path, { create: true });
  if (patients > 0) await seed(store.records, actor, { patients, seed: 5, today: '2026-04-01' });
  store.close();
  return path;
}

/** A verified backup of the database at `path`, in a folder of its own. */
async function backupOf(path: string): Promise<string> {
  const file = join(tempDir(), 'milia-notes-backup.db');
  const store = openStore(path);
  try {
    await backupTo(store.sqlite, file);
  } finally {
    store.close();
  }
  return file;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

/** The live database's folder as it is: every file's name and hash. */
function snapshot(dbPath: string): Record<string, string> {
  const folder = join(dbPath, '..');
  return Object.fromEntries(readdirSync(folder).map((name) => [name, sha256(join(folder, name))]));
}

function patientCount(path: string): number {
  const sqlite = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return sqlite.prepare('select count(*) from patients').pluck().get() as number;
  } finally {
    sqlite.close();
  }
}

describe('restoring a file that is not a good Milia Notes database', () => {
  it('refuses each with its reason and changes nothing', async () => {
    const live = await database(6);
    const good = await backupOf(live);
    const folder = tempDir();
    const files = {
      text: join(folder, 'notes.txt'),
      truncated: join(folder, 'half.db'),
      truncatedOffPage: join(folder, 'half-off-page.db'),
      newer: join(folder, 'from-the-future.db'),
      foreign: join(folder, 'contacts.sqlite'),
      otherApp: join(folder, 'other-app.db'),
      empty: join(folder, 'empty.db'),
      emptyDatabase: join(folder, 'empty-sqlite.db'),
    };
    writeFileSync(files.text, 'Patient list, exported 2026-03-01\nNguyễn, Zoë\n'.repeat(100));
    const bytes = readFileSync(good);
    const pageSize = bytes.readUInt16BE(16);
    const pages = bytes.length / pageSize;
    writeFileSync(files.truncated, bytes.subarray(0, Math.floor(pages / 2) * pageSize));
    writeFileSync(files.truncatedOffPage, bytes.subarray(0, Math.floor(bytes.length / 2) + 100));
    cpSync(good, files.newer);
    const future = new Database(files.newer);
    future
      .prepare('insert into __drizzle_migrations (hash, created_at) values (?, ?)')
      .run('a-migration-from-a-newer-version', journal.at(-1)!.when + 86_400_000);
    future.pragma(`user_version = ${journal.length + 1}`);
    future.close();
    const foreign = new Database(files.foreign);
    foreign.exec("create table contacts (id integer primary key, name text); insert into contacts (name) values ('Someone')");
    foreign.close();
    const otherApp = new Database(files.otherApp);
    otherApp.pragma('application_id = 1234567');
    otherApp.exec('create table patients (id integer primary key)');
    otherApp.close();
    writeFileSync(files.empty, '');
    // SQLite writes nothing until something is stored: a table made and dropped leaves a header.
    const emptyDb = new Database(files.emptyDatabase);
    emptyDb.exec('create table t (x); drop table t');
    emptyDb.close();

    const advice = 'Nothing was changed. Choose a Milia Notes backup (a file named like milia-notes-2026-01-31T08-00-00Z-automatic.db).';
    const expected: Record<keyof typeof files, string> = {
      text: `${files.text} is not a Milia Notes database (it is a text file). ${advice}`,
      truncated: `${files.truncated} is not a Milia Notes database (it is damaged or truncated). ${advice}`,
      truncatedOffPage: `${files.truncatedOffPage} is not a Milia Notes database (it is damaged or truncated). ${advice}`,
      newer:
        `${files.newer} was written by a newer version of Milia Notes (schema ${journal.length + 1}; this version knows up to ${journal.length}). ` +
        'It has not been changed. Install the newer version to open it.',
      foreign: `${files.foreign} is not a Milia Notes database (it belongs to another program). ${advice}`,
      otherApp: `${files.otherApp} is not a Milia Notes database (it belongs to another program). ${advice}`,
      empty: `${files.empty} is not a Milia Notes database (it is empty). ${advice}`,
      emptyDatabase: `${files.emptyDatabase} is not a Milia Notes database (it is an empty database). ${advice}`,
    };

    const before = snapshot(live);
    const chosen = Object.fromEntries(Object.values(files).map((f) => [f, sha256(f)]));
    for (const [kind, file] of Object.entries(files) as Array<[keyof typeof files, string]>) {
      const attempt = restoreDatabase(live, file);
      await expect(attempt, kind).rejects.toMatchObject({ kind: 'validation', message: expected[kind] });
      expect(snapshot(live), kind).toEqual(before);
      expect(() => inspectFile(file), kind).toThrow(expected[kind]);
    }
    // Nor were the chosen files touched, nor a copy kept of a database that was not replaced.
    expect(Object.fromEntries(Object.values(files).map((f) => [f, sha256(f)]))).toEqual(chosen);
    expect(existsSync(join(live, '..', 'Backups'))).toBe(false);
    expect(patientCount(live)).toBe(6);
  });

  it('refuses a folder, a missing file and the database itself', async () => {
    const live = await database(2);
    const before = snapshot(live);
    const folder = tempDir();
    await expect(restoreDatabase(live, folder)).rejects.toMatchObject({
      kind: 'validation',
      message: expect.stringMatching(/^.* is a folder, not a database file\. Nothing was changed\./),
    });
    await expect(restoreDatabase(live, join(folder, 'nowhere.db'))).rejects.toMatchObject({
      kind: 'not_found',
      message: `${join(folder, 'nowhere.db')} does not exist. Check the file name and try again.`,
    });
    await expect(restoreDatabase(live, live)).rejects.toMatchObject({
      kind: 'validation',
      message: `${live} is the database itself. Choose a backup to restore from; nothing was changed.`,
    });
    expect(snapshot(live)).toEqual(before);
  });

  it('refuses while the database is open elsewhere, changing nothing', async () => {
    const live = await database(3);
    const backup = await backupOf(live);
    // Nothing here reads the file while it is open: closing any descriptor of it would drop
    // this process's POSIX locks on it, SQLite's included.
    const store = openTracked(live);
    await expect(restoreDatabase(live, backup)).rejects.toMatchObject({
      kind: 'conflict',
      message: `${live} is open in Milia Notes or another program, so it was not replaced. Close Milia Notes (and its browser mode), then restore again. Nothing was changed.`,
    });
    expect(existsSync(join(live, '..', 'Backups'))).toBe(false);
    expect(store.sqlite.prepare('select count(*) from patients').pluck().get()).toBe(3);
    expect(readdirSync(join(live, '..')).sort()).toEqual(['milia.db', 'milia.db-shm', 'milia.db-wal']);
  });
});

describe('restoring a good backup', () => {
  it('swaps it in, keeps the previous database in the backup folder of its settings, and records the restore', async () => {
    const live = await database(10);
    const backup = await backupOf(live);
    const store = openStore(live);
    const services = parsingServices(createServices(store));
    await services.patients.create(actor, { givenName: 'After', familyName: 'Backup', dateOfBirth: '1999-09-09', sex: 'female' });
    const kept = join(tempDir(), 'elsewhere');
    await services.settings.update(actor, { ...(await services.settings.read()), backupFolder: kept });
    store.close();
    const backupBytes = sha256(backup);

    const result = await restoreDatabase(live, backup, { actor, now: () => new Date('2026-04-02T09:30:00Z') });
    expect(result.restored).toEqual(inspectFile(backup));
    expect(result.restored.counts.patients).toBe(10);
    expect(result.previousCopy).toBe(join(kept, 'milia-notes-2026-04-02T09-30-00Z-before-restore.db'));
    expect(inspectFile(result.previousCopy).counts.patients).toBe(11);
    expect(listBackups(kept).map((b) => [basename(b.file), b.reason])).toEqual([['milia-notes-2026-04-02T09-30-00Z-before-restore.db', 'before-restore']]);
    // Only the database beside it: no temporary file, no journal of the old one.
    expect(readdirSync(join(live, '..')).sort()).toEqual(['milia.db', 'milia.db.backup-state.json']);
    expect(sha256(backup)).toBe(backupBytes);

    const restored = openTracked(live);
    expect(checkDatabase(restored)).toEqual([]);
    expect(restored.sqlite.prepare('select count(*) from patients').pluck().get()).toBe(10);
    // Sealed onto the restored database's chain, after the backup's newest row, with who and where.
    const [last, previous] = restored.sqlite
      .prepare(
        'select id, at, actor, action, entity, entity_id as entityId, detail, user_id as userId, username, role, surface, patient_id as patientId, outcome, hash from audit_log order by id desc limit 2',
      )
      .all() as Array<AuditRowContent & { hash: string }>;
    expect(last!.hash).toBe(seal(previous!.hash, last!));
    expect(
      restored.sqlite.prepare("select at, actor, username, role, surface, action, outcome, detail from audit_log where entity = 'database'").all(),
    ).toEqual([
      {
        at: '2026-04-02T09:30:00.000Z',
        actor: 'Test Runner (command line)',
        username: 'Test Runner',
        role: 'system',
        surface: 'cli',
        action: 'restore',
        outcome: 'ok',
        detail: 'restored from milia-notes-backup.db',
      },
    ]);
  });

  it('restores an older schema, which is migrated when next opened', async () => {
    // The schema before users and the audit chain (migrations 0000 to 0003), with a clinician, four patients and a visit.
    const oldPath = join(tempDir(), 'old.db');
    const oldStore = openStore(oldPath, { create: true, migrationsFolder: migrationsUpTo(4) });
    oldStore.sqlite.exec(`
      insert into clinicians (id, key, name, role) values (1, 'okafor', 'Dr Ada Okafor', 'dermatologist');
      insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values
        (1, 'A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female'), (2, 'A2', 'Per', 'Lindqvist', 'per lindqvist', '1980-01-01', 'male'),
        (3, 'A3', 'Minh', 'Trần', 'minh tran', '1970-01-01', 'male'), (4, 'A4', 'Eleni', 'Pappas', 'eleni pappas', '1960-01-01', 'female');
      insert into visits (id, key, patient_id, date, clinician_id, created_by, updated_by) values (1, 'v1', 1, '2026-01-02', 1, 't', 't');`);
    const backup = join(tempDir(), 'old-backup.db');
    await backupTo(oldStore.sqlite, backup);
    oldStore.close();

    const live = await database(7);
    // The audit line of a restore goes only into a log of the current shape; an older one is left as it is.
    const result = await restoreDatabase(live, backup, { actor });
    expect(result.restored.schemaVersion).toBe(4);
    expect(result.restored.counts.patients).toBe(4);
    const reopened = openTracked(live);
    expect(reopened.sqlite.pragma('user_version', { simple: true })).toBe(journal.length);
    expect(reopened.sqlite.prepare('select count(*) from patients').pluck().get()).toBe(4);
    // Migrated: the clinician became a user, the visit a draft nobody signed, and the restore's own line was sealed.
    expect(reopened.sqlite.prepare('select username, role from users').all()).toEqual([{ username: 'okafor', role: 'dermatologist' }]);
    expect(reopened.sqlite.prepare('select signed_at from visits').pluck().all()).toEqual([null]);
    expect(reopened.sqlite.prepare("select action, detail, hash is not null as sealed from audit_log where action = 'restore'").all()).toEqual([
      { action: 'restore', detail: 'restored from old-backup.db', sealed: 1 },
    ]);
    expect(checkDatabase(reopened)).toEqual([]);
  });

  it('keeps the bytes of a damaged database it replaces', async () => {
    const live = await database(5);
    const backup = await backupOf(live);
    const bytes = readFileSync(live);
    bytes.fill(0x42, 1024, bytes.length - 10);
    writeFileSync(live, bytes);
    const damaged = sha256(live);
    const result = await restoreDatabase(live, backup, { now: () => new Date('2026-04-03T10:00:00Z') });
    expect(result.previousCopy).toBe(join(live, '..', 'Backups', 'milia-notes-2026-04-03T10-00-00Z-before-restore.damaged.db'));
    expect(sha256(result.previousCopy)).toBe(damaged);
    expect(checkDatabase(openTracked(live))).toEqual([]);
  });

  it('restores where there was no database, keeping nothing', async () => {
    const backup = await backupOf(await database(2));
    const live = join(tempDir(), 'new-home.db');
    expect(await restoreDatabase(live, backup)).toMatchObject({ previousCopy: '', restored: { counts: { patients: 2 } } });
    expect(patientCount(live)).toBe(2);
  });
});

describe('the restore API', () => {
  /** Services over a live database, whose restore hook closes the store and swaps. */
  async function app(patients: number) {
    const live = await database(patients);
    const store = openStore(live);
    let hookCalls = 0;
    const onRestore: RestoreHook = async (swap) => {
      hookCalls++;
      store.close();
      return swap();
    };
    const services = parsingServices(createServices(store, { backups: { onRestore } }));
    const invoke = createInvoker(createHandlers(services, { version: '9.9.9' }));
    return { live, store, services, invoke, hookCalls: () => hookCalls };
  }

  it('is for administrators only', async () => {
    const a = await app(4);
    opened.push(a.store);
    const entry = await a.services.backups.backUp(actor, 'manual');
    await a.services.patients.create(actor, { givenName: 'Still', familyName: 'Here', dateOfBirth: '2000-01-01', sex: 'male' });
    const nurse: Actor = { ...systemActor('Nurse Per', 'cli'), userId: 7, username: 'per', role: 'nurse' };
    expect(await a.invoke(nurse, 'backups.restore', { file: entry.file })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: 'Only an administrator can back up or restore the database; you are signed in as a nurse.' },
    });
    expect(a.hookCalls()).toBe(0);
    expect(a.store.sqlite.open).toBe(true);
    expect(a.store.sqlite.prepare('select count(*) from patients').pluck().get()).toBe(5);
  });

  it('restores a listed backup through the surface hook; refuses a path outside the list and a backup damaged since it was listed', async () => {
    const a = await app(6);
    const entry = await a.services.backups.backUp(actor, 'manual');
    await a.services.patients.create(actor, { givenName: 'Later', familyName: 'Patient', dateOfBirth: '2001-02-03', sex: 'female' });

    const outside = join(tempDir(), 'copy.db');
    cpSync(entry.file, outside);
    expect(await a.invoke(actor, 'backups.restore', { file: outside })).toEqual({
      ok: false,
      error: { kind: 'validation', message: `${outside} is not one of the backups in ${join(a.live, '..', 'Backups')}. Choose a backup from the list.` },
    });

    // Damaged after it was listed: refused before the hook closes anything.
    const second = await a.services.backups.backUp(actor, 'manual');
    const bytes = readFileSync(second.file);
    bytes.fill(0x33, 4096, bytes.length - 4096);
    writeFileSync(second.file, bytes);
    const damaged = await a.invoke(actor, 'backups.restore', { file: second.file });
    expect(damaged).toMatchObject({ ok: false, error: { kind: 'validation', message: expect.stringContaining('(it is damaged or truncated)') } });
    expect(a.hookCalls()).toBe(0);
    expect(a.store.sqlite.open).toBe(true);

    const restored = await a.invoke(actor, 'backups.restore', { file: entry.file });
    expect(a.hookCalls()).toBe(1);
    expect(a.store.sqlite.open).toBe(false);
    if (!restored.ok) throw new Error(restored.error.message);
    expect(restored.value.restored.counts.patients).toBe(6);
    expect(basename(restored.value.previousCopy)).toMatch(/^milia-notes-.*Z-before-restore(-\d+)?\.db$/);
    expect(inspectFile(restored.value.previousCopy).counts.patients).toBe(7);

    const after = openTracked(a.live);
    expect(after.sqlite.prepare('select count(*) from patients').pluck().get()).toBe(6);
    expect(checkDatabase(after)).toEqual([]);
    // The request is in the kept copy's log; the restore itself in the restored database's.
    const kept = new Database(restored.value.previousCopy, { readonly: true });
    expect(kept.prepare("select action, detail from audit_log where action = 'restore'").all()).toEqual([
      { action: 'restore', detail: `from ${basename(entry.file)}` },
    ]);
    kept.close();
    expect(after.sqlite.prepare("select action, detail from audit_log where action = 'restore'").all()).toEqual([
      { action: 'restore', detail: `restored from ${basename(entry.file)}` },
    ]);
  });

  it('says where to restore when the surface cannot', async () => {
    const live = await database(1);
    const store = openTracked(live);
    const services = parsingServices(createServices(store));
    const entry = await services.backups.backUp(actor, 'manual');
    const invoke = createInvoker(createHandlers(services, { version: '9.9.9' }));
    expect(await invoke(actor, 'backups.restore', { file: entry.file })).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message: 'A backup can be restored only from the Milia Notes window, or with the command line ("restore FILE") while the app is closed.',
      },
    });
  });
});

describe('the browser mode', () => {
  it('backs up at start and at close, and carries on with the restored database after a restore', async () => {
    const live = await database(9);
    // An administrator who is also a dermatologist: backups and patients both.
    const store = openStore(live);
    const password = 'a long passphrase for tests';
    const user = { username: 'ada', name: 'Dr Ada Okafor', role: 'admin', password, clinician: { role: 'dermatologist' } };
    await createServices(store, { passwordCost: testPasswordCost }).users.create(actor, parseInput('users.create', user));
    store.close();
    const staticDir = join(tempDir(), 'static');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>Milia Notes</title>');
    const server = await startBrowserServer({ dbPath: live, port: 0, staticDir, automaticBackups: true, passwordCost: testPasswordCost });
    const call = async <T = unknown>(name: ApiName, input: unknown): Promise<Envelope<T>> => {
      const reply = await fetch(`http://127.0.0.1:${server.port}/api/${name}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-milia-token': server.token, 'x-milia-session': 'tab-0123456789abcdef' },
        body: JSON.stringify(input),
      });
      return (await reply.json()) as Envelope<T>;
    };
    const value = <T>(envelope: Envelope<T>): T => {
      if (!envelope.ok) throw new Error(envelope.error.message);
      return envelope.value;
    };
    try {
      value(await call('session.signIn', { username: 'ada', password }));
      const listed = await pollUntil(
        async () => value(await call<BackupState>('backups.list', {})),
        (state) => state.backups.length > 0,
        'the automatic backup',
      );
      expect(listed.backups.map((b) => b.reason)).toEqual(['automatic']);
      value(await call('patients.create', { givenName: 'Only', familyName: 'Afterwards', dateOfBirth: '1966-06-06', sex: 'female' }));
      expect(value(await call<unknown[]>('patients.search', { query: 'Afterwards' }))).toHaveLength(1);

      const restored = value(await call<RestoreResult>('backups.restore', { file: listed.backups[0]!.file }));
      expect(restored.restored.counts.patients).toBe(9);
      expect(inspectFile(restored.previousCopy).counts.patients).toBe(10);
      // The same server, now over the restored file.
      expect(value(await call<unknown[]>('patients.search', { query: 'Afterwards' }))).toHaveLength(0);
      expect(value(await call<{ empty: boolean }>('app.status', {})).empty).toBe(false);
    } finally {
      await server.close();
    }
    const reasons = listBackups(join(live, '..', 'Backups')).map((b) => b.reason);
    expect(reasons).toEqual(['exit', 'before-restore', 'automatic']);
    expect(patientCount(live)).toBe(9);
  });
});
