/**
 * The desktop Save dialog's path goes through the same judgement as `--out`: a name that
 * belongs to the database, a folder or a named pipe is refused with a plain sentence before
 * the export runs, and an accepted name is written durably, by the worker thread as the export
 * is made. Electron's dialog is replaced by one that answers with the path under test; the
 * files, the worker thread and the database are real.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AppError } from '@shared/errors';
import type { ExportJobStatus } from '@shared/stats';
import type { ExportShell } from '../../src/main/api/exportShell';
import { auditCsvBytes } from '../../src/main/auditExport/exportFile';
import { composeApp } from '../../src/main/compose';
import { history, manyReads } from '../support/auditHistory';
import { createSaveDialog } from '../../src/main/desktop/saveDialog';
import { seed } from '../../src/main/seed';
import { renderExport } from '../../src/main/stats/formats';
import { startWorkers, type Workers } from '../../src/main/workers/pool';
import { makeFifo } from '../support/files';
import { watchedWorkers } from '../support/watchedWorkers';
import { pollUntil } from '../support/poll';
import { tempDir, testActor as actor, testServices } from '../support/store';

const answer = vi.hoisted(() => ({ path: '' }));

vi.mock('electron', () => ({
  app: { getPath: () => '/nonexistent/Documents' },
  dialog: { showSaveDialog: async () => ({ canceled: false, filePath: answer.path }) },
}));

async function refusal(path: string, database: string): Promise<AppError> {
  answer.path = path;
  const error = await createSaveDialog(() => null, database)
    .chooseTarget('milia-statistics-2026-01-01-to-2026-03-31.csv', 'csv')
    .then(
      () => null,
      (e: unknown) => e,
    );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('the desktop Save dialog', () => {
  it('refuses the database, its -wal and backup state file, a folder and a named pipe, writing nothing', async () => {
    const dir = tempDir();
    const db = join(dir, 'milia-notes.db');
    writeFileSync(db, 'the record');
    const pipe = join(dir, 'pipe');
    makeFifo(pipe);
    const cases: Array<[string, string]> = [
      [db, 'it belongs to the Milia Notes database'],
      [`${db}-wal`, 'it belongs to the Milia Notes database'],
      [`${db}.backup-state.json`, 'it belongs to the Milia Notes database'],
      [dir, 'it is a folder'],
      [pipe, 'it is a named pipe'],
      [join(dir, 'gone', 'stats.csv'), `the folder ${join(dir, 'gone')} does not exist`],
    ];
    for (const [path, why] of cases) {
      const error = await refusal(path, db);
      expect(error.message).toBe(`The export was not saved as ${path}: ${why}. Choose another file name.`);
    }
    expect(readFileSync(db, 'utf8')).toBe('the record');
    expect(statSync(pipe).isFIFO()).toBe(true);
  });

  it('writes an accepted file whole, for this user only', async () => {
    const dir = tempDir();
    answer.path = join(dir, 'stats.csv');
    const target = await createSaveDialog(() => null, join(dir, 'milia-notes.db')).chooseTarget('stats.csv', 'csv');
    expect(await target!.save(Buffer.from('visit_date\r\n'))).toEqual({ savedTo: answer.path, url: null });
    expect(readFileSync(answer.path, 'utf8')).toBe('visit_date\r\n');
    expect(statSync(answer.path).mode & 0o777).toBe(0o600);
  });

  it('lets a job fill a temporary file beside the chosen one, then puts it there for this user only, leaving nothing else behind', async () => {
    const dir = tempDir();
    answer.path = join(dir, 'stats.csv');
    writeFileSync(answer.path, 'an older export');
    const target = await createSaveDialog(() => null, join(dir, 'milia-notes.db')).chooseTarget('stats.csv', 'csv');
    const filled: string[] = [];
    const saved = await target!.saveFilled!(async (temporary) => {
      filled.push(temporary);
      expect(readFileSync(answer.path, 'utf8')).toBe('an older export');
      writeFileSync(temporary, 'visit_date\r\n');
    });
    expect(saved).toEqual({ savedTo: answer.path, url: null });
    expect(filled[0]!.startsWith(join(dir, '.stats.csv.'))).toBe(true);
    expect(readFileSync(answer.path, 'utf8')).toBe('visit_date\r\n');
    expect(statSync(answer.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['stats.csv']);
  });

  it('leaves the chosen file as it was, and no temporary file, when the job fails or the folder goes meanwhile', async () => {
    const dir = tempDir();
    answer.path = join(dir, 'stats.csv');
    writeFileSync(answer.path, 'an older export');
    const dialog = createSaveDialog(() => null, join(dir, 'milia-notes.db'));
    const failing = (await dialog.chooseTarget('stats.csv', 'csv'))!.saveFilled!(async (temporary) => {
      writeFileSync(temporary, 'half a file');
      throw new Error('The database is damaged, so nothing was saved.');
    });
    await expect(failing).rejects.toThrow('The database is damaged, so nothing was saved.');
    expect(readdirSync(dir)).toEqual(['stats.csv']);
    expect(readFileSync(answer.path, 'utf8')).toBe('an older export');

    const inner = join(dir, 'inner');
    mkdirSync(inner);
    answer.path = join(inner, 'stats.csv');
    const gone = (await dialog.chooseTarget('stats.csv', 'csv'))!.saveFilled!(async (temporary) => {
      writeFileSync(temporary, 'visit_date\r\n');
      rmSync(temporary);
      rmSync(inner, { recursive: true });
    });
    await expect(gone).rejects.toThrow(`The export was not saved as ${answer.path}: the folder ${inner} does not exist. Choose another file name.`);
  });
});

const started: Workers[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.close();
});

/** The dialog's own target, each way of saving named as it is taken. */
function dialogNamingWays(database: string): { files: ExportShell; ways: string[] } {
  const dialog = createSaveDialog(() => null, database);
  const ways: string[] = [];
  const files: ExportShell = {
    async chooseTarget(fileName, format, what) {
      const target = (await dialog.chooseTarget(fileName, format, what))!;
      return {
        save: (bytes) => (ways.push('bytes'), target.save(bytes)),
        saveFilled: (fill) => (ways.push('filled'), target.saveFilled!(fill)),
      };
    },
  };
  return { files, ways };
}

