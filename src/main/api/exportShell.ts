/**
 * Where an export goes, which only the surface knows: the desktop app asks with the system's
 * Save dialog and writes the file there; the browser mode keeps it in memory for the page
 * to download. The destination is chosen before the work starts, so a cancelled dialog
 * costs nothing.
 */
import type { ExportFormat } from '@shared/stats';
import type { SaveTarget } from '../files/saveTarget';

export interface ExportShell {
  /**
   * Null when the user cancelled. `fileName` is the suggested name; it carries no patient
   * details. `what` names the export where the user is asked ("the statistics export" unless said).
   */
  chooseTarget(fileName: string, format: ExportFormat, what?: string): Promise<SaveTarget | null>;
}
