/**
 * The audit trail on a real record, SQLite file or practice server: every row sealed onto the
 * chain after the one before, the triggers that refuse changes whatever the surface, and a sound
 * trail passing the start-up verification (the chain walked whole). Administrators search the
 * trail and export it (the export audited). What is about the SQLite file (`check`, changes made
 * behind the app's back, the heads recorded beside it, rows from before the chain, the command
 * line's `--db`) is in audit-chain-file.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { ExportStash } from '../../src/main/browser/exports';
import { composeApp } from '../../src/main/compose';
import type { Store } from '../../src/main/db/records';
import { genesis, sealValues, sealedColumns } from '../../src/main/db/records/auditChain';
import { createServices } from '../../src/main/services';
import { ada, admin, csvHeader, csvRows, firstEvent, history, per } from '../support/auditHistory';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';

/** A record with the app's services over it, and `n` patients created (one audit row each). */
async function practice(patients = 3) {
  const s = engineServices();
  for (let i = 0; i < patients; i++) {
    await s.patients.create(actor, { givenName: `Zoë ${i}`, familyName: 'Nguyễn', dateOfBirth: '1990-01-01', sex: 'female' });
  }
  return s;
}

const newest = (store: Store) => rawSql(store).value<number>('select max(id) from audit_log');
/** The trail as the start-up verification finds it, by services new to the record (each set verifies once). */
const verification = (store: Store) => createServices(store).audit.verification();

describe('the chain', () => {
  it('seals every row after the one before, and a sound trail passes the start-up verification', async () => {
    const s = await practice(3);
    const rows = (await rawSql(s.store).all(`select ${sealedColumns.join(', ')}, hash from audit_log order by id`)).map((r) => Object.values(r));
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3]);
    let previous = genesis;
    for (const row of rows) {
      expect(row[13]).toBe(sealValues(previous, row.slice(0, 13)));
      previous = row[13] as string;
    }
    const app = composeApp(s.store, { version: 'test' });
    expect(await app.invoke(admin, 'app.status', {})).toMatchObject({ ok: true, value: { auditTrail: { rows: 3, problem: null } } });
    // Only those who may read the trail are told about it.
    const nurse = await app.invoke(per, 'app.status', {});
    expect(nurse.ok && 'auditTrail' in nurse.value).toBe(false);
  });

  it('is append-only: the triggers refuse an update, a delete and an unsealed row, whatever the surface', async () => {
    const s = await practice(2);
    const sql = rawSql(s.store);
    const refused = 'Milia Notes: the audit trail cannot be changed.';
    await expect(sql.run("update audit_log set detail = 'nothing happened' where id = 1")).rejects.toThrow(refused);
    await expect(sql.run('update audit_log set id = 9 where id = 2')).rejects.toThrow(refused);
    await expect(sql.run('delete from audit_log where id = 2')).rejects.toThrow(refused);
    await expect(sql.run('delete from audit_log')).rejects.toThrow(refused);
    await expect(
      sql.run("insert into audit_log (id, at, actor, action, entity) values (3, '2026-01-01T00:00:00.000Z', 'x', 'read', 'patient')"),
    ).rejects.toThrow('Milia Notes: an audit row must arrive sealed.');
    expect(await newest(s.store)).toBe(2);
    expect(await verification(s.store)).toEqual({ rows: 2, problem: null });
  });
});

describe('searching the trail', () => {
  it('filters by days (both included, UTC), user, patient and action, newest first, with the total', async () => {
    const s = engineServices();
    await history(s.store);
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
    // The widest days there are: the last day's end is not a date of year 10000.
    expect(await ids({ from: '1900-01-01', to: '9999-12-31' })).toEqual({ ids: [4, 3, 2, 1], total: 4 });

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
    const s = engineServices();
    await history(s.store);
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
    expect(await rawSql(s.store).all('select id, username, action, entity, outcome from audit_log where id > 4 order by id')).toEqual([
      { id: 5, username: 'per', action: 'forbidden', entity: 'audit.read', outcome: 'forbidden' },
      { id: 6, username: 'ada', action: 'forbidden', entity: 'audit.read', outcome: 'forbidden' },
    ]);
    expect(await verification(s.store)).toEqual({ rows: 6, problem: null });
  });
});

describe('exporting the trail', () => {
  it('saves every matching event as CSV with a header row, text guarded against formulas, and audits the export', async () => {
    const s = engineServices();
    await history(s.store);
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
    expect(await rawSql(s.store).get('select username, role, surface, action, entity, detail from audit_log where id = 5')).toEqual({
      username: 'ines',
      role: 'admin',
      surface: 'desktop',
      action: 'export',
      entity: 'audit',
      detail: 'csv, 2026-03-30 to 2026-04-02: 4 events',
    });
    expect(await verification(s.store)).toEqual({ rows: 5, problem: null });
  });

  it('is refused where no file can be saved, and a cancelled dialog reads and records nothing', async () => {
    const s = engineServices();
    await history(s.store);
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
    expect(await newest(s.store)).toBe(4);
  });
});
