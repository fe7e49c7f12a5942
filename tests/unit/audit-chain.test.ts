/**
 * The audit trail on real database files: every row sealed onto the chain, the triggers that
 * refuse changes, and what someone with the file in hand can do behind the app's back (edit a
 * row, delete one from the middle, delete the newest, rewrite the chain) each caught by `check`
 * naming the row, at the command line too. Rows from before the chain are sealed once. The
 * newest row is recorded beside the database and in each backup's sidecar. Administrators
 * search the trail and export it (the export audited), in the app and at the command line.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { systemActor } from '@shared/permissions';
import type { Actor } from '@shared/types';
import { ExportStash } from '../../src/main/browser/exports';
import { restoreDatabase } from '../../src/main/backups/restore';
import { checkDatabase } from '../../src/main/check';
import { composeApp } from '../../src/main/compose';
import { openStore } from '../../src/main/db/open';
import { genesis, sealValues, sealedColumns } from '../../src/main/db/records/auditChain';
import { appendAuditRow } from '../../src/main/db/records/sqlite/auditTrail';
import { stateFileFor } from '../../src/main/files/stateFile';
import { createServices } from '../../src/main/services';
import { cli } from '../support/cli';
import { migrationsUpTo } from '../support/migrations';
import { testActor as actor, tempDir, testServices } from '../support/store';
import { parsingServices } from '../support/surface';

const admin: Actor = { ...systemActor('Ines Admin', 'desktop'), userId: 1, username: 'ines', role: 'admin' };
const ada: Actor = {
  ...systemActor('Dr Ada Okafor', 'desktop'),
  userId: 2,
  username: 'ada',
  role: 'dermatologist',
  clinicianId: 1,
  clinicalRole: 'dermatologist',
};
const per: Actor = { ...systemActor('Per Lindqvist', 'browser'), userId: 7, username: 'per', role: 'nurse', clinicianId: 2, clinicalRole: 'nurse' };

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
  it('seals every row after the one before, and a sound trail passes check and the start-up verification', async () => {
    const s = await practice(3);
    const rows = s.store.sqlite
      .prepare(`select ${sealedColumns.join(', ')}, hash from audit_log order by id`)
      .raw()
      .all() as unknown[][];
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3]);
    let previous = genesis;
    for (const row of rows) {
      expect(row[13]).toBe(sealValues(previous, row.slice(0, 13)));
      previous = row[13] as string;
    }
    expect(checkDatabase(s.store)).toEqual([]);
    const app = composeApp(s.store, { version: 'test' });
    expect(await app.invoke(admin, 'app.status', {})).toMatchObject({ ok: true, value: { auditTrail: { rows: 3, problem: null } } });
    // Only those who may read the trail are told about it.
    const nurse = await app.invoke(per, 'app.status', {});
    expect(nurse.ok && 'auditTrail' in nurse.value).toBe(false);
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

  it('is append-only: the triggers refuse an update, a delete and an unsealed row, whatever the surface', async () => {
    const s = await practice(2);
    const { sqlite } = s.store;
    const refused = 'Milia Notes: the audit trail cannot be changed.';
    expect(() => sqlite.prepare("update audit_log set detail = 'nothing happened' where id = 1").run()).toThrow(refused);
    expect(() => sqlite.prepare('update audit_log set id = 9 where id = 2').run()).toThrow(refused);
    expect(() => sqlite.prepare('delete from audit_log where id = 2').run()).toThrow(refused);
    expect(() => sqlite.prepare('delete from audit_log').run()).toThrow(refused);
    expect(() =>
      sqlite.prepare("insert into audit_log (id, at, actor, action, entity) values (3, '2026-01-01T00:00:00.000Z', 'x', 'read', 'patient')").run(),
    ).toThrow('Milia Notes: an audit row must arrive sealed.');
    expect(newest(sqlite)).toBe(2);
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

/** Rows at known times, by known people, sealed as the app seals them. */
function history(sqlite: Raw): void {
  const rows: Array<[Actor, string, string, string, number | null, number | null, string]> = [
    [ada, '2026-03-30T10:00:00.000Z', 'read', 'visit', 11, 5, ''],
    [per, '2026-03-31T23:59:59.999Z', 'read', 'patient', 6, 6, ''],
    [ada, '2026-04-01T00:00:00.000Z', 'print', 'handout', 3, 5, '=HYPERLINK("http://example.com","click")'],
    [per, '2026-04-02T08:00:00.000Z', 'search', 'patient', null, null, 'nguyen, "zoë"\nline two'],
  ];
  for (const [who, at, action, entity, entityId, patientId, detail] of rows)
    appendAuditRow(sqlite, { actor: who, action, entity, entityId, patientId, detail }, at);
}

