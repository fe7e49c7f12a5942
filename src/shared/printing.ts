/**
 * Showing handouts to print: which stored handouts (one, or a batch from the worklist), and
 * where the PDF ended up. The desktop app opens its own preview window, so there is no
 * address; the browser mode hands back one to open in a new tab.
 */
import * as z from 'zod';
import { recordId } from './fields';

/** A batch is one worklist tab's visits; 200 keeps one PDF to a size a printer queue takes. */
export const maxHandoutsShown = 200;

export const HandoutShow = z.strictObject({
  ids: z
    .array(recordId().describe('handout id'), { error: 'must be a list of handout ids' })
    .min(1, { error: 'must name at least one handout' })
    .max(maxHandoutsShown, { error: `must name at most ${maxHandoutsShown} handouts` }),
});

export interface ShownPdf {
  /** The browser mode's address of the PDF (without the token); null when the app showed it itself. */
  url: string | null;
}
