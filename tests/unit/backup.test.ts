/**
 * Backups on real database files: consistent while another process writes, verified (a
 * damaged copy is deleted and the failure recorded), listed with sidecars, rotated,
 * automatic at start and at exit, and the API calls over them.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import { startAutomaticBackups } from '../../src/main/services/automaticBackups';
import {
  backupFolderFor,
  backupIntoFolder,
  backupTo,
  databaseExpected,
  listBackups,
  newestGoodBackup,
  readLastAttempt,
  stateFileFor,
} from '../../src/main/backups/backup';
import { checkDatabase } from '../../src/main/check';
import { openStore } from '../../src/main/db/open';
import { restoreDatabase } from '../../src/main/backups/restore';
import { seed } from '../../src/main/seed';
import { createServices, type ServiceOptions } from '../../src/main/services';
import { parsingServices } from '../support/surface';
import { testActor as actor, tempDir } from '../support/store';
import { pollUntil } from '../support/poll';

const root = join(__dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');
const stackTrace = /\n\s+at /;

const open: Array<{ close(): void }> = [];
afterEach(async () => {
  while (open.length) open.pop()!.close();
});

/** Services over a new database in its own folder, with `patients` synthetic patients. */
async function clinic(patients = 0, options: ServiceOptions = {}) {
  const dir = tempDir();
  const dbPath = join(dir, 'milia.db');
  const store = openStore(dbPath, { create: true });
  open.push(store);
  const services = parsingServices(createServices(store, options));
  if (patients > 0) await seed(services.store.records, actor, { patients, seed: 3, today: '2026-03-01' });
  return { ...services, dir, dbPath };
}