describe('a desktop export', () => {
  const period = { from: '2024-01-01', to: '2025-06-30', asOf: '2025-07-01' };
  const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

  it('is written by the worker thread into the file chosen, as the same bytes as made in one piece here, and audited', async () => {
    const services = testServices();
    await seed(services.store.records, actor, { patients: 60, seed: 15, today: period.to });
    const folder = tempDir();
    const workers = startWorkers();
    started.push(workers);
    const { files, ways } = dialogNamingWays(services.dbPath);
    const app = composeApp(services.store, { version: 'test', shells: { files, workers } });
    for (const format of ['csv', 'xlsx'] as const) {
      answer.path = join(folder, `stats.${format}`);
      const begun = await app.invoke(actor, 'stats.export', { ...period, format });
      if (!begun.ok) throw new Error(begun.error.message);
      const job = begun.value.job!;
      const status = await pollUntil(
        async () => {
          const polled = await app.invoke(actor, 'stats.exportStatus', { job });
          if (!polled.ok) throw new Error(polled.error.message);
          return polled.value;
        },
        (s: ExportJobStatus) => s.state !== 'running',
        'the end of the export',
      );
      const here = await renderExport(await services.stats.exportData(actor, { ...period, format }));
      const rows = status.state === 'done' ? status.rows : -1;
      expect(status).toEqual({
        state: 'done',
        rows,
        fileName: `milia-statistics-2024-01-01-to-2025-06-30.${format}`,
        size: here.length,
        savedTo: answer.path,
        url: null,
      });
      expect(sha(readFileSync(answer.path))).toBe(sha(here));
      expect(statSync(answer.path).mode & 0o777).toBe(0o600);
      const lines = services.store.sqlite
        .prepare("select detail from audit_log where entity = 'statistics' and action = 'export' order by id desc limit 2")
        .pluck()
        .all();
      // This test's in-process export, then the worker's.
      expect(lines).toEqual([`${format}, 2024-01-01 to 2025-06-30, ${rows} treatments`, `${format}, 2024-01-01 to 2025-06-30, ${rows} treatments`]);
    }
    expect(readdirSync(folder).sort()).toEqual(['stats.csv', 'stats.xlsx']);
    expect(ways).toEqual(['filled', 'filled']);
  });

  it('of the audit trail is written by the worker thread into the file chosen, as the same bytes as made here, and audited', async () => {
    const services = testServices();
    await seed(services.store.records, actor, { patients: 60, seed: 15, today: period.to });
    const folder = tempDir();
    const { workers, ran } = watchedWorkers();
    started.push(workers);
    const { files, ways } = dialogNamingWays(services.dbPath);
    const app = composeApp(services.store, { version: 'test', shells: { files, workers } });
    answer.path = join(folder, 'trail.csv');
    // A trail longer than the CSV's slices of 5,000 rows, with text a CSV must quote and guard.
    await history(services.store);
    await manyReads(services.store, 6000);
    const here = await auditCsvBytes(services.store.records, { from: '2000-01-01', before: '2099-12-31T24' });
    expect(here.rows).toBe(6006);
    expect(await app.invoke(actor, 'audit.export', { from: '2000-01-01', to: '2099-12-31' })).toEqual({
      ok: true,
      value: { saved: { rows: here.rows, fileName: 'milia-audit-2000-01-01-to-2099-12-31.csv', savedTo: answer.path, url: null } },
    });
    expect(sha(readFileSync(answer.path))).toBe(sha(here.bytes));
    expect(statSync(answer.path).mode & 0o777).toBe(0o600);
    expect(readdirSync(folder)).toEqual(['trail.csv']);
    expect([ways, ran]).toEqual([['filled'], ['auditExportInto']]);
    expect(services.store.sqlite.prepare("select detail from audit_log where entity = 'audit' and action = 'export'").pluck().all()).toEqual([
      `csv, 2000-01-01 to 2099-12-31: ${here.rows} events`,
    ]);
  });
});
