/**
 * Where an export goes, which only the surface knows: the desktop app asks with the system's
 * Save dialog and writes the file there; the browser mode keeps it in memory for the page
 * to download. The destination is chosen before the work starts, so a cancelled dialog
 * costs nothing.
 */
import type { ExportFormat } from '@shared/stats';

export interface SavedFile {
  /** Where the desktop app wrote the file; null in the browser mode. */
  savedTo: string | null;
  /** The browser mode's address to download it from (without the token); null on the desktop. */
  url: string | null;
}

export interface SaveTarget {
  save(bytes: Buffer): Promise<SavedFile>;
  /**
   * For a surface that writes the file on this computer (the desktop app): `fill` writes it,
   * as it is made, into a temporary file beside its place, which the surface then puts there,
   * so a large export is never held whole. Refused or failed, nothing is left behind.
   */
  saveFilled?(fill: (temporary: string) => Promise<void>): Promise<SavedFile>;
}

export interface ExportShell {
  /**
   * Null when the user cancelled. `fileName` is the suggested name; it carries no patient
   * details. `what` names the export where the user is asked ("the statistics export" unless said).
   */
  chooseTarget(fileName: string, format: ExportFormat, what?: string): Promise<SaveTarget | null>;
}
