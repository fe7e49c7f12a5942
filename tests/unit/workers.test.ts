/**
 * The worker thread heavy jobs run on, started from the sources as the browser mode does: an
 * export made there is the bytes made in-process, a handout batch the same pages, progress crosses,
 * refusals keep their kind, the audit line is written on the app's connection, a closed
 * thread fails its jobs while the next job starts a new one, and a job run aside has a thread
 * of its own for its length.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { getPriority } from 'node:os';
import { basename, join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { auditCsvBytes } from '../../src/main/auditExport/exportFile';
import { ExportStash } from '../../src/main/browser/exports';
import { composeApp } from '../../src/main/compose';
import { history, manyReads } from '../support/auditHistory';
import { renderHandouts } from '../../src/main/handouts/render';
import { seed } from '../../src/main/seed';
import { renderExport } from '../../src/main/stats/formats';
import { startWorkers, type Workers } from '../../src/main/workers/pool';
import { jobsNice } from '../../src/main/workers/priority';
import { runStartupChecks } from '../../src/main/workers/startupChecks';
import type { ExportShell } from '../../src/main/api/exportShell';
import type { Envelope } from '@shared/errors';
import type { ExportJobStatus } from '@shared/stats';
import { orphanVisits, overwritePage } from '../support/damage';
import { sampleHandout } from '../support/handoutFixture';
import { pdfjsPages } from '../support/pdfText';
import { pollUntil } from '../support/poll';
import { watchedWorkers } from '../support/watchedWorkers';
import { testActor as actor, testServices } from '../support/store';

const period = { from: '2024-01-01', to: '2025-06-30', asOf: '2025-07-01' };
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const started: Workers[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.close();
});
function workers(): Workers {
  const w = startWorkers();
  started.push(w);
  return w;
}

/** A seeded practice of 60 patients whose last day is the end of the period. */
async function practice() {
  const services = testServices();
  await seed(services.store.records, actor, { patients: 60, seed: 15, today: period.to });
  return services;
}

/** The export job polled as the screen polls it, until it is no longer running. */
const settled = (app: ReturnType<typeof composeApp>, job: string): Promise<ExportJobStatus> =>
  pollUntil(
    async () => value(await app.invoke(actor, 'stats.exportStatus', { job })),
    (status) => status.state !== 'running',
    'the end of the export',
  );

