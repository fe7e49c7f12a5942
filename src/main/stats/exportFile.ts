/**
 * An export read and written in one go over a connection that does nothing else meanwhile
 * (the worker thread's): the period's rows as the statement gives them, each straight into
 * the file's writer, and for the workbook the summary before them. Memory holds the file
 * being made, never the rows.
 */
import type { ExportFormat, Period } from '@shared/stats';
import type { Records } from '../db/records';
import { renderExport, type ExportInput, type Progress } from './formats';
import { pseudonymised, summarise } from './summary';

export function streamExport(records: Records, format: ExportFormat, period: Period, onProgress?: Progress): Promise<{ rows: number; bytes: Buffer }> {
  return records.read(async (tx) => {
    const rows = pseudonymised(await tx.stats.eachTreatment(period));
    // The CSV is the rows alone: only the workbook has sheets for the summary.
    const input: ExportInput = format === 'csv' ? { format, rows } : { format, rows, summary: summarise(period, await tx.stats.aggregates(period)) };
    return { rows: rows.length, bytes: await renderExport(input, onProgress) };
  });
}
