/**
 * The desktop app's way to save an export: the system Save dialog over the main window, in
 * the Documents folder the first time, then the file written durably (a new temporary file
 * beside it, filled as the export is made, then a rename), so a failed or interrupted export
 * never leaves half a file under the name. A name that belongs to the database, or that is
 * not a file, is refused before any work.
 */
import { dirname, join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import { AppError } from '@shared/errors';
import type { ExportFormat } from '@shared/stats';
import { checkOutputPath, placeFilled, writeFileDurably } from '../files/durable';
import type { ExportShell } from '../api/exportShell';
import type { SaveTarget } from '../files/saveTarget';

const filters: Record<ExportFormat, Electron.FileFilter[]> = {
  csv: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
  xlsx: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
};

/** Throws the refusal of a path the export may not be written to. */
function assertSavePath(path: string, databasePath: string): void {
  const refusal = checkOutputPath(path, { databasePath });
  if (!refusal) return;
  const why =
    refusal.reason === 'noFolder' || refusal.reason === 'notFolder'
      ? `the folder ${refusal.folder} does not exist`
      : refusal.reason === 'folder'
        ? 'it is a folder'
        : refusal.reason === 'special'
          ? `it is ${refusal.kind}`
          : 'it belongs to the Milia Notes database';
  throw new AppError('validation', `The export was not saved as ${path}: ${why}. Choose another file name.`);
}

export function createSaveDialog(window: () => BrowserWindow | null, databasePath: string): ExportShell {
  let lastFolder: string | null = null;
  return {
    async chooseTarget(fileName: string, format: ExportFormat, what = 'the statistics export'): Promise<SaveTarget | null> {
      const options = { title: `Save ${what}`, defaultPath: join(lastFolder ?? app.getPath('documents'), fileName), filters: filters[format] };
      const own = window();
      const { canceled, filePath } = own ? await dialog.showSaveDialog(own, options) : await dialog.showSaveDialog(options);
      if (canceled || !filePath) return null;
      assertSavePath(filePath, databasePath);
      lastFolder = dirname(filePath);
      return {
        async save(bytes) {
          // Again: the export took a while, and the folder may have changed meanwhile.
          assertSavePath(filePath, databasePath);
          writeFileDurably(filePath, bytes);
          return { savedTo: filePath, url: null };
        },
        async saveFilled(fill) {
          assertSavePath(filePath, databasePath);
          await placeFilled(filePath, async (temporary) => {
            await fill(temporary);
            // Again before it takes the name: the folder may have changed while the file was made.
            assertSavePath(filePath, databasePath);
          });
          return { savedTo: filePath, url: null };
        },
      };
    },
  };
}
