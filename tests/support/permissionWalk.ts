/**
 * The permission table walked (permissions.test.ts on either engine, permissions-file.test.ts for
 * the backups of a SQLite file): real users of every role through the real invoker on one record
 * a test file shares. A call the role may make works; any other answers `forbidden` with the
 * sentence naming the roles that may, changes no row, and leaves exactly one audit row saying so.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
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
import type { Store } from '../../src/main/db/records';
import { userActor } from './actors';
import { validInputs, visitInput, type Scene } from './apiInputs';
import { rawSql } from './engine';
import { recordHash } from './recordHash';
import { testPasswordCost } from './store';
import { parsingServices, setPracticeContact } from './surface';

/** Who acts: the four roles, and an administrator who is also a dermatologist (the union of both). */
export const people = [
  { who: 'a dermatologist', role: 'dermatologist', clinical: 'dermatologist' },
  { who: 'a nurse', role: 'nurse', clinical: 'nurse' },
  { who: 'a practice manager', role: 'manager', clinical: null },
  { who: 'an administrator', role: 'admin', clinical: null },
  { who: 'an administrator with a dermatologist profile', role: 'admin', clinical: 'dermatologist' },
] as const satisfies ReadonlyArray<{ who: string; role: Role; clinical: 'dermatologist' | 'nurse' | null }>;

export type Person = (typeof people)[number];

/** The calls that need a permission; the public ones (signing in, the first run) check their own. */
const guarded = apiNames.filter((name) => permissionOf(name) !== 'public') as ApiName[];

/** The calls on the backups of a SQLite file, beside it: a practice server's record is backed up by IT (`backup --server`). */
export const fileCalls = guarded.filter((name) => permissionOf(name) === 'backups.manage');
/** Every other guarded call: the same on either engine. */
export const recordCalls = guarded.filter((name) => !fileCalls.includes(name));

const allows = (permission: Permission, roles: readonly Role[]): boolean => roles.some((r) => (permissions[permission] as readonly Role[]).includes(r));

export const root = systemActor('Permission Runner', 'cli');

/** Shells that accept everything, as the desktop app's would: no call is refused for want of a window. */
const pdf: PdfShell = { showPdf: async () => ({ url: null }) };
const files: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: null, url: '/exports/x' }) }) };
const record: RecordShell = {
  saved: async () => ({ connection: null, passwordKept: false }),
  keptPassword: async () => null,
  save: async () => undefined,
  restart: () => undefined,
};

async function ok<T>(result: Promise<Envelope<T>>): Promise<T> {
  const answer = await result;
  if (!answer.ok) throw new Error(`the fixture was refused: ${JSON.stringify(answer.error)}`);
  return answer.value;
}

/** The two allowed calls that are refused here, past the permission check: the demo goes only into an empty record, and the restore's file is not listed (see `inputFor`). */
const expectedRefusal: Partial<Record<ApiName, string>> = { 'app.loadDemo': 'conflict', 'backups.restore': 'validation' };

/**
 * One record for a test file's walk, opened by `open` in a folder of its own: users of every
 * role, an archived patient, a handout, and (`backup`) a backup to inspect.
 */
export function permissionWalk(open: (dir: string) => { store: Store; close: () => Promise<void> }, options: { backup: boolean }) {
  let dir: string;
  let store: Store;
  let close: () => Promise<void>;
  let app: App<Store>;
  const actors = new Map<string, Actor>();
  const fixture = { dermatologist: 0, nurse: 0, archived: 0, handoutVisit: 0, handout: 0, user: 0, backup: '' };
  let scenes = 0;

  async function setUp(): Promise<void> {
    dir = mkdtempSync(join(tmpdir(), 'milia-permissions-'));
    ({ store, close } = open(dir));
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
    if (options.backup) fixture.backup = (await s.backups.backUp(root, 'manual')).file;
  }

  async function tearDown(): Promise<void> {
    await app?.services.backups.whenIdle();
    await close?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

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
      name === 'stats.exportStatus'
        ? ((await ok(app.invoke(root, 'stats.export', { from: '2025-01-01', to: '2025-12-31', format: 'csv' }))).job ?? '')
        : 'none';
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

  const auditRows = async () => (await rawSql(store).value<number>('select count(*) from audit_log'))!;

  /** The call made by `person`: worked if the role may, else refused in words, no row changed, one audit row. */
  async function walk({ who, role, clinical }: Person, name: ApiName): Promise<void> {
    const roles: Role[] = clinical ? [role, clinical] : [role];
    const actor = actors.get(who)!;
    const permission = permissionOf(name) as Permission;
    const input = inputFor(name, await scene(name));
    await app.services.backups.whenIdle();
    const before = { rows: await recordHash(store, { except: ['audit_log'] }), audit: await auditRows() };

    const result = await app.invoke(actor, name, input);
    await app.services.backups.whenIdle();

    if (allows(permission, roles)) {
      expect(result.ok || result.error.kind, JSON.stringify(result)).toBe(expectedRefusal[name] ?? true);
      return;
    }
    expect(result).toEqual({ ok: false, error: { kind: 'forbidden', message: forbiddenMessage(actor, permission) } });
    expect(await recordHash(store, { except: ['audit_log'] })).toBe(before.rows);
    expect(await auditRows()).toBe(before.audit + 1);
    expect(await rawSql(store).get('select user_id, username, role, surface, action, entity, outcome, detail from audit_log order by id desc limit 1')).toEqual(
      {
        user_id: actor.userId,
        username: actor.username,
        role,
        surface: 'desktop',
        action: 'forbidden',
        entity: permission,
        outcome: 'forbidden',
        detail: forbiddenMessage(actor, permission),
      },
    );
  }

  return { setUp, tearDown, scene, walk, actors, app: () => app, store: () => store };
}
