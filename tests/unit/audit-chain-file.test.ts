/**
 * The audit trail in a real database file: what someone with the file in hand can do behind the
 * app's back (edit a row, delete one from the middle, delete the newest, rewrite the chain) each
 * caught by `check` naming the row, at the command line too. Rows from before the chain are sealed
 * once. The newest row is recorded beside the database and in each backup's sidecar. Rows written
 * by other writers than the record layer are sealed as SQLite stores their text. The trail
 * exported at the command line (`--db`). The chain, its triggers, and the trail's search and
 * export in the app, on either engine, are in audit-chain.test.ts.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { restoreDatabase } from '../../src/main/backups/restore';
import { checkDatabase } from '../../src/main/check';
import { composeApp } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import { genesis, sealValues, sealedColumns } from '../../src/main/db/records/auditChain';
import { appendAuditRow } from '../../src/main/db/records/sqlite/auditTrail';
import { stateFileFor } from '../../src/main/files/stateFile';
import { createServices } from '../../src/main/services';
import { admin, csvHeader, csvRows, firstEvent, history, per } from '../support/auditHistory';
import { cli } from '../support/cli';
import { migrationsUpTo } from '../support/migrations';
import { testActor as actor, tempDir, testServices } from '../support/store';
import { parsingServices } from '../support/surface';

type Raw = Database.Database;

/** A database with the app over it, its state file made (as start-up does), and `n` patients created (one audit row each). */
async function practice(patients = 3) {
  const s = testServices();
  s.backups.markExpected();
  for (let i = 0; i < patients; i++) {
    await s.patients.create(actor, { givenName: `Zoë ${i}`, familyName: 'Nguyễn', dateOfBirth: '1990-01-01', sex: 'female' });
  }
  return s;
}

/** SQL run on the file by another program, as someone with the file in hand would. */
function tamper(dbPath: string, sql: string): void {
  const db = new Database(dbPath);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
}

const newest = (db: Raw): number => db.prepare('select max(id) from audit_log').pluck().get() as number;
const stateOf = (dbPath: string) => JSON.parse(readFileSync(stateFileFor(dbPath), 'utf8')) as { auditHead?: { row: number; hash: string }; last?: unknown };
const broken = (line: string) => ({ status: 1, stdout: `${line}\n`, stderr: '' });
const changed = (row: number) => `Audit row ${row} does not match its seal: it was changed, or a row before it was removed or inserted.`;

describe('the chain', () => {
  it('a sound trail passes check', async () => {
    const s = await practice(3);
    expect(checkDatabase(s.store)).toEqual([]);
  });

  it('seals text exactly as the database stores it: quotes, backslashes, control characters, emoji and half an emoji', async () => {
    const s = testServices();
    const texts = ['"quoted" \\ back', 'bell \u0007 tab \t nul \u0000 end', 'line\u2028separator', 'zoë 😀', 'half \ud83d an emoji', '\udc00 alone'];
    for (const detail of texts)
      appendAuditRow(s.store.sqlite, { actor: per, action: 'search', entity: 'patient', entityId: null, detail }, '2026-04-01T09:00:00.000Z');
    // Through the record layer's own append, as a search audits its query (the search itself
    // now refuses half a surrogate pair, so old rows and other writers are what this guards).
    await s.store.records.write(async (tx) => tx.audit.append({ actor, action: 'search', entity: 'patient', entityId: null, detail: 'nguy\ud800' }));
    expect(s.store.sqlite.prepare('select detail from audit_log where id >= 5 order by id').pluck().all()).toEqual([
      'half \ufffd an emoji',
      '\ufffd alone',
      'nguy\ufffd',
    ]);
    expect(checkDatabase(s.store)).toEqual([]);
  });
});

