/**
 * The audit trail's rows for a backup and a restore, made by a real user on a real SQLite file:
 * one row for the backup, and for a restore one in the database it replaced and one in the
 * database restored. The other events, on either engine, are in audit-events.test.ts.
 */
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openStore, type SqliteStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import type { RestoreHook } from '../../src/main/services/backups';
import { parsingServices, type TestServices } from '../support/surface';
import { tempDir, testPasswordCost } from '../support/store';
import { auditClinic, by, type Row } from '../support/auditClinic';

/** The rows a piece of work appended to the audit log. */
async function appended(s: TestServices, work: () => Promise<unknown>): Promise<Row[]> {
  const { sqlite } = s.store;
  const last = sqlite.prepare('select coalesce(max(id), 0) from audit_log').pluck().get();
  await work();
  return sqlite
    .prepare(
      'select user_id as userId, username, role, surface, action, entity, entity_id as entityId, patient_id as patientId, outcome, detail from audit_log where id > ? order by id',
    )
    .all(last) as Row[];
}

describe('backups', () => {
  it('a backup leaves one row, and a restore one in the database it replaced and one in the database restored', async () => {
    const dbPath = join(tempDir(), 'milia.db');
    let live = openStore(dbPath, { create: true });
    // As the browser mode restores: close the store, swap the file, open it again.
    const onRestore: RestoreHook = async (swap) => {
      await s.backups.whenIdle();
      live.close();
      try {
        return await swap();
      } finally {
        live = openStore(dbPath);
      }
    };
    const s = parsingServices(createServices(live, { backups: { onRestore }, passwordCost: testPasswordCost }));
    try {
      await backUpAndRestore(s, () => live);
    } finally {
      live.close();
    }
  });
});

async function backUpAndRestore(s: TestServices, live: () => SqliteStore): Promise<void> {
  const { invoke, admin } = await auditClinic(s);

  const backedUp = await appended(s, async () => {
    await invoke(admin, 'backups.run', {});
    await s.backups.whenIdle();
  });
  const file = (await s.backups.list(admin, {})).backups[0]!.file;
  const name = basename(file);
  expect(backedUp).toEqual([{ ...by(admin), action: 'backup', entity: 'database', entityId: null, patientId: null, detail: `manual: ${name}` }]);

  const restored = await invoke(admin, 'backups.restore', { file });
  expect(restored.ok).toBe(true);
  if (!restored.ok) return;
  // The request is in the replaced database (kept as a copy), the restore itself in the restored one.
  const restore = "select user_id as userId, username, role, surface, action, detail from audit_log where action = 'restore'";
  const who = { userId: admin.userId, username: admin.username, role: 'admin', surface: 'cli' };
  const kept = new Database(restored.value.previousCopy, { readonly: true });
  try {
    expect(kept.prepare(restore).all()).toEqual([{ ...who, action: 'restore', detail: `from ${name}` }]);
  } finally {
    kept.close();
  }
  expect(live().sqlite.prepare(restore).all()).toEqual([{ ...who, action: 'restore', detail: `restored from ${name}` }]);
}