function value<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.kind}: ${envelope.error.message}`);
  return envelope.value;
}

describe('the worker thread', () => {
  it('writes the CSV export of a seeded practice byte for byte as this thread does, reporting progress to the total', async () => {
    const services = await practice();
    const data = await services.stats.exportData(actor, { ...period, format: 'csv' });
    const here = await renderExport(data);
    const progress: Array<[number, number]> = [];
    const made = await workers().run('statsExport', { dbPath: services.dbPath, format: 'csv', period }, (done, total) => progress.push([done, total]));
    expect(sha(made.bytes)).toBe(sha(here));
    expect(made.rows).toBe(data.rows.length);
    expect(progress.at(-1)).toEqual([made.rows, made.rows]);
  });

  it('lays out a batch of handouts as the same pages of text as this thread does', async () => {
    const docs = [sampleHandout('Nguyễn Thị Ánh', 2), sampleHandout('Zoë Ångström', 1), sampleHandout('Ada Lovelace', 3)];
    const options = { paperSize: 'A4', largePrint: true } as const;
    const w = workers();
    const here = await pdfjsPages(await renderHandouts(docs, options));
    expect(await pdfjsPages(Buffer.from(await w.run('handouts', { docs, options })))).toEqual(here);
    // The thread's fonts are parsed once: a second batch says the same again.
    expect(await pdfjsPages(Buffer.from(await w.run('handouts', { docs, options })))).toEqual(here);
  });

  it('hands back a refusal as an AppError of the same kind, and any other failure with its message', async () => {
    const services = testServices();
    const w = workers();
    const missing = w.run('statsExport', { dbPath: join(services.dir, 'gone.db'), format: 'csv', period });
    await expect(missing).rejects.toBeInstanceOf(AppError);
    await expect(missing).rejects.toMatchObject({ kind: 'not_found', message: expect.stringMatching(/There is no database at .*gone\.db/) });
    await expect(w.run('handouts', { docs: [], options: { paperSize: 'A4', largePrint: false } })).rejects.toThrow('There are no handouts to print.');
  });

  it('makes the start-up checks in two halves at once: a sound file passes, a damaged one is refused by its pages first and left byte for byte as it was', async () => {
    const services = await practice();
    const path = services.dbPath;
    services.store.close();
    const w = workers();
    await expect(runStartupChecks(w, path)).resolves.toBeUndefined();
    const db = new Database(path, { readonly: true, fileMustExist: true });
    const pages = db.prepare("select pageno from dbstat where name = 'patients' and pagetype = 'leaf' order by pageno").pluck().all() as number[];
    db.close();
    overwritePage(path, pages[Math.floor(pages.length / 2)]!);
    const before = sha(readFileSync(path));
    // The keys' half meets the same damage (the visits name patients on that page) and is refused too; the pages' refusal is the one reported.
    await expect(w.startupCheck({ dbPath: path, part: 'keys' })).rejects.toMatchObject({
      kind: 'damaged',
      message: expect.stringContaining('foreign keys of table visits could not be checked: the file is damaged there'),
    });
    const refused = runStartupChecks(w, path);
    await expect(refused).rejects.toBeInstanceOf(AppError);
    await expect(refused).rejects.toMatchObject({
      kind: 'damaged',
      message: expect.stringContaining(`${path} is damaged (table patients: some of its rows cannot be read).`),
    });
    expect(sha(readFileSync(path))).toBe(before);
  });

  it("refuses at start-up, by the keys' half on a thread of its own, rows whose foreign keys point nowhere, the file unchanged", async () => {
    const services = await practice();
    const path = services.dbPath;
    services.store.close();
    const orphans = orphanVisits(path);
    const before = sha(readFileSync(path));
    const w = workers();
    await expect(w.startupCheck({ dbPath: path, part: 'pages' })).resolves.toBe(true);
    await expect(runStartupChecks(w, path)).rejects.toMatchObject({
      kind: 'damaged',
      message: expect.stringContaining(
        `(rows refer to rows that do not exist: visits ${orphans.length === 1 ? 'row' : 'rows'} ${orphans.slice(0, 5).join(', ')}${orphans.length > 5 ? ` and ${orphans.length - 5} more` : ''}: patient_id refers to a patients row that does not exist)`,
      ),
    });
    expect(sha(readFileSync(path))).toBe(before);
  });

  it('runs its jobs at a lower priority than the thread that started it, leaving that thread as it was', async () => {
    const services = await practice();
    const before = getPriority();
    const niceOf = (task: string) => Number(readFileSync(`/proc/self/task/${task}/stat`, 'utf8').split(') ').at(-1)!.split(' ')[16]);
    const niced = () => readdirSync('/proc/self/task').filter((task) => niceOf(task) === Math.min(19, before + jobsNice)).length;
    const others = niced();
    const w = workers();
    await w.run('statsExport', { dbPath: services.dbPath, format: 'csv', period });
    // One more thread of this process at the jobs' priority: the worker's; this one unchanged.
    expect(niced()).toBe(others + 1);
    expect(getPriority()).toBe(before);
  });

  it('fails the jobs under way when closed, and starts a new thread for the next job', async () => {
    const services = await practice();
    const w = workers();
    const cut = expect(w.run('statsExport', { dbPath: services.dbPath, format: 'xlsx', period })).rejects.toThrow('The worker thread was closed.');
    await w.close();
    await cut;
    const again = await w.run('statsExport', { dbPath: services.dbPath, format: 'csv', period });
    expect(again.rows).toBe((await services.stats.exportData(actor, { ...period, format: 'csv' })).rows.length);
  });

  it('makes a start-up check on a thread of its own, ended with it, and a close fails a check under way', async () => {
    const services = await practice();
    const path = services.dbPath;
    services.store.close();
    const threads = () => readdirSync('/proc/self/task').length;
    const w = workers();
    const before = threads();
    await expect(w.startupCheck({ dbPath: path, part: 'pages' })).resolves.toBe(true);
    await pollUntil(threads, (n) => n === before, "the end of the check's thread");
    const cut = expect(w.startupCheck({ dbPath: path, part: 'keys' })).rejects.toThrow('The worker thread was closed.');
    await w.close();
    await cut;
  });
});

describe('a surface with a worker thread', () => {
  it('exports through the API with the rows read there, the audit line written here, and the file saved here', async () => {
    const services = await practice();
    const saved: Buffer[] = [];
    const files: ExportShell = { chooseTarget: async () => ({ save: async (bytes) => (saved.push(bytes), { savedTo: '/chosen/file.csv', url: null }) }) };
    const app = composeApp(services.store, { version: 'test', shells: { files, workers: workers() } });
    const job = value(await app.invoke(actor, 'stats.export', { ...period, format: 'csv' })).job!;
    const status = await settled(app, job);
    const here = await renderExport(await services.stats.exportData(actor, { ...period, format: 'csv' }));
    expect(status).toEqual({
      state: 'done',
      rows: expect.any(Number),
      fileName: 'milia-statistics-2024-01-01-to-2025-06-30.csv',
      size: here.length,
      savedTo: '/chosen/file.csv',
      url: null,
    });
    expect(sha(saved[0]!)).toBe(sha(here));
    const rows = status.state === 'done' ? status.rows : 0;
    // The worker's line, then the one this test's in-process export wrote.
    expect(services.store.sqlite.prepare("select detail from audit_log where entity = 'statistics' and action = 'export' order by id").pluck().all()).toEqual([
      `csv, 2024-01-01 to 2025-06-30, ${rows} treatments`,
      `csv, 2024-01-01 to 2025-06-30, ${rows} treatments`,
    ]);
  });

  it("ends an export that meets a damaged page on the thread with the damaged file's sentence, not a fault of the app", async () => {
    const services = await practice();
    const path = services.dbPath;
    // Every page in the file itself, so that the thread's connection reads the damaged one.
    services.store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const pages = services.store.sqlite
      .prepare("select pageno from dbstat where name = 'treatments' and pagetype = 'leaf' order by pageno")
      .pluck()
      .all() as number[];
    overwritePage(path, pages[Math.floor(pages.length / 2)]!);
    const files: ExportShell = { chooseTarget: async () => ({ save: async () => ({ savedTo: '/chosen/file.csv', url: null }) }) };
    const app = composeApp(services.store, { version: 'test', shells: { files, workers: workers() } });
    // Every year: the thread reads the whole treatments table.
    const job = value(await app.invoke(actor, 'stats.export', { from: '1900-01-01', to: period.to, asOf: period.asOf, format: 'csv' })).job!;
    const status = await settled(app, job);
    expect(status).toEqual({
      state: 'failed',
      message: 'The database is damaged, so nothing was saved. Run "check" on it, and restore the newest good backup (Settings → Backups).',
    });
  });

  it('prints a batch of handouts laid out on the thread, audited here', async () => {
    const services = await practice();
    await services.settings.update(actor, { ...(await services.settings.read()), practiceName: 'Harbourside Dermatology', phone: '0117 496 0123' });
    const visits = services.store.sqlite.prepare('select distinct visit_id from treatments order by visit_id limit 3').pluck().all() as number[];
    const ids: number[] = [];
    for (const visitId of visits) ids.push((await services.handouts.create(actor, { visitId, largePrint: false })).id);
    const app = composeApp(services.store, { version: 'test', shells: { workers: workers() } });
    const batch = await app.services.handouts.renderBatch(actor, { ids });
    expect(await pdfjsPages(batch)).toEqual(await pdfjsPages(await services.handouts.renderBatch(actor, { ids })));
    const reprints = services.store.sqlite.prepare("select count(*) from audit_log where entity = 'handout' and action = 'reprint'").pluck().get();
    expect(reprints).toBe(6);
  });

  it('exports the audit trail with its events read there, the audit line written here, and the file handed over here', async () => {
    const services = await practice();
    const { workers: watched, ran } = watchedWorkers(workers());
    const stash = new ExportStash();
    const app = composeApp(services.store, { version: 'test', shells: { files: stash, workers: watched } });
    // A trail longer than the CSV's slices of 5,000 rows, with text a CSV must quote and guard.
    await history(services.store);
    await manyReads(services.store, 6000);
    const here = await auditCsvBytes(services.store.records, { from: '2000-01-01', before: '2099-12-31T24' });
    expect(here.rows).toBe(6006);
    const { saved } = value(await app.invoke(actor, 'audit.export', { from: '2000-01-01', to: '2099-12-31' }));
    expect(saved).toEqual({ rows: here.rows, fileName: 'milia-audit-2000-01-01-to-2099-12-31.csv', savedTo: null, url: expect.stringMatching(/^\/exports\//) });
    const found = stash.lookup(saved!.url!);
    if (found.kind !== 'found') throw new Error(found.kind);
    expect(sha(found.bytes)).toBe(sha(here.bytes));
    expect(ran).toEqual(['auditExport']);
    expect(services.store.sqlite.prepare("select detail from audit_log where entity = 'audit' and action = 'export'").pluck().all()).toEqual([
      `csv, 2000-01-01 to 2099-12-31: ${here.rows} events`,
    ]);
  });

  it('backs up on the thread: the copy verified, listed and named for its time, the audit line written here', async () => {
    const services = await practice();
    const app = composeApp(services.store, { version: 'test', shells: { workers: workers() } });
    const backedUp = app.services.backups.backUp(actor, 'manual');
    // Recorded while the copy is made there: this thread's connection is free to write.
    const patient = await services.patients.create(actor, { mrn: 'WK-1', givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1965-12-10', sex: 'female' });
    const entry = await backedUp;
    expect(patient.id).toBeGreaterThan(60);
    expect([60, 61]).toContain(entry.summary.counts.patients);
    expect(entry.file).toMatch(/-manual\.db$/);
    const state = await app.services.backups.list(actor);
    expect(state.backups.map((b) => b.file)).toEqual([entry.file]);
    expect(state.last).toMatchObject({ ok: true });
    expect(state.running).toBeNull();
    expect(services.store.sqlite.prepare("select detail from audit_log where action = 'backup'").pluck().all()).toEqual([`manual: ${basename(entry.file)}`]);
  });
});
