/**
 * An export read and written in one go over a connection that does nothing else meanwhile
 * (the worker thread's): the summary, then the period's rows as the statement gives them,
 * each straight into the file's writer. Memory holds the file being made, never the rows.
 */
import type { ExportFormat, Period } from '@shared/stats';
import type { Records } from '../db/records';
import { renderExport, type Progress } from './formats';
import { pseudonymised, summarise } from './summary';

export function streamExport(records: Records, format: ExportFormat, period: Period, onProgress?: Progress): Promise<{ rows: number; bytes: Buffer }> {
  return records.read(async (tx) => {
    const summary = summarise(period, await tx.stats.aggregates(period));
    const rows = pseudonymised(await tx.stats.eachTreatment(period));
    return { rows: rows.length, bytes: await renderExport({ format, summary, rows }, onProgress) };
  });
}