const count = (sqlite: { prepare(sql: string): { get(): unknown } }, table: string) =>
  (sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;

/** Overwrites the middle of a database file (its tables' pages), keeping its size and header. */
function damage(file: string): void {
  const bytes = readFileSync(file);
  const pageSize = bytes.readUInt16BE(16);
  const pages = bytes.length / pageSize;
  bytes.fill(0x5a, 2 * pageSize, Math.max(3, Math.floor(pages * 0.6)) * pageSize);
  writeFileSync(file, bytes);
}

describe('a backup', () => {
  it('taken while another process writes visits, restores to a healthy database holding every visit committed before it began', async () => {
    const s = await clinic(150);
    const clinicianId = (await s.clinicians.save(actor, { name: 'Dr Writer', role: 'dermatologist' })).id;
    const patientId = (await s.patients.create(actor, { givenName: 'Wren', familyName: 'Writer', dateOfBirth: '1980-01-01', sex: 'female' })).id;

    const child = spawn(tsx, [join(root, 'tests', 'support', 'visitWriter.ts'), s.dbPath, String(patientId), String(clinicianId)], { cwd: root });
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const acknowledged: number[] = [];
    let pending = '';
    let errors = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      pending += d;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) acknowledged.push(Number(line));
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => (errors += d));
    try {
      await pollUntil(() => acknowledged.length >= 20 || child.exitCode !== null, Boolean, 'the writer process');
      expect(errors).toBe('');
      const before = [...acknowledged];
      const progress: Array<[number, number]> = [];
      const file = join(s.dir, 'during-writes.db');
      // SQLite's data_version changes once another connection has committed. A few steps into
      // the copy, wait for that, so that a commit of the writer certainly lands mid-copy.
      const dataVersion = () => s.store.sqlite.pragma('data_version', { simple: true }) as number;
      let committedDuring = false;
      const summary = await backupTo(s.store.sqlite, file, {
        pagesPerStep: 4,
        onProgress: (done, total) => {
          progress.push([done, total]);
          if (progress.length !== 5) return;
          const midCopy = dataVersion();
          const limit = Date.now() + 20_000;
          while (!(committedDuring = dataVersion() !== midCopy) && Date.now() < limit);
        },
      });
      child.stdin.end();
      expect(await exited).toBe(0);
      expect(errors).toBe('');

      // The other process wrote while the copy ran, and its commits restarted the copy.
      expect(committedDuring).toBe(true);
      expect(progress.some(([done], i) => i > 0 && done <= progress[i - 1]![0])).toBe(true);
      expect(acknowledged.length).toBeGreaterThan(before.length);

      const restored = join(tempDir(), 'restored.db');
      const result = await restoreDatabase(restored, file);
      expect(result.previousCopy).toBe('');
      const store = openStore(restored);
      open.push(store);
      expect(checkDatabase(store)).toEqual([]);
      const ids = new Set(store.sqlite.prepare('select id from visits').pluck().all() as number[]);
      expect(before.filter((id) => !ids.has(id))).toEqual([]);
      expect(summary.counts.visits).toBe(ids.size);
      // A snapshot: every visit the writer saved is whole, with its presentation and treatment.
      const writerVisits = store.sqlite.prepare('select id from visits where patient_id = ?').pluck().all(patientId) as number[];
      expect(writerVisits.length).toBeGreaterThanOrEqual(before.length);
      const whole = store.sqlite
        .prepare(
          'select count(*) from visits v where v.patient_id = ? and exists (select 1 from presentations p where p.visit_id = v.id) and exists (select 1 from treatments t where t.visit_id = v.id)',
        )
        .pluck()
        .get(patientId);
      expect(whole).toBe(writerVisits.length);
    } finally {
      child.kill();
    }
  });

  it('is verified: a damaged copy is deleted, the failure recorded, and nothing is left behind', async () => {
    const s = await clinic(40);
    const folder = join(s.dir, 'Backups');
    const attempt = backupIntoFolder(s.store.sqlite, s.dbPath, folder, 'manual', { beforeVerify: damage });
    await expect(attempt).rejects.toThrow(
      'The backup copy failed its check (it is damaged or truncated), so it was deleted. The database itself was not changed. Run "check" on the database; if it reports faults, tell IT.',
    );
    expect(readdirSync(folder)).toEqual([]);
    expect(readLastAttempt(s.dbPath)).toEqual({ at: expect.any(String), ok: false, message: expect.stringMatching(/^The backup copy failed its check/) });

    // The same backup, undamaged, passes and is recorded.
    const entry = await backupIntoFolder(s.store.sqlite, s.dbPath, folder, 'manual');
    expect(entry.summary.counts.patients).toBe(40);
    expect(readdirSync(folder).sort()).toEqual([`${entry.file.slice(folder.length + 1)}`, `${entry.file.slice(folder.length + 1)}.json`]);
    expect(readLastAttempt(s.dbPath)).toEqual({ at: expect.any(String), ok: true });
  });

  it('is a single file in the backup folder, named by time and reason, listed newest first with its size and counts', async () => {
    let clock = new Date('2026-11-22T07:41:03.250Z');
    const s = await clinic(25, { backups: { now: () => clock } });
    const first = await s.backups.backUp(actor, 'automatic');
    clock = new Date('2026-11-23T17:02:00Z');
    await s.patients.create(actor, { givenName: 'Late', familyName: 'Arrival', dateOfBirth: '1990-05-05', sex: 'male' });
    const second = await s.backups.backUp(actor, 'manual');

    const folder = join(s.dir, 'Backups');
    expect(first.file).toBe(join(folder, 'milia-notes-2026-11-22T07-41-03Z-automatic.db'));
    expect(second.file).toBe(join(folder, 'milia-notes-2026-11-23T17-02-00Z-manual.db'));
    // No -wal or -shm beside a backup: it is one file, in rollback-journal mode.
    expect(readdirSync(folder).sort()).toEqual([
      'milia-notes-2026-11-22T07-41-03Z-automatic.db',
      'milia-notes-2026-11-22T07-41-03Z-automatic.db.json',
      'milia-notes-2026-11-23T17-02-00Z-manual.db',
      'milia-notes-2026-11-23T17-02-00Z-manual.db.json',
    ]);
    expect(readFileSync(second.file)[18]).toBe(1);

    const state = await s.backups.list(actor, {});
    expect(state.folder).toBe(folder);
    expect(state.running).toBeNull();
    expect(state.last).toEqual({ at: '2026-11-23T17:02:00.000Z', ok: true });
    expect(state.backups.map((b) => [b.at, b.reason, b.summary.counts.patients])).toEqual([
      ['2026-11-23T17:02:00.000Z', 'manual', 26],
      ['2026-11-22T07:41:03.000Z', 'automatic', 25],
    ]);
    expect(state.backups[0]!.size).toBe(statSync(second.file).size);
    expect(state.backups[0]!.summary).toEqual({
      schemaVersion: s.store.sqlite.pragma('user_version', { simple: true }),
      counts: {
        patients: 26,
        visits: count(s.store.sqlite, 'visits'),
        presentations: count(s.store.sqlite, 'presentations'),
        treatments: count(s.store.sqlite, 'treatments'),
        followUps: count(s.store.sqlite, 'follow_ups'),
      },
      newestVisit: s.store.sqlite.prepare('select max(date) from visits').pluck().get(),
    });
    // Audited in the live database.
    expect(s.store.sqlite.prepare("select action, detail from audit_log where entity = 'database' order by id").all()).toEqual([
      { action: 'backup', detail: 'automatic: milia-notes-2026-11-22T07-41-03Z-automatic.db' },
      { action: 'backup', detail: 'manual: milia-notes-2026-11-23T17-02-00Z-manual.db' },
    ]);
  });

  it('lists a backup without its sidecar once verified, and leaves out a file that only has the name', async () => {
    const s = await clinic(10);
    const folder = join(s.dir, 'Backups');
    const entry = await backupIntoFolder(s.store.sqlite, s.dbPath, folder, 'manual');
    rmSync(`${entry.file}.json`);
    writeFileSync(join(folder, 'milia-notes-2020-01-01T00-00-00Z-manual.db'), 'not a database at all\n');
    expect(listBackups(folder)).toEqual([entry]);
    expect(existsSync(`${entry.file}.json`)).toBe(true);
  });

  it('rotates the folder after each backup, never touching other files', async () => {
    let clock = new Date('2026-01-01T08:00:00Z');
    const s = await clinic(0, { backups: { now: () => clock } });
    const folder = join(s.dir, 'Backups');
    const mine = join(s.dir, 'Backups', 'my-notes.txt');
    await s.backups.backUp(actor, 'automatic');
    writeFileSync(mine, 'keep me');
    for (let day = 1; day <= 40; day++) {
      clock = new Date(Date.UTC(2026, 0, 1 + day, 8));
      await s.backups.backUp(actor, 'automatic');
    }
    const days = listBackups(folder).map((b) => b.at.slice(0, 10));
    // Daily Feb 4-10; ISO weeks ending Feb 8 (W06) and Feb 1 (W05), Jan 25 (W04); January's last.
    expect(days).toEqual([
      '2026-02-10',
      '2026-02-09',
      '2026-02-08',
      '2026-02-07',
      '2026-02-06',
      '2026-02-05',
      '2026-02-04',
      '2026-02-01',
      '2026-01-31',
      '2026-01-25',
    ]);
    expect(readFileSync(mine, 'utf8')).toBe('keep me');
    expect(readdirSync(folder).filter((n) => n.endsWith('.json'))).toHaveLength(days.length);
  });

  it('records a failed backup in the state file with a plain message when the backup folder is a file', async () => {
    const s = await clinic(5);
    const blocker = join(s.dir, 'backups-on-usb');
    writeFileSync(blocker, 'I am a file');
    await s.settings.update(actor, { ...(await s.settings.read()), backupFolder: blocker });
    const message = `The backup folder ${blocker} is a file, not a folder, so no backup was made. Choose another backup folder in Settings, or move that file away.`;
    await expect(s.backups.backUp(actor, 'manual')).rejects.toThrow(message);
    const saved = JSON.parse(readFileSync(stateFileFor(s.dbPath), 'utf8'));
    expect(saved.last).toEqual({ at: expect.any(String), ok: false, message });
    const state = await s.backups.list(actor, {});
    expect(state.folder).toBe(blocker);
    expect(state.backups).toEqual([]);
    expect(state.last).toEqual({ at: saved.last.at, ok: false, message });
    expect(message).not.toMatch(stackTrace);
    expect(s.store.sqlite.prepare("select action, detail from audit_log where entity = 'database'").all()).toEqual([
      { action: 'backup_failed', detail: `manual: ${message}` },
    ]);
    expect(readFileSync(blocker, 'utf8')).toBe('I am a file');
  });
});

