/**
 * The audit trail as CSV (`cli.md`, the `audit` command): a header row, then one row per event, newest
 * first, text guarded against formulas as every CSV the app writes is. Made in slices, so a
 * trail of years is never one string.
 */
import { stringify } from 'csv-stringify/sync';
import type { AuditEvent } from '@shared/audit';
import { csvOptions } from '../files/spreadsheetCsv';

/** Rows of CSV made between two turns of the event loop. */
const csvSlice = 5000;
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

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

const csvRecord = (e: AuditEvent): (string | number)[] => [
  e.id,
  e.at,
  e.actor,
  e.username,
  e.role,
  e.surface,
  e.action,
  e.patientId ?? '',
  e.entity,
  e.entityId ?? '',
  e.outcome,
  e.detail,
];

/** The events as CSV pieces: the header, then the rows in slices, each read as it is reached. `bom` for a file a spreadsheet opens. */
export async function* auditCsvPieces(events: Iterable<AuditEvent>, { bom }: { bom: boolean }): AsyncGenerator<string> {
  yield stringify([[...auditCsvColumns]], { ...csvOptions, bom });
  let slice: (string | number)[][] = [];
  for (const event of events) {
    slice.push(csvRecord(event));
    if (slice.length < csvSlice) continue;
    yield stringify(slice, csvOptions);
    slice = [];
    await yieldTurn();
  }
  if (slice.length > 0) yield stringify(slice, csvOptions);
}
