/**
 * The audit trail's export made in one go over a connection that does nothing else meanwhile
 * (the worker thread's, or the app's own without one): the matching events of one snapshot,
 * read without the record's write lock, each straight into the CSV. Memory holds the file
 * being made (for a surface that keeps it, the browser mode's download) or, written into its
 * place as it is made (the desktop app's), a few pieces of it: never the trail.
 */
import type { AuditFilter, Records } from '../db/records';
import { fillTemporary } from '../files/durable';
import { joined } from '../files/saveTarget';
import { auditCsvPieces } from './csv';

/** The export's bytes and how many events it holds. */
export function auditCsvBytes(records: Records, filter: AuditFilter): Promise<{ rows: number; bytes: Buffer }> {
  return records.read(async (tx) => {
    const events = await tx.audit.each(filter);
    return { rows: events.length, bytes: await joined(auditCsvPieces(events, { bom: true })) };
  });
}

/** The same export written into `temporary` (from `createTemporary`) as it is made; the file's size comes back with the events. */
export function auditCsvInto(records: Records, filter: AuditFilter, temporary: string): Promise<{ rows: number; size: number }> {
  return records.read(async (tx) => {
    const events = await tx.audit.each(filter);
    return { rows: events.length, size: await fillTemporary(temporary, auditCsvPieces(events, { bom: true })) };
  });
}
