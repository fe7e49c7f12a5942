/**
 * The permission table, walked: every role × every API call that needs a permission
 * (generated from `api` and `permissions`, so a new call or a changed row is covered at once),
 * as real users through the real invoker on a real database. A call the role may make
 * works; any other answers `forbidden` with the sentence naming
 * the roles that may, changes no row, and leaves exactly one audit row saying so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiNames, permissionOf, type ApiName } from '@shared/api';
import { isDestructive } from '@shared/decisions';
import { forbiddenMessage, permissions, systemActor, type Permission } from '@shared/permissions';
import type { Envelope } from '@shared/errors';
import type { Actor } from '@shared/types';
import type { Role } from '@shared/vocabulary';
import type { ExportShell } from '../../src/main/api/exportShell';
import type { PdfShell } from '../../src/main/api/pdfShell';
import type { RecordShell } from '../../src/main/api/recordShell';
import { composeApp, type App } from '../../src/main/compose';
import { openStore, type SqliteStore } from '../../src/main/db/open';
import { userActor } from '../support/actors';
import { validInputs, visitInput, type Scene } from '../support/apiInputs';
import { contentHash } from '../support/contentHash';
import { testPasswordCost } from '../support/store';
import { parsingServices, setPracticeContact } from '../support/surface';

/** Who acts: the four roles, and an administrator who is also a dermatologist (the union of both). */
const people = [
  { who: 'a dermatologist', role: 'dermatologist', clinical: 'dermatologist' },
  { who: 'a nurse', role: 'nurse', clinical: 'nurse' },
  { who: 'a practice manager', role: 'manager', clinical: null },
  { who: 'an administrator', role: 'admin', clinical: null },
  { who: 'an administrator with a dermatologist profile', role: 'admin', clinical: 'dermatologist' },
] as const satisfies ReadonlyArray<{ who: string; role: Role; clinical: 'dermatologist' | 'nurse' | null }>;

/** The calls that need a permission; the public ones (signing in, the first run) check their own. */
const guarded = apiNames.filter((name) => permissionOf(name) !== 'public') as ApiName[];

const allows = (permission: Permission, roles: readonly Role[]): boolean => roles.some((r) => (permissions[permission] as readonly Role[]).includes(r));

const root = systemActor('Permission Runner', 'cli');

/** Shells that accept everything, as the desktop app's would: no call is refused for want of a window. */
const pdf: PdfShell = { showPdf: async () => ({ url: null }) };
const files: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: null, url: '/exports/x' }) }) };
const record: RecordShell = { saved: async () => ({ connection: null, passwordKept: false }), keptPassword: async () => null, save: async () => undefined };

let dir: string;
let store: SqliteStore;
let app: App<SqliteStore>;
const actors = new Map<string, Actor>();
const fixture = { dermatologist: 0, nurse: 0, archived: 0, handoutVisit: 0, handout: 0, user: 0, backup: '' };
let scenes = 0;

