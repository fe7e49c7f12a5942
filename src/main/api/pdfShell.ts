/**
 * Where a PDF goes to be printed, which only the surface knows: the desktop app opens a
 * preview window and its print dialog, the browser mode keeps the PDF for a new tab to fetch.
 */
import type { ShownPdf } from '@shared/printing';

export interface PdfShell {
  /** `title` names the file and the window; it never carries patient details. */
  showPdf(bytes: Buffer, title: string): Promise<ShownPdf>;
}
