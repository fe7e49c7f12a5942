/**
 * Property tests on every call of the API table (api-properties.test.ts on either engine,
 * api-properties-file.test.ts for the backups of a SQLite file): whatever the input, the invoker
 * answers with an envelope, never throws, and never reports an 'internal' fault; a refused call
 * changes no row; and the record is sound at the end (`recordProblems`). Inputs are arbitrary
 * values (fast-check's `anything`) and valid inputs with one or two fields changed, removed or
 * added, so that the checks behind the schemas (ids that do not exist, dates before a birth,
 * follow-ups of another visit, …) are reached too. The calls that belong to the window's session
 * (signing in, the first run) are refused to an actor passed in, as the command line and the
 * tests pass one, with one sentence; signing and addenda are made as a dermatologist, since the
 * operating-system account signs nothing.
 */
import { systemActor } from '@shared/permissions';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { createHandlers, createInvoker, windowOnlyMessage } from '../../src/main/api/handlers';
import type { RestoreHook } from '../../src/main/services/backups';
import { checkDatabase } from '../../src/main/check';
import type { Store } from '../../src/main/db/records';
import type { PdfShell } from '../../src/main/api/pdfShell';
import { createServices } from '../../src/main/services';
import { parsingServices, practiceContact, type ParsingServices } from './surface';
import type { ExportShell } from '../../src/main/api/exportShell';
import type { RecordShell } from '../../src/main/api/recordShell';
import { apiNames, permissionOf, type ApiName } from '@shared/api';
import type { ApiError, Envelope } from '@shared/errors';
import { SeedDemo } from '@shared/schemas';
import type { Actor } from '@shared/types';
import { userActor } from './actors';
import { validInputs, visitInput } from './apiInputs';
import { rawSql } from './engine';
import { recordHash } from './recordHash';
import { testPasswordCost as passwordCost } from './store';
import { assertProperty } from './property';
import { anything, arbitraryInputs } from './inputArbitraries';

/** The calls on the backups of a SQLite file, beside it: a practice server's record is backed up by IT (`backup --server`). */
export const fileCalls = apiNames.filter((name) => permissionOf(name) === 'backups.manage');
/** Every other call: the same on either engine. */
export const recordCalls = apiNames.filter((name) => !fileCalls.includes(name));

/**
 * What is wrong with a record, one line each: on a SQLite file everything `check` finds; on the
 * practice server, which has no `check`, the audit chain walked whole (its rows, seals and order)
 * as the start-up verification walks it.
 */
export async function recordProblems(store: Store): Promise<string[]> {
  if (!('server' in store)) return checkDatabase(store);
  const { problem } = await createServices(store, { passwordCost }).audit.verification();
  return problem === null ? [] : [problem];
}

export const actor: Actor = systemActor('Property Runner', 'cli');

/**
 * The refusals an input may earn. 'forbidden' is not among them: the surfaces' shells are
 * given, so no call is refused for want of one. 'storage', 'damaged' and 'internal' would be
 * faults of the app or of the disk, never of the input.
 */
const inputRefusals: ReadonlyArray<ApiError['kind']> = ['validation', 'not_found', 'conflict'];

/**
 * Runs per call. Those whose valid inputs render a PDF or copy the database (0.1 s or more
 * each) take fewer; their refusals are as cheap as any other's.
 */
const defaultRuns = 100;
const runs: Partial<Record<ApiName, number>> = { 'handouts.create': 50, 'backups.run': 50, 'backups.inspect': 60, 'backups.restore': 50 };

/** The calls made as a dermatologist: the operating-system account signs nothing. */
const signing: ReadonlySet<ApiName> = new Set(['visits.sign', 'visits.addAddendum', 'visits.toSign']);

let dir: string;
let services: ParsingServices<Store>;
let closeStore: () => Promise<void>;
let invoke: ReturnType<typeof createInvoker>;
export const internalErrors: unknown[] = [];
/** Ids that exist, to put where an id goes: the checks behind the schemas need them. */
let knownIds: number[] = [];

/** Shells that accept everything, as the desktop app's would, without showing or writing anything. */
const pdfShell: PdfShell = { showPdf: async () => ({ url: null }) };
const filesShell: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: null, url: '/exports/x' }) }) };
const recordShell: RecordShell = {
  saved: async () => ({ connection: null, passwordKept: false }),
  keptPassword: async () => null,
  save: async () => undefined,
  restart: () => undefined,
};