/** The first row of `history`, as the trail gives it back. */
const firstEvent = {
  id: 1,
  at: '2026-03-30T10:00:00.000Z',
  actor: 'Dr Ada Okafor (dermatologist)',
  userId: 2,
  username: 'ada',
  role: 'dermatologist',
  surface: 'desktop',
  action: 'read',
  patientId: 5,
  entity: 'visit',
  entityId: 11,
  outcome: 'ok',
  detail: '',
};

/** `history` as CSV: the header, and its rows newest first, text guarded against formulas. */
const csvHeader = 'row,time (UTC),user,username,role,surface,action,patient id,record,record id,outcome,detail';
const csvRows = [
  '4,2026-04-02T08:00:00.000Z,Per Lindqvist (nurse),per,nurse,browser,search,,patient,,ok,"nguyen, ""zoë""\nline two"',
  `3,2026-04-01T00:00:00.000Z,Dr Ada Okafor (dermatologist),ada,dermatologist,desktop,print,5,handout,3,ok,"'=HYPERLINK(""http://example.com"",""click"")"`,
  '2,2026-03-31T23:59:59.999Z,Per Lindqvist (nurse),per,nurse,browser,read,6,patient,6,ok,',
  '1,2026-03-30T10:00:00.000Z,Dr Ada Okafor (dermatologist),ada,dermatologist,desktop,read,5,visit,11,ok,',
];

describe('searching the trail', () => {
  it('filters by days (both included, UTC), user, patient and action, newest first, with the total', async () => {
    const s = testServices();
    history(s.store.sqlite);
    const app = composeApp(s.store, { version: 'test' });
    const ids = async (query: object) => {
      const result = await app.invoke(admin, 'audit.search', query);
      if (!result.ok) throw new Error(result.error.message);
      return { ids: result.value.events.map((e) => e.id), total: result.value.total };
    };
    expect(await ids({ from: '2026-03-31', to: '2026-03-31' })).toEqual({ ids: [2], total: 1 });
    expect(await ids({ from: '2026-03-30', to: '2026-04-01' })).toEqual({ ids: [3, 2, 1], total: 3 });
    expect(await ids({ from: '2026-01-01', to: '2026-12-31', username: 'ADA' })).toEqual({ ids: [3, 1], total: 2 });
    expect(await ids({ from: '2026-01-01', to: '2026-12-31', userId: 7 })).toEqual({ ids: [4, 2], total: 2 });
    expect(await ids({ from: '2026-01-01', to: '2026-12-31', patientId: 5 })).toEqual({ ids: [3, 1], total: 2 });
    expect(await ids({ from: '2026-01-01', to: '2026-12-31', action: 'print' })).toEqual({ ids: [3], total: 1 });
    expect(await ids({ from: '2026-01-01', to: '2026-12-31', patientId: 5, action: 'read' })).toEqual({ ids: [1], total: 1 });
    expect(await ids({ from: '2026-01-01', to: '2026-12-31', limit: 2 })).toEqual({ ids: [4, 3], total: 4 });
    expect(await ids({ from: '2026-04-03', to: '2026-12-31' })).toEqual({ ids: [], total: 0 });

    const page = await app.invoke(admin, 'audit.search', { from: '2026-03-30', to: '2026-03-30' });
    expect(page).toEqual({
      ok: true,
      value: {
        total: 1,
        events: [firstEvent],
      },
    });
  });

  it('refuses days the wrong way round and anyone but an administrator, changing nothing but the record of the refusal', async () => {
    const s = testServices();
    history(s.store.sqlite);
    const app = composeApp(s.store, { version: 'test' });
    expect(await app.invoke(admin, 'audit.search', { from: '2026-04-02', to: '2026-04-01' })).toMatchObject({
      ok: false,
      error: { kind: 'validation', issues: [{ path: 'to', message: 'must be on or after the "from" day: swap the two days' }] },
    });
    const forbidden = { kind: 'forbidden', message: 'Only an administrator can read or export the audit trail; you are signed in as a nurse.' };
    expect(await app.invoke(per, 'audit.search', { from: '2026-01-01', to: '2026-12-31' })).toEqual({ ok: false, error: forbidden });
    expect(await app.invoke(ada, 'audit.export', { from: '2026-01-01', to: '2026-12-31' })).toEqual({
      ok: false,
      error: { ...forbidden, message: 'Only an administrator can read or export the audit trail; you are signed in as a dermatologist.' },
    });
    expect(s.store.sqlite.prepare('select id, username, action, entity, outcome from audit_log where id > 4 order by id').all()).toEqual([
      { id: 5, username: 'per', action: 'forbidden', entity: 'audit.read', outcome: 'forbidden' },
      { id: 6, username: 'ada', action: 'forbidden', entity: 'audit.read', outcome: 'forbidden' },
    ]);
    expect(checkDatabase(s.store)).toEqual([]);
  });
});

