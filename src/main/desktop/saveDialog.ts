/**
 * The desktop app's way to save an export: the system Save dialog over the main window, in
 * the Documents folder the first time, then the file written through a temporary file and
 * a rename, so a failed or interrupted export never leaves half a file under the name.
 */
import { dirname, join } from 'node:path';
import { app, dialog, type BrowserWindow } from 'electron';
import type { ExportFormat } from '@shared/stats';
import { writeBytesAtomic } from '../files/atomic';
import type { ExportShell, SaveTarget } from '../api/exportShell';

const filters: Record<ExportFormat, Electron.FileFilter[]> = {
  csv: [{ name: 'CSV (comma-separated values)', extensions: ['csv'] }],
  xlsx: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
};

export function createSaveDialog(window: () => BrowserWindow | null): ExportShell {
  let lastFolder: string | null = null;
  return {
    async chooseTarget(fileName: string, format: ExportFormat): Promise<SaveTarget | null> {
      const options = { title: 'Save the statistics export', defaultPath: join(lastFolder ?? app.getPath('documents'), fileName), filters: filters[format] };
      const own = window();
      const { canceled, filePath } = own ? await dialog.showSaveDialog(own, options) : await dialog.showSaveDialog(options);
      if (canceled || !filePath) return null;
      lastFolder = dirname(filePath);
      return {
        async save(bytes) {
          writeBytesAtomic(filePath, bytes);
          return { savedTo: filePath, url: null };
        },
      };
    },
  };
}
