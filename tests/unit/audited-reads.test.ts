/**
 * The audit line of a read (a search, a chart or a patient opened) is committed without
 * waiting for the disk, and every other unit still waits for it (hazard log AUDIT-1): the
 * line is in the log when the call returns, so an app crash keeps it, and the head recorded
 * outside the database names it only once a checkpoint or a durable write has put it on disk.
 */
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { checkDatabase } from '../../src/main/check';
import { openStore } from '../../src/main/db/open';
import { stateFileFor } from '../../src/main/files/stateFile';
import { testActor as actor, tempDir, testServices } from '../support/store';

const zoe = { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1990-01-01', sex: 'female' } as const;
const headOf = (dbPath: string) => (JSON.parse(readFileSync(stateFileFor(dbPath), 'utf8')) as { auditHead?: { row: number } }).auditHead?.row;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the audit line of a read', () => {
  it('is committed at synchronous NORMAL, and every other unit at FULL, also after a read that failed', async () => {
    const s = testServices();
    const level = () => s.store.sqlite.pragma('synchronous', { simple: true });
    expect(await s.store.records.audited(async () => level())).toBe(1);
    expect(await s.store.records.write(async () => level())).toBe(2);
    expect(await s.store.records.read(async () => level())).toBe(2);
    await expect(
      s.store.records.audited(async (tx) => {
        await tx.audit.append({ actor, action: 'search', entity: 'patient', entityId: null, detail: 'x' });
        throw new Error('the read failed');
      }),
    ).rejects.toThrow('the read failed');
    expect(await s.store.records.write(async () => level())).toBe(2);
    await expect(s.chart.get(actor, { id: 99 })).rejects.toThrow('Patient 99 does not exist.');
    expect(level()).toBe(2);
    expect(s.store.sqlite.prepare('select count(*) from audit_log').pluck().get()).toBe(0);
  });

  it('is kept through an app crash, with the writes, the chain whole', async () => {
    const s = testServices();
    const { id } = await s.patients.create(actor, zoe);
    await s.patients.search(actor, { query: 'zoe' });
    await s.chart.get(actor, { id });
    await s.patients.get(actor, { id });
    await s.patients.search(actor, { query: 'nguyen' });
    // What a process killed now leaves: the file and its log as they are, never checkpointed.
    const crashed = join(tempDir(), 'milia.db');
    copyFileSync(s.dbPath, crashed);
    copyFileSync(`${s.dbPath}-wal`, `${crashed}-wal`);
    const reopened = openStore(crashed);
    try {
      expect(
        reopened.sqlite.prepare("select action || ' ' || entity || ' ' || iif(detail <> '', detail, entity_id) from audit_log order by id").pluck().all(),
      ).toEqual([`create patient ${id}`, 'search patient zoe', `read chart ${id}`, `read patient ${id}`, 'search patient nguyen']);
      expect(checkDatabase(reopened)).toEqual([]);
    } finally {
      reopened.close();
    }
  });

  it('reaches the head recorded beside the database only once a checkpoint or a durable write puts it on disk', async () => {
    const s = testServices();
    s.backups.markExpected();
    const { id } = await s.patients.create(actor, zoe);
    // Another program reading from before the search holds the checkpoint back.
    const reader = new Database(s.dbPath, { readonly: true });
    reader.prepare('begin').run();
    reader.prepare('select count(*) from audit_log').get();
    await s.patients.search(actor, { query: 'zoe' });
    await pause(2300);
    expect(headOf(s.dbPath)).toBe(1);
    reader.prepare('commit').run();
    reader.close();
    await pause(2300);
    expect(headOf(s.dbPath)).toBe(2);

    await s.chart.get(actor, { id });
    await s.patients.update(actor, { id, mrn: 'MN-000001', ...zoe, givenName: 'Zoe' });
    await pause(1300);
    expect(headOf(s.dbPath)).toBe(4);
    await s.patients.search(actor, { query: 'zoe' });
    s.store.close();
    expect(headOf(s.dbPath)).toBe(5);
  });
});
