/**
 * The audit trail's rows for a backup and a restore, made by a real user on a real SQLite file:
 * one row for the backup, and for a restore one in the database it replaced and one in the
 * database restored. The other events, on either engine, are in audit-events.test.ts.
 */
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { Actor } from '@shared/types';
import type { ExportShell } from '../../src/main/api/exportShell';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import type { PdfShell } from '../../src/main/api/pdfShell';
import { openStore, type SqliteStore } from '../../src/main/db/open';
import { createServices } from '../../src/main/services';
import type { RestoreHook } from '../../src/main/services/backups';
import { userActor } from '../support/actors';
import { visitInput } from '../support/apiInputs';
import { parsingServices, type TestServices } from '../support/surface';
import { tempDir, testPasswordCost, testServices } from '../support/store';

const pdf: PdfShell = { showPdf: async () => ({ url: null }) };
const files: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: null, url: '/exports/x' }) }) };

/** A clinic of four users, a patient and a visit the dermatologist documented. */
async function clinic(s: TestServices = testServices()) {
  const dermatologist = await userActor(s, 'dermatologist', { surface: 'browser' });
  const nurse = await userActor(s, 'nurse');
  const manager = await userActor(s, 'manager');
  const admin = await userActor(s, 'admin', { surface: 'cli' });
  const clinicians = { dermatologist: dermatologist.clinicianId!, nurse: nurse.clinicianId! };
  const zoe = await s.patients.create(nurse, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const visit = await s.visits.save(dermatologist, visitInput(zoe.id, clinicians));
  const invoke = createInvoker(createHandlers(s, { version: '9.9.9' }, { pdf, files }));
  return { s, invoke, dermatologist, nurse, manager, admin, zoe, visit };
}

interface Row {
  userId: number | null;
  username: string;
  role: string;
  surface: string;
  action: string;
  entity: string;
  entityId: number | null;
  patientId: number | null;
  outcome: string;
  detail: string;
}

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

/** Who a row names: the user, their role and the surface they acted from. */
const by = (actor: Actor) => ({ userId: actor.userId, username: actor.username, role: actor.role, surface: actor.surface, outcome: 'ok' });

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
  const { invoke, admin } = await clinic(s);

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