/** A restore as the browser mode does it: close the store, swap the file, reopen (`reopen`) and carry on. */
const onRestore =
  (reopen: () => { store: Store; close: () => Promise<void> }): RestoreHook =>
  async (swap) => {
    await services.backups.whenIdle();
    await closeStore();
    try {
      return await swap();
    } finally {
      bind(reopen(), reopen);
    }
  };

function bind(record: { store: Store; close: () => Promise<void> }, reopen?: () => { store: Store; close: () => Promise<void> }): void {
  closeStore = record.close;
  services = parsingServices(createServices(record.store, { backups: reopen ? { onRestore: onRestore(reopen) } : {}, passwordCost }));
  invoke = createInvoker(createHandlers(services, { version: '9.9.9' }, { pdf: pdfShell, files: filesShell, record: recordShell }), (error) =>
    internalErrors.push(error),
  );
}

/** Every row but the audit log's (which records refusals too, by design). */
const rowsHash = (): Promise<string> => recordHash(services.store, { except: ['audit_log'] });

/** Made once: a dermatologist and a nurse (users with clinician profiles), another user to edit, an archived patient, and a handout (rendering one takes a while). */
const fixture = { dermatologist: 0, nurse: 0, user: 0, archived: 0, handoutVisit: 0, handout: 0 };

/**
 * The record the calls share, opened by `open` in a folder of its own, and what the scenes refer
 * to. `reopen` opens it again after a restore swapped its file (the backups' calls only).
 */
export async function setUp(
  open: (dir: string) => { store: Store; close: () => Promise<void> },
  reopen?: (dir: string) => { store: Store; close: () => Promise<void> },
): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'milia-properties-'));
  bind(open(dir), reopen && (() => reopen(dir)));
  const s = services;
  fixture.dermatologist = (await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' })).clinicianId!;
  fixture.nurse = (await userActor(s, 'nurse', { name: 'Nurse Per Lindqvist' })).clinicianId!;
  fixture.user = (await userActor(s, 'nurse')).userId!;
  const old = await s.patients.create(actor, { givenName: 'Eleni', familyName: 'Papadopoulou', dateOfBirth: '1950-01-01', sex: 'female' });
  await s.patients.archive(actor, { id: old.id, archived: true });
  fixture.archived = old.id;
  const zoe = await s.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female', fitzpatrick: 3 });
  fixture.handoutVisit = (await s.visits.save(actor, visitInput(zoe.id, fixture))).id;
  await s.settings.update(actor, practiceContact);
  fixture.handout = (await s.handouts.create(actor, { visitId: fixture.handoutVisit })).id;
}

/**
 * The rows each call's valid inputs refer to, made afresh for each call: the calls before it
 * may have archived a patient, moved a date of birth or completed a follow-up. A signing call's
 * visit is documented by a dermatologist and a nurse made for it (the calls before may have
 * deactivated or changed any user), and that dermatologist makes the call.
 */
async function scene(name: ApiName): Promise<{ bases: readonly unknown[]; caller: Actor }> {
  const s = services;
  const n = (await rawSql(s.store).value<number>('select count(*) from patients'))! + 1;
  const patient = await s.patients.create(actor, {
    mrn: `P-${n}`,
    givenName: 'Per',
    familyName: `Lindqvist ${n}`,
    dateOfBirth: '1990-06-01',
    sex: 'male',
    phone: '+46 8 123 45',
    email: 'per@example.org',
  });
  let caller = actor;
  let clinicians = fixture;
  if (signing.has(name)) {
    caller = await userActor(s, 'dermatologist');
    clinicians = { ...fixture, dermatologist: caller.clinicianId!, nurse: (await userActor(s, 'nurse')).clinicianId! };
  }
  const visit = await s.visits.save(actor, visitInput(patient.id, clinicians));
  const [f1, f2, f3] = visit.followUps.map((f) => f.id) as [number, number, number];
  await s.followUps.complete(actor, { id: f3, outcome: 'improved', completedDate: '2025-12-02' });
  if (name === 'visits.addAddendum') await s.signing.sign(caller, { id: visit.id });
  let job = 'none-started-for-this-call';
  if (name === 'stats.exportStatus') {
    const started = await invoke(actor, 'stats.export', { from: '2025-01-01', to: '2025-12-31', format: 'csv' });
    if (!started.ok || started.value.job === null) throw new Error(`the export did not start: ${JSON.stringify(started)}`);
    job = started.value.job;
  }
  let backup = join(dir, 'no-backup.db');
  if (name === 'backups.inspect' || name === 'backups.restore') backup = (await s.backups.backUp(actor, 'manual')).file;
  knownIds = [fixture.dermatologist, fixture.nurse, fixture.user, fixture.archived, fixture.handoutVisit, fixture.handout, patient.id, visit.id, f1, f2, f3];
  const bases = validInputs({ n, ...clinicians, patient, visit: visit.id, followUps: [f1, f2, f3], job, backup });
  // Left out of the changed-input runs: a valid input seeds demo patients (a second or more
  // each time) into an empty record only; its arbitrary inputs still run, and a test below.
  return { bases: name === 'app.loadDemo' ? [] : bases[name], caller };
}