describe('a trail changed behind the app', () => {
  it('an edited row makes check fail naming it, at the command line too', async () => {
    const s = await practice(4);
    s.store.close();
    tamper(s.dbPath, "drop trigger audit_log_append_only; update audit_log set detail = 'nothing to see' where id = 2");
    expect(await cli('check', '--db', s.dbPath)).toEqual(broken(changed(2)));
  });

  it('a row deleted from the middle makes check fail naming it', async () => {
    const s = await practice(4);
    s.store.close();
    tamper(s.dbPath, 'drop trigger audit_log_kept; delete from audit_log where id = 2');
    expect(await cli('check', '--db', s.dbPath)).toEqual(broken('Audit row 2 is missing: the trail goes from row 1 to row 3, so it was removed.'));
    tamper(s.dbPath, 'delete from audit_log where id = 1');
    const store = openStore(s.dbPath);
    expect(checkDatabase(store)).toEqual(['Audit rows 1 to 2 are missing: the trail starts at row 3, so they were removed.']);
    store.close();
  });

  it('an unsealed row slipped in makes check fail naming it', async () => {
    const s = await practice(2);
    s.store.close();
    tamper(
      s.dbPath,
      "drop trigger audit_log_sealed; insert into audit_log (id, at, actor, action, entity) values (3, '2026-01-01T00:00:00.000Z', 'x', 'read', 'patient')",
    );
    const store = openStore(s.dbPath);
    expect(checkDatabase(store)).toEqual(['Audit row 3 has no seal: it was written or changed outside Milia Notes.']);
    store.close();
  });

  it('the newest rows deleted with the triggers dropped are caught against the head in the state file, which no later session overwrites', async () => {
    const s = await practice(4);
    s.store.close();
    const recorded = stateOf(s.dbPath).auditHead!;
    expect(recorded).toEqual({ row: 4, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    tamper(s.dbPath, 'drop trigger audit_log_kept; delete from audit_log where id >= 3');
    expect(await cli('check', '--db', s.dbPath)).toEqual(
      broken('The newest audit rows were removed: the state file beside the database records row 4, the database ends at row 2.'),
    );

    // The app goes on writing (rows 3 and 4 again, different ones): the evidence stays.
    const store = openStore(s.dbPath);
    const services = parsingServices(createServices(store));
    for (const name of ['Ana', 'Bo']) await services.patients.create(actor, { givenName: name, familyName: 'Silva', dateOfBirth: '1980-02-02', sex: 'male' });
    store.close();
    expect(stateOf(s.dbPath).auditHead).toEqual(recorded);
    const reopened = openStore(s.dbPath);
    expect(checkDatabase(reopened)).toEqual([
      'Audit row 4 does not carry the seal the state file beside the database records for it: the audit trail was rewritten up to that row.',
    ]);
    // And administrators are told at start-up.
    const app = composeApp(reopened, { version: 'test' });
    expect(await app.invoke(admin, 'app.status', {})).toMatchObject({
      ok: true,
      value: {
        auditTrail: {
          rows: 4,
          problem: 'Audit row 4 does not carry the seal the state file beside the database records for it: the audit trail was rewritten up to that row.',
        },
      },
    });
    reopened.close();
  });

  it('a chain rewritten from an edited row on (every seal recomputed) is caught against the recorded head', async () => {
    const s = await practice(4);
    s.store.close();
    const db = new Database(s.dbPath);
    db.exec("drop trigger audit_log_append_only; update audit_log set detail = 'nothing to see' where id = 2");
    const rows = db
      .prepare(`select ${sealedColumns.join(', ')} from audit_log order by id`)
      .raw()
      .all() as unknown[][];
    let previous = genesis;
    for (const row of rows) {
      previous = sealValues(previous, row);
      db.prepare('update audit_log set hash = ? where id = ?').run(previous, row[0]);
    }
    db.close();
    expect(await cli('check', '--db', s.dbPath)).toEqual(
      broken('Audit row 4 does not carry the seal the state file beside the database records for it: the audit trail was rewritten up to that row.'),
    );
  });
});

describe('the head recorded outside the database', () => {
  it('is written to the state file within a second of a write, and not into a state file that does not exist', async () => {
    const s = await practice(2);
    await new Promise((resolve) => setTimeout(resolve, 1300));
    const row2 = s.store.sqlite.prepare('select hash from audit_log where id = 2').pluck().get();
    expect(stateOf(s.dbPath)).toMatchObject({ last: null, auditHead: { row: 2, hash: row2 } });

    const other = testServices();
    await other.patients.create(actor, { givenName: 'No', familyName: 'State', dateOfBirth: '1990-01-01', sex: 'female' });
    other.store.close();
    expect(existsSync(stateFileFor(other.dbPath))).toBe(false);
  });

  it("goes into each backup's sidecar, which catches the newest rows removed when the state file was edited too", async () => {
    const s = await practice(3);
    const backup = await s.backups.backUp(actor, 'manual');
    const sidecar = JSON.parse(readFileSync(`${backup.file}.json`, 'utf8')) as { auditHead: { row: number; hash: string } };
    const backedUp = new Database(backup.file, { readonly: true });
    expect(sidecar.auditHead).toEqual({ row: 3, hash: backedUp.prepare('select hash from audit_log where id = 3').pluck().get() });
    backedUp.close();
    s.store.close();

    const state = stateOf(s.dbPath);
    delete state.auditHead;
    writeFileSync(stateFileFor(s.dbPath), JSON.stringify(state));
    tamper(s.dbPath, 'drop trigger audit_log_kept; delete from audit_log where id >= 3');
    expect(await cli('check', '--db', s.dbPath)).toEqual(
      broken(`The newest audit rows were removed: the backup ${basename(backup.file)} records row 3, the database ends at row 2.`),
    );
  });

  it('after a restore, follows the restored trail: the heads of the replaced history are not held against it', async () => {
    let clock = new Date('2026-05-01T08:00:00Z');
    const dir = tempDir();
    const dbPath = join(dir, 'milia.db');
    const store = openStore(dbPath, { create: true });
    const s = parsingServices(createServices(store, { backups: { now: () => clock } }));
    s.backups.markExpected();
    const create = (name: string) => s.patients.create(actor, { givenName: name, familyName: 'Berg', dateOfBirth: '1970-01-01', sex: 'male' });
    await create('A');
    const older = await s.backups.backUp(actor, 'manual');
    for (const name of ['B', 'C', 'D']) await create(name);
    clock = new Date('2026-05-02T08:00:00Z');
    await s.backups.backUp(actor, 'manual');
    store.close();
    expect(stateOf(dbPath).auditHead!.row).toBe(6);

    await restoreDatabase(dbPath, older.file, { actor, now: () => new Date('2026-05-03T08:00:00Z') });
    const restored = openStore(dbPath);
    expect(newest(restored.sqlite)).toBe(2);
    expect(stateOf(dbPath).auditHead).toEqual({ row: 2, hash: restored.sqlite.prepare('select hash from audit_log where id = 2').pluck().get() });
    expect(checkDatabase(restored)).toEqual([]);
    restored.close();
  });
});

describe('rows from before the chain', () => {
  it('are sealed once, in order, when the migrated database is first opened, and the old database then verifies', async () => {
    const path = join(tempDir(), 'old.db');
    const old = openStore(path, { create: true, migrationsFolder: migrationsUpTo(1) });
    old.sqlite.exec(`
      insert into clinicians (id, key, name, role) values (1, 'ada', 'Dr Ada Okafor', 'dermatologist');
      insert into patients (id, mrn, given_name, family_name, search_name, date_of_birth, sex) values (1, 'A1', 'Zoë', 'Nguyễn', 'zoe nguyen', '1990-01-01', 'female');
      insert into audit_log (at, actor, action, entity, entity_id, detail) values
        ('2025-01-02T09:00:00.000Z', 'Dr Ada Okafor (dermatologist)', 'create', 'patient', 1, ''),
        ('2025-01-02T09:05:00.000Z', 'Dr Ada Okafor (dermatologist)', 'update', 'patient', 1, 'phone'),
        ('2025-01-03T10:00:00.000Z', 'root (command line)', 'import', 'file', null, 'clinic.json');`);
    old.close();

    const store = openStore(path);
    const rows = store.sqlite
      .prepare(`select ${sealedColumns.join(', ')}, hash from audit_log order by id`)
      .raw()
      .all() as unknown[][];
    let previous = genesis;
    for (const row of rows) {
      expect(row.slice(7, 13)).toEqual([null, '', '', '', null, 'ok']);
      previous = sealValues(previous, row.slice(0, 13));
      expect(row[13]).toBe(previous);
    }
    expect(checkDatabase(store)).toEqual([]);
    const app = composeApp(store, { version: 'test' });
    expect(await app.invoke(admin, 'app.status', {})).toMatchObject({ ok: true, value: { auditTrail: { rows: 3, problem: null } } });
    // New rows follow the sealed ones.
    await parsingServices(app.services).patients.create(actor, { givenName: 'Per', familyName: 'Berg', dateOfBirth: '1980-01-01', sex: 'male' });
    store.close();

    // Sealed once: opening again changes no seal, and a row slipped in unsealed stays a break.
    tamper(
      path,
      "drop trigger audit_log_sealed; insert into audit_log (id, at, actor, action, entity) values (5, '2026-01-01T00:00:00.000Z', 'x', 'read', 'patient')",
    );
    const again = openStore(path);
    expect(again.sqlite.prepare('select hash from audit_log where id <= 3 order by id').pluck().all()).toEqual(rows.map((r) => r[13]));
    expect(checkDatabase(again)).toEqual(['Audit row 5 has no seal: it was written or changed outside Milia Notes.']);
    again.close();
  });
});

describe('cli audit', () => {
  it('prints the events as JSON or CSV, writes --out files, filters, and audits each export', async () => {
    const s = testServices();
    await history(s.store);
    s.store.close();
    const db = s.dbPath;
    const out = join(tempDir(), 'audit.csv');
    const [json, csv, filtered, file] = await Promise.all([
      cli('audit', '--from', '2026-03-30', '--to', '2026-04-02', '--db', db),
      cli('audit', '--from', '2026-03-31', '--to', '2026-04-01', '--format', 'csv', '--db', db),
      cli('audit', '--from', '2026-01-01', '--to', '2026-12-31', '--user', 'Per', '--action', 'read', '--format', 'json', '--db', db),
      cli('audit', '--from', '2026-01-01', '--to', '2026-12-31', '--patient', '5', '--format', 'csv', '--out', out, '--db', db),
    ]);
    expect(json.status).toBe(0);
    expect((JSON.parse(json.stdout) as Array<{ id: number }>).map((e) => e.id)).toEqual([4, 3, 2, 1]);
    expect(JSON.parse(json.stdout)[3]).toEqual(firstEvent);
    expect(csv).toEqual({
      status: 0,
      stdout: [csvHeader, ...csvRows.slice(1, 3), ''].join('\r\n'),
      stderr: '',
    });
    expect(filtered.status).toBe(0);
    expect((JSON.parse(filtered.stdout) as Array<{ id: number }>).map((e) => e.id)).toEqual([2]);
    expect(file).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(
      readFileSync(out, 'utf8')
        .split('\r\n')
        .map((line) => line.split(',')[0]),
    ).toEqual(['\ufeffrow', '3', '1', '']);

    const store = openStore(db);
    const exports = store.sqlite.prepare("select role, surface, detail from audit_log where action = 'export' order by detail").all();
    expect(exports).toEqual([
      { role: 'system', surface: 'cli', detail: 'csv, 2026-01-01 to 2026-12-31, patient 5: 2 events' },
      { role: 'system', surface: 'cli', detail: 'csv, 2026-03-31 to 2026-04-01: 2 events' },
      { role: 'system', surface: 'cli', detail: 'json, 2026-01-01 to 2026-12-31, user Per, action read: 1 event' },
      { role: 'system', surface: 'cli', detail: 'json, 2026-03-30 to 2026-04-02: 4 events' },
    ]);
    expect(checkDatabase(store)).toEqual([]);
    store.close();
  });

  it('refuses bad options with exit 2 and one line, before reading anything', async () => {
    const s = testServices();
    await history(s.store);
    s.store.close();
    const db = s.dbPath;
    const runs = await Promise.all([
      cli('audit', '--to', '2026-04-02', '--db', db),
      cli('audit', '--from', '2026-02-30', '--to', '2026-04-02', '--db', db),
      cli('audit', '--from', '2026-04-02', '--to', '2026-04-01', '--db', db),
      cli('audit', '--from', '2026-04-01', '--to', '2026-04-02', '--format', 'xlsx', '--db', db),
      cli('audit', '--from', '2026-04-01', '--to', '2026-04-02', '--patient', 'zoe', '--db', db),
      cli('audit', '--from', '2026-04-01', '--to', '2026-04-02', '--out', db, '--db', db),
    ]);
    expect(runs).toEqual(
      [
        'Say which days: audit --from YYYY-MM-DD --to YYYY-MM-DD (both days included).',
        '--from must be a real date written YYYY-MM-DD, from 1900 on, not "2026-02-30".',
        '--to must be on or after --from: swap the two days.',
        '--format must be json or csv, not "xlsx".',
        '--patient must be the patient\'s id, a whole number such as 42, not "zoe".',
        '--out names the database itself. Choose another file for the audit export.',
      ].map((line) => ({ status: 2, stdout: '', stderr: `${line}\n` })),
    );
    const store = openStore(db);
    expect(newest(store.sqlite)).toBe(4);
    store.close();
  });
});