describe('exporting the trail', () => {
  it('saves every matching event as CSV with a header row, text guarded against formulas, and audits the export', async () => {
    const s = testServices();
    history(s.store.sqlite);
    const stash = new ExportStash();
    const app = composeApp(s.store, { version: 'test', shells: { files: stash } });
    const result = await app.invoke(admin, 'audit.export', { from: '2026-03-30', to: '2026-04-02', limit: 1 });
    expect(result).toEqual({
      ok: true,
      value: { saved: { rows: 4, fileName: 'milia-audit-2026-03-30-to-2026-04-02.csv', savedTo: null, url: expect.stringMatching(/^\/exports\/.+\.csv$/) } },
    });
    const found = stash.lookup(result.ok ? result.value.saved!.url! : '');
    if (found.kind !== 'found') throw new Error(found.kind);
    expect(found.fileName).toBe('milia-audit-2026-03-30-to-2026-04-02.csv');
    expect(found.bytes.toString('utf8')).toBe([`\ufeff${csvHeader}`, ...csvRows, ''].join('\r\n'));
    expect(s.store.sqlite.prepare('select username, role, surface, action, entity, detail from audit_log where id = 5').get()).toEqual({
      username: 'ines',
      role: 'admin',
      surface: 'desktop',
      action: 'export',
      entity: 'audit',
      detail: 'csv, 2026-03-30 to 2026-04-02: 4 events',
    });
    expect(checkDatabase(s.store)).toEqual([]);
  });

  it('is refused where no file can be saved, and a cancelled dialog reads and records nothing', async () => {
    const s = testServices();
    history(s.store.sqlite);
    const bare = composeApp(s.store, { version: 'test' });
    expect(await bare.invoke(admin, 'audit.export', { from: '2026-03-30', to: '2026-04-02' })).toEqual({
      ok: false,
      error: {
        kind: 'forbidden',
        message: 'Exports can be saved only from the Milia Notes window or its browser mode; use the command line "audit" otherwise.',
      },
    });
    const cancelled = composeApp(s.store, { version: 'test', shells: { files: { chooseTarget: async () => null } } });
    expect(await cancelled.invoke(admin, 'audit.export', { from: '2026-03-30', to: '2026-04-02' })).toEqual({ ok: true, value: { saved: null } });
    expect(newest(s.store.sqlite)).toBe(4);
  });
});

describe('cli audit', () => {
  it('prints the events as JSON or CSV, writes --out files, filters, and audits each export', async () => {
    const s = testServices();
    history(s.store.sqlite);
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
    history(s.store.sqlite);
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