/**
 * Before each call: a backup started by the call before is finished, and the settings are the
 * defaults again (but for the practice's name and phone, which printing needs): a backup folder
 * set by a settings.update run must not receive the backups.run backups.
 */
export async function freshSettings(): Promise<void> {
  await services.backups.whenIdle();
  await services.settings.update(actor, practiceContact);
}

export async function tearDown(): Promise<void> {
  if (services) {
    await services.backups.whenIdle();
    await closeStore();
  }
  if (dir) rmSync(dir, { recursive: true, force: true });
}

function inputsFor(name: ApiName, bases: readonly unknown[]): fc.Arbitrary<unknown> {
  if (name === 'app.loadDemo') {
    // Arbitrary input, but not the valid kind: that seeds up to 5,000 patients a run.
    return anything.filter((input) => !SeedDemo.safeParse(input ?? {}).success);
  }
  return arbitraryInputs(bases, knownIds);
}

/** The envelope of an answer; fast-check names the input when one of these fails. */
function expectEnvelope(result: Envelope<unknown>, name: ApiName): void {
  if (result.ok) {
    expect(Object.keys(result).sort(), name).toEqual(['ok', 'value']);
    return;
  }
  const context = `${name} answered ${JSON.stringify(result.error)}`;
  expect(inputRefusals, context).toContain(result.error.kind);
  expect(result.error.message, context).toMatch(/\S/);
  expect(result.error.message, context).not.toMatch(
    /\n\s+at |TypeError|ReferenceError|RangeError|SqliteError|SQLITE_|Failed query|DrizzleQueryError|violates|syntax error/,
  );
  for (const issue of result.error.issues ?? []) {
    expect(Object.keys(issue).sort(), context).toEqual(['message', 'path']);
    expect(typeof issue.path, context).toBe('string');
    expect(issue.message, context).toMatch(/\S/);
  }
  // The browser mode sends it as JSON, the desktop app over IPC: it must cross both unchanged.
  expect(JSON.parse(JSON.stringify(result)), context).toEqual(result);
  expect(structuredClone(result), context).toEqual(result);
}

/**
 * Whatever its input, the call answers with an envelope, never throws and never reports an
 * 'internal' fault; a refusal changes no row; valid inputs, as they are or changed, reach past
 * the schemas; and the record is sound at the end.
 */
export async function callProperty(name: ApiName): Promise<void> {
  const seen = new Map<string, number>();
  const { bases, caller } = await scene(name);
  const windowOnly = permissionOf(name) === 'public';
  await assertProperty(
    fc.asyncProperty(inputsFor(name, bases), async (input) => {
      const before = await rowsHash();
      const result = await invoke(caller, name, input);
      if (windowOnly && !result.ok && result.error.kind === 'forbidden') expect(result.error.message).toBe(windowOnlyMessage);
      else expectEnvelope(result, name);
      const outcome = result.ok ? 'ok' : result.error.kind;
      seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
      if (!result.ok) expect(await rowsHash(), `${name} refused (${result.error.kind}: ${result.error.message}) but changed rows`).toBe(before);
    }),
    { numRuns: runs[name] ?? defaultRuns },
  );
  expect(internalErrors).toEqual([]);
  // The valid inputs, as they are or changed, reach past the schemas: some are accepted.
  if (bases.length > 0 && !windowOnly) expect([...seen.keys()], `${name}: ${JSON.stringify(Object.fromEntries(seen))}`).toContain('ok');
  expect(await recordProblems(services.store)).toEqual([]);
}
