/**
 * The audit trail as CSV (`cli.md`, the `audit` command): a header row, then one row per event,
 * newest first, text guarded against formulas as every CSV the app writes is, byte for byte as
 * csv-stringify writes it. Each row is encoded into the file's pieces as it is read, so a
 * trail of years is never held: the names, roles and actions that repeat are written once, the
 * numbers as they are, and the times and details, which seldom repeat, one by one.
 */
import type { AuditEvent } from '@shared/audit';
import type { Counted } from '../db/records';
import { cellWriter, csvOptions, csvRowPieces, csvTextCell } from '../files/spreadsheetCsv';

const auditCsvColumns = [
  'row',
  'time (UTC)',
  'user',
  'username',
  'role',
  'surface',
  'action',
  'patient id',
  'record',
  'record id',
  'outcome',
  'detail',
] as const;

function auditRecordWriter(): (e: AuditEvent) => string {
  const cell = cellWriter(csvOptions);
  return (e) =>
    `${e.id},${csvTextCell(e.at)},${cell(e.actor)},${cell(e.username)},${cell(e.role)},${cell(e.surface)},${cell(e.action)},${e.patientId ?? ''},${cell(e.entity)},${e.entityId ?? ''},${cell(e.outcome)},${csvTextCell(e.detail)}\r\n`;
}

/** The events as CSV pieces: the header, then the rows as they are read. `bom` for a file a spreadsheet opens. */
export const auditCsvPieces = (events: Counted<AuditEvent>, { bom }: { bom: boolean }): AsyncGenerator<Buffer> =>
  csvRowPieces(auditCsvColumns, events, auditRecordWriter(), { format: csvOptions, bom });
