/**
 * An export read and written in one go over a connection that does nothing else meanwhile
 * (the worker thread's): the period's rows as the statement gives them, each straight into
 * the file's writer, and for the workbook the summary before them. Memory holds the file
 * being made (for a surface that keeps it, the browser mode's download) or, written into its
 * place as it is made (the desktop app's), a few pieces of it: never the rows.
 */
import type { ExportFormat, Period } from '@shared/stats';
import type { Records } from '../db/records';
import { fillTemporary } from '../files/durable';
import { exportPieces, renderExport, type Progress } from './formats';
import { exportInput } from './summary';

export function streamExport(records: Records, format: ExportFormat, period: Period, onProgress?: Progress): Promise<{ rows: number; bytes: Buffer }> {
  return records.read(async (tx) => {
    const input = await exportInput(tx, format, period);
    return { rows: input.rows.length, bytes: await renderExport(input, onProgress) };
  });
}

/** The same export written into `temporary` (from `createTemporary`) as it is made; the file's size comes back with the rows. */
export function streamExportInto(
  records: Records,
  format: ExportFormat,
  period: Period,
  temporary: string,
  onProgress?: Progress,
): Promise<{ rows: number; size: number }> {
  return records.read(async (tx) => {
    const input = await exportInput(tx, format, period);
    return { rows: input.rows.length, size: await fillTemporary(temporary, exportPieces(input, onProgress)) };
  });
}