async function ok<T>(result: Promise<Envelope<T>>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`the fixture was refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'milia-permissions-'));
  store = openStore(join(dir, 'milia.db'), { create: true });
  app = composeApp(store, { version: '9.9.9', shells: { pdf, files, record }, passwordCost: testPasswordCost });
  for (const p of people) actors.set(p.who, await userActor(app.services, p.role, { clinical: p.clinical }));
  fixture.dermatologist = actors.get('a dermatologist')!.clinicianId!;
  fixture.nurse = actors.get('a nurse')!.clinicianId!;
  fixture.user = (await userActor(app.services, 'nurse')).userId!;
  const s = parsingServices(app.services);
  const old = await s.patients.create(root, { givenName: 'Eleni', familyName: 'Papadopoulou', dateOfBirth: '1950-01-01', sex: 'female' });
  await s.patients.archive(root, { id: old.id, archived: true });
  fixture.archived = old.id;
  const zoe = await s.patients.create(root, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  fixture.handoutVisit = (await s.visits.save(root, visitInput(zoe.id, fixture))).id;
  await setPracticeContact(s, root);
  fixture.handout = (await s.handouts.create(root, { visitId: fixture.handoutVisit, largePrint: false })).id;
  fixture.backup = (await s.backups.backUp(root, 'manual')).file;
});

afterAll(async () => {
  await app?.services.backups.whenIdle();
  store?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Fresh rows for one call: a patient, a visit of theirs with three follow-ups (one completed), and what the call refers to. */
async function scene(name: ApiName): Promise<Scene> {
  const s = parsingServices(app.services);
  const n = ++scenes;
  const patient = await s.patients.create(root, { mrn: `P-${n}`, givenName: 'Per', familyName: `Lindqvist ${n}`, dateOfBirth: '1990-06-01', sex: 'male' });
  const visit = await s.visits.save(root, visitInput(patient.id, fixture));
  const [f1, f2, f3] = visit.followUps.map((f) => f.id) as [number, number, number];
  await s.followUps.complete(root, { id: f3, outcome: 'improved', completedDate: '2025-12-02' });
  // An addendum is written on a signed visit; the dermatologist signs it first.
  if (name === 'visits.addAddendum') await ok(app.invoke(actors.get('a dermatologist')!, 'visits.sign', { id: visit.id }));
  const job =
    name === 'stats.exportStatus' ? ((await ok(app.invoke(root, 'stats.export', { from: '2025-01-01', to: '2025-12-31', format: 'csv' }))).job ?? '') : 'none';
  return { n, ...fixture, patient, visit: visit.id, followUps: [f1, f2, f3], job };
}

/**
 * The input each call is made with: its first valid input, but for two. A nurse may document
 * a visit but not decide its red flag, so the new visit leaves the decision to the
 * dermatologist, and the extraction, which waits for that decision, with it; and a restore would replace the database under the test, so it names a file
 * outside the backup list, refused after the permission check.
 */
function inputFor(name: ApiName, s: Scene): unknown {
  if (name === 'visits.save') {
    const v = visitInput(s.patient.id, s, '2025-05-01');
    return {
      ...v,
      presentations: (v.presentations ?? []).map((p) => ({ ...p, decision: undefined, decisionNote: undefined })),
      treatments: (v.treatments ?? []).filter((t) => !isDestructive(t.kind)),
    };
  }
  if (name === 'backups.restore') return { file: join(dir, 'not-a-listed-backup.db') };
  return validInputs(s)[name][0];
}

/** The two allowed calls that are refused here, past the permission check: the demo goes only into an empty record, and the restore's file is not listed (see `inputFor`). */
const expectedRefusal: Partial<Record<ApiName, string>> = { 'app.loadDemo': 'conflict', 'backups.restore': 'validation' };

const auditRows = () => store.sqlite.prepare('select count(*) from audit_log').pluck().get() as number;

describe.each(people)('$who', ({ who, role, clinical }) => {
  const roles: Role[] = clinical ? [role, clinical] : [role];
  it.each(guarded)('%s', async (name) => {
    const actor = actors.get(who)!;
    const permission = permissionOf(name) as Permission;
    const input = inputFor(name, await scene(name));
    await app.services.backups.whenIdle();
    const before = { rows: contentHash(store, { except: ['audit_log'] }), audit: auditRows() };

    const result = await app.invoke(actor, name, input);
    await app.services.backups.whenIdle();

    if (allows(permission, roles)) {
      expect(result.ok || result.error.kind, JSON.stringify(result)).toBe(expectedRefusal[name] ?? true);
      return;
    }
    expect(result).toEqual({ ok: false, error: { kind: 'forbidden', message: forbiddenMessage(actor, permission) } });
    expect(contentHash(store, { except: ['audit_log'] })).toBe(before.rows);
    expect(auditRows()).toBe(before.audit + 1);
    expect(
      store.sqlite.prepare('select user_id, username, role, surface, action, entity, outcome, detail from audit_log order by id desc limit 1').get(),
    ).toEqual({
      user_id: actor.userId,
      username: actor.username,
      role,
      surface: 'desktop',
      action: 'forbidden',
      entity: permission,
      outcome: 'forbidden',
      detail: forbiddenMessage(actor, permission),
    });
  });
});

describe('refusals in words', () => {
  it('a practice manager opening a chart is refused, and nothing of the chart is read or logged as read', async () => {
    const s = await scene('chart.get');
    const manager = actors.get('a practice manager')!;
    const reads = () => store.sqlite.prepare("select count(*) from audit_log where action = 'read' and patient_id = ?").pluck().get(s.patient.id);
    expect(await app.invoke(manager, 'chart.get', { id: s.patient.id })).toEqual({
      ok: false,
      error: { kind: 'forbidden', message: "Only a dermatologist or a nurse can open patients' charts; you are signed in as a practice manager." },
    });
    expect(reads()).toBe(0);
    // The same chart opens for a nurse, and that read is logged.
    expect((await app.invoke(actors.get('a nurse')!, 'chart.get', { id: s.patient.id })).ok).toBe(true);
    expect(reads()).toBe(1);
  });

  it('names every role that may, and the one the user has', () => {
    const nurse = actors.get('a nurse')!;
    expect(forbiddenMessage(nurse, 'visits.sign')).toBe(
      'Only a dermatologist can sign visits, write addenda or decide red flags; you are signed in as a nurse.',
    );
    expect(forbiddenMessage(actors.get('a dermatologist')!, 'backups.manage')).toBe(
      'Only an administrator can back up or restore the database; you are signed in as a dermatologist.',
    );
    expect(forbiddenMessage(actors.get('a practice manager')!, 'followUps.closeStale')).toBe(
      'Only an administrator can close very old follow-ups as missed; you are signed in as a practice manager.',
    );
    expect(forbiddenMessage(actors.get('an administrator')!, 'stats.read')).toBe(
      'Only a dermatologist or a practice manager can see or export treatment statistics; you are signed in as an administrator.',
    );
  });
});
