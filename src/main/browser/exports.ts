/**
 * The browser mode's way to save a statistics export: there is no dialog to ask where (the
 * browser's own download does that), so every export gets a target, and the finished file
 * is kept in memory under `/exports/` until the page downloads it, once.
 */
import type { ExportFormat } from '@shared/stats';
import { mimeTypes } from '../stats/formats';
import type { ExportShell } from '../api/exportShell';
import type { SaveTarget } from '../files/saveTarget';
import { FileStash } from './stash';

export class ExportStash extends FileStash implements ExportShell {
  constructor(now: () => number = Date.now) {
    // Every year of a 20,000-patient practice is 19 MB of CSV (8 MB of workbook); these bound what repeated exports can hold.
    super({ prefix: '/exports/', contentTypes: mimeTypes, maxKept: 20, maxBytes: 256 * 1024 * 1024, now });
  }

  async chooseTarget(fileName: string, format: ExportFormat): Promise<SaveTarget> {
    const baseName = fileName.endsWith(`.${format}`) ? fileName.slice(0, -(format.length + 1)) : fileName;
    return {
      save: async (bytes) => ({ savedTo: null, url: this.keep(bytes, baseName, format, 'milia-statistics') }),
    };
  }
}
