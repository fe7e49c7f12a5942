/**
 * The browser mode's handouts waiting to be opened: a PDF is kept in memory under
 * `/handouts/` until the new tab fetches it, once (the tab's PDF viewer keeps the bytes for
 * printing and saving; a reload asks the user to print again).
 */
import type { ShownPdf } from '@shared/printing';
import type { PdfShell } from '../api/pdfShell';
import { FileStash } from './stash';

export class PdfStash extends FileStash implements PdfShell {
  constructor(now: () => number = Date.now) {
    // Bounds the memory a burst of batches can take; the oldest go first.
    super({ prefix: '/handouts/', contentTypes: { pdf: 'application/pdf' }, maxKept: 50, maxBytes: 100 * 1024 * 1024, now });
  }

  async showPdf(bytes: Buffer, title: string): Promise<ShownPdf> {
    return { url: this.keep(bytes, title, 'pdf', 'aftercare') };
  }
}