describe('the backup folder and start-up helpers', () => {
  it('is Backups beside the database unless the settings name one (relative to the database folder)', async () => {
    expect(backupFolderFor('/data/clinic/milia-notes.db')).toBe('/data/clinic/Backups');
    expect(backupFolderFor('/data/clinic/milia-notes.db', '  ')).toBe('/data/clinic/Backups');
    expect(backupFolderFor('/data/clinic/milia-notes.db', '/mnt/usb/milia')).toBe('/mnt/usb/milia');
    expect(backupFolderFor('/data/clinic/milia-notes.db', '../offsite')).toBe('/data/offsite');
  });

  it('finds the newest backup that passes a full check, skipping a damaged one whose sidecar still looks fine', async () => {
    let clock = new Date('2026-05-01T08:00:00Z');
    const s = await clinic(30, { backups: { now: () => clock } });
    const folder = join(s.dir, 'Backups');
    expect(newestGoodBackup(folder)).toBeNull();
    const older = await s.backups.backUp(actor, 'automatic');
    clock = new Date('2026-05-02T08:00:00Z');
    const newer = await s.backups.backUp(actor, 'automatic');
    expect(newestGoodBackup(folder)?.file).toBe(newer.file);
    damage(newer.file);
    expect(listBackups(folder).map((b) => b.file)).toEqual([newer.file, older.file]);
    expect(newestGoodBackup(folder)).toEqual(older);
  });

  it('knows whether a database was expected, from its state file', async () => {
    const s = await clinic();
    expect(databaseExpected(s.dbPath)).toBe(false);
    s.backups.markExpected();
    expect(databaseExpected(s.dbPath)).toBe(true);
    expect(readLastAttempt(s.dbPath)).toBeNull();
  });
});

