/**
 * The browser mode's handouts waiting to be opened: a PDF is kept in memory for a few
 * minutes, long enough for the new tab to fetch it (and reload it), under `/handouts/`.
 */
import type { ShownPdf } from '@shared/printing';
import type { PdfShell } from '../api/pdfShell';
import { FileStash } from './stash';

/** How long an opened handout can be fetched again. */
export const pdfLifetimeMs = 10 * 60 * 1000;

export class PdfStash extends FileStash implements PdfShell {
  constructor(now: () => number = Date.now) {
    // Bounds the memory a burst of batches can take; the oldest go first.
    super({ prefix: '/handouts/', contentTypes: { pdf: 'application/pdf' }, lifetimeMs: pdfLifetimeMs, maxKept: 50, maxBytes: 100 * 1024 * 1024, now });
  }

  async showPdf(bytes: Buffer, title: string): Promise<ShownPdf> {
    return { url: this.keep(bytes, title, 'pdf', 'aftercare') };
  }
}
