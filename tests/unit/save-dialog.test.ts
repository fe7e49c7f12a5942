/**
 * The desktop Save dialog's path goes through the same judgement as `--out`: a name that
 * belongs to the database, a folder or a named pipe is refused with a plain sentence before
 * the export runs, and an accepted name is written durably. Electron's dialog is replaced by
 * one that answers with the path under test; the files are real.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { AppError } from '@shared/errors';
import { createSaveDialog } from '../../src/main/desktop/saveDialog';
import { makeFifo } from '../support/files';
import { tempDir } from '../support/store';

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
});