describe('automatic backups', () => {
  it('back up at start when the newest backup is a day old, not before, and at exit', async () => {
    let clock = new Date('2026-03-01T08:00:00Z');
    const s = await clinic(8, { backups: { now: () => clock } });
    const reasons = async () => (await s.backups.list(actor, {})).backups.map((b) => `${b.at.slice(0, 16)} ${b.reason}`);
    const errors: unknown[] = [];
    const options = { now: () => clock, checkEveryMs: 0, onError: (e: unknown) => errors.push(e) };

    const first = startAutomaticBackups(s, options);
    expect(databaseExpected(s.dbPath)).toBe(true);
    await first.started;
    expect(await reasons()).toEqual(['2026-03-01T08:00 automatic']);

    clock = new Date('2026-03-01T18:00:00Z');
    await first.atExit();
    expect(await reasons()).toEqual(['2026-03-01T18:00 exit', '2026-03-01T08:00 automatic']);

    // Less than a day after the newest backup: none at start.
    clock = new Date('2026-03-02T08:00:00Z');
    const second = startAutomaticBackups(s, options);
    await second.started;
    expect(await reasons()).toHaveLength(2);
    second.stop();

    // A day after the exit backup: one at start; the rotation keeps only the newest of March 1.
    clock = new Date('2026-03-02T18:00:01Z');
    await startAutomaticBackups(s, options).started;
    expect(await reasons()).toEqual(['2026-03-02T18:00 automatic', '2026-03-01T18:00 exit']);
    expect(errors).toEqual([]);
    const audited = s.store.sqlite.prepare("select actor, role, surface, action, detail from audit_log where entity = 'database' order by id").all() as Array<{
      actor: string;
      role: string;
      surface: string;
      action: string;
      detail: string;
    }>;
    // The app itself, on the desktop: no user, the system's role.
    expect(audited.map((a) => `${a.actor} ${a.role} ${a.surface} ${a.action} ${a.detail.split(':')[0]}`)).toEqual([
      'Milia Notes (automatic backup) (system) system desktop backup automatic',
      'Milia Notes (automatic backup) (system) system desktop backup exit',
      'Milia Notes (automatic backup) (system) system desktop backup automatic',
    ]);
  });

  it('wait for a running backup before the exit backup', async () => {
    const s = await clinic(20);
    const auto = startAutomaticBackups(s, { checkEveryMs: 0 });
    await auto.started;
    const manual = await s.backups.backUp(actor, 'manual');
    await auto.atExit();
    await manual;
    const done = s.store.sqlite.prepare("select action, detail from audit_log where entity = 'database' order by id").all() as Array<{
      action: string;
      detail: string;
    }>;
    expect(done.map((d) => `${d.action} ${d.detail.split(':')[0]}`)).toEqual(['backup automatic', 'backup manual', 'backup exit']);
    // Newest first, even within one second.
    expect((await s.backups.list(actor, {})).backups.map((b) => b.reason)).toEqual(['exit', 'manual', 'automatic']);
  });
});

describe('the backup API', () => {
  it('runs a manual backup in the background, refusing a second one meanwhile, and lists it', async () => {
    const s = await clinic(30);
    const invoke = createInvoker(createHandlers(s, { version: '9.9.9' }));
    const started = await invoke(actor, 'backups.run', {});
    expect(started).toMatchObject({ ok: true, value: { folder: join(s.dir, 'Backups'), backups: [], running: { done: 0, total: 0 } } });
    const again = await invoke(actor, 'backups.run', {});
    expect(again).toEqual({
      ok: false,
      error: { kind: 'conflict', message: 'A backup is already running. Wait for it to finish; its progress is shown in the list.' },
    });
    await s.backups.whenIdle();
    const listed = await invoke(actor, 'backups.list', {});
    if (!listed.ok) throw new Error(listed.error.message);
    expect(listed.value.running).toBeNull();
    expect(listed.value.last).toMatchObject({ ok: true });
    expect(listed.value.backups).toHaveLength(1);
    expect(listed.value.backups[0]).toMatchObject({ reason: 'manual', summary: { counts: { patients: 30 } } });
    expect(await invoke(actor, 'backups.list', { extra: 1 })).toMatchObject({ ok: false, error: { kind: 'validation' } });
  });

  it('inspects only a listed backup; any other path is refused', async () => {
    const s = await clinic(12);
    const invoke = createInvoker(createHandlers(s, { version: '9.9.9' }));
    const entry = await s.backups.backUp(actor, 'manual');
    expect(await invoke(actor, 'backups.inspect', { file: entry.file })).toEqual({ ok: true, value: entry.summary });

    const elsewhere = join(tempDir(), 'copy.db');
    await backupTo(s.store.sqlite, elsewhere);
    for (const file of [elsewhere, s.dbPath, join(s.dir, 'Backups', '..', 'milia.db'), '/etc/passwd']) {
      const refused = await invoke(actor, 'backups.inspect', { file });
      expect(refused).toEqual({
        ok: false,
        error: { kind: 'validation', message: `${file} is not one of the backups in ${join(s.dir, 'Backups')}. Choose a backup from the list.` },
      });
    }
    expect(await invoke(actor, 'backups.inspect', {})).toMatchObject({ ok: false, error: { kind: 'validation', issues: [{ path: 'file' }] } });
  });
});
