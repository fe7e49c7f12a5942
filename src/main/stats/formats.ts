/**
 * The statistics exports: CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads
 * the accents right) and XLSX (exceljs, real numbers and dates). Both are written in slices
 * that hand control back between them, so a ten-year export reports progress and never
 * holds the app's main process for long. The rows come as a list or one by one as they
 * are read (`CountedRows`), so that an export need not hold them all.
 */
import { PassThrough } from 'node:stream';
import { stringify } from 'csv-stringify/sync';
import type ExcelJS from 'exceljs';
import { treatmentColumns, type ExportFormat, type Period, type StatsSummary, type TreatmentRow } from '@shared/stats';
import type { Counted } from '../db/records';
import { csvOptions, terminalCsvOptions } from '../files/spreadsheetCsv';
import { followUpStatuses, miliaTypes, outcomes, procedureCodes, sides, sites, treatmentKinds } from '@shared/vocabulary';

export type Progress = (done: number, total: number) => void;

/** Rows with their number known before they are read: a list, or a statement's rows as they come. */
export type CountedRows = Counted<TreatmentRow>;

export interface ExportInput {
  format: ExportFormat;
  summary: StatsSummary;
  rows: CountedRows;
}

/** Rows written between two yields: small enough to keep the event loop free. */
const slice = 5000;
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Whether `done` rows end a slice, after which progress is reported and control handed back.
 * Rows are written and let go one by one: rows kept for a whole slice outlived the young
 * generation and made most of the collector's work.
 */
const endsSlice = (done: number): boolean => done % slice === 0;

export const exportFileName = (format: ExportFormat, period: Pick<Period, 'from' | 'to'>): string =>
  `milia-statistics-${period.from}-to-${period.to}.${format}`;

export const mimeTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** Each code's label, in the order of the label columns. */
const labels = (r: TreatmentRow): string[] => [
  treatmentKinds.label(r.kind),
  sites.label(r.site),
  r.side ? sides.label(r.side) : '',
  r.procedureCode ? procedureCodes.label(r.procedureCode) : '',
];

const csvRecord = (r: TreatmentRow): (string | number)[] => [
  r.visitDate,
  r.patient,
  r.clinician,
  r.kind,
  r.site,
  r.side ?? '',
  r.lesionsTreated,
  r.procedureCode ?? '',
  ...labels(r),
];

export interface CsvOptions {
  /** The byte-order mark, for a file Excel opens. */
  bom: boolean;
  onProgress?: Progress;
  /** For a terminal: how a text cell is shown there (its control characters escaped). */
  terminal?: (text: string) => string;
}

/**
 * Each distinct cell as csv-stringify writes it (quoted, made inert, escaped), worked out
 * once: the rows repeat a few thousand dates, names and codes, and csv-stringify's work per
 * field was most of an export's time. A cell is written alone with an empty one after it,
 * so that the record it is cut from never is a single empty field.
 */
function cellWriter(format: typeof csvOptions | ReturnType<typeof terminalCsvOptions>): (cell: string | number) => string {
  const cells = new Map<string | number, string>();
  const tail = `,${format.record_delimiter === 'windows' ? '\r\n' : '\n'}`;
  return (cell) => {
    let text = cells.get(cell);
    if (text === undefined) {
      text = stringify([[cell, '']], format).slice(0, -tail.length);
      cells.set(cell, text);
    }
    return text;
  };
}

/** The CSV as text pieces: the header, then the rows in slices. */
export async function* csvPieces(rows: CountedRows, options: CsvOptions): AsyncGenerator<string> {
  const format = options.terminal ? terminalCsvOptions(options.terminal) : csvOptions;
  const end = format.record_delimiter === 'windows' ? '\r\n' : '\n';
  const cell = cellWriter(format);
  yield stringify([[...treatmentColumns]], { ...format, bom: options.bom });
  let text = '';
  let done = 0;
  for (const r of rows) {
    text += csvRecord(r).map(cell).join(',') + end;
    if (!endsSlice(++done)) continue;
    yield text;
    text = '';
    options.onProgress?.(done, rows.length);
    await yieldTurn();
  }
  if (text) yield text;
  options.onProgress?.(rows.length, rows.length);
}

/** The file's bytes; each piece encoded as it comes, so that the heap holds one slice's text. */
export async function csvBuffer(rows: CountedRows, options: CsvOptions): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of csvPieces(rows, options)) pieces.push(Buffer.from(piece, 'utf8'));
  return Buffer.concat(pieces);
}

/** A `YYYY-MM-DD` day as the Date exceljs writes as that calendar day (it counts in UTC). */
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);
const dateFormat = 'yyyy-mm-dd';
const monthFormat = 'mmm yyyy';
const percentFormat = '0.0%';

type Sheet = ExcelJS.Worksheet;

function heading(sheet: Sheet, text: string): void {
  sheet.addRow([]);
  const row = sheet.addRow([text]);
  row.font = { bold: true, size: 12 };
}

function tableHeader(sheet: Sheet, cells: string[]): void {
  sheet.addRow(cells).font = { bold: true };
}

/** The Summary sheet: every figure of the summary, labelled, with its code beside it. */
function writeSummary(sheet: Sheet, s: StatsSummary): void {
  sheet.columns = [{ width: 36 }, { width: 22 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }, { width: 14 }];
  sheet.addRow(['Milia Notes treatment statistics']).font = { bold: true, size: 14 };
  for (const [label, value] of [
    ['From', s.period.from],
    ['To', s.period.to],
    ['Overdue judged on', s.period.asOf],
  ] as const) {
    sheet.addRow([label, day(value)]).getCell(2).numFmt = dateFormat;
  }

  heading(sheet, 'Headline figures');
  for (const [label, value] of [
    ['Visits', s.visits],
    ['Patients seen', s.patients],
    ['New patients (first visit ever in the period)', s.newPatients],
    ['Presentations with a red flag', s.redFlagged],
  ] as const)
    sheet.addRow([label, value]);

  heading(sheet, 'Presentations by milia type');
  tableHeader(sheet, ['Type', 'Code', 'Presentations', 'Lesions']);
  for (const code of miliaTypes.codes) {
    const v = s.presentationsByType[code];
    sheet.addRow([miliaTypes.label(code), code, v?.presentations ?? 0, v?.lesions ?? 0]);
  }

  heading(sheet, 'Presentations by site (both sides together)');
  tableHeader(sheet, ['Site', 'Code', 'Presentations', 'Lesions']);
  for (const code of sites.codes) {
    const v = s.presentationsBySite[code];
    if (v) sheet.addRow([sites.label(code), code, v.presentations, v.lesions]);
  }

  heading(sheet, 'Treatments by kind');
  tableHeader(sheet, ['Kind', 'Code', 'Treatments', 'Lesions treated', 'Patients']);
  for (const code of treatmentKinds.codes) {
    const v = s.treatmentsByKind[code];
    sheet.addRow([treatmentKinds.label(code), code, v?.treatments ?? 0, v?.lesionsTreated ?? 0, v?.patients ?? 0]);
  }

  heading(sheet, 'Treatments by clinician (who performed them)');
  tableHeader(sheet, ['Clinician', ...treatmentKinds.codes.map((c) => treatmentKinds.label(c)), 'Total']);
  for (const [name, kinds] of Object.entries(s.treatmentsByClinician).sort(([a], [b]) => a.localeCompare(b))) {
    const counts = treatmentKinds.codes.map((c) => kinds[c] ?? 0);
    sheet.addRow([name, ...counts, counts.reduce((a, b) => a + b, 0)]);
  }

  heading(sheet, 'Procedure codes (visits)');
  tableHeader(sheet, ['Code', 'Description', 'Visits']);
  for (const code of procedureCodes.codes) sheet.addRow([code, procedureCodes.label(code), s.procedureCodes[code] ?? 0]);

  heading(sheet, 'Follow-ups due in the period');
  tableHeader(sheet, ['Status', 'Code', 'Follow-ups']);
  for (const code of followUpStatuses.codes) sheet.addRow([followUpStatuses.label(code), code, s.followUps[code]]);
  sheet.addRow([`Overdue (scheduled, due before ${s.period.asOf})`, 'overdue', s.followUps.overdue]);

  heading(sheet, 'Outcomes by treatment kind (completed follow-ups of the period’s visits)');
  tableHeader(sheet, ['Kind', ...outcomes.codes.map((c) => outcomes.label(c)), 'Completed', 'Cleared rate']);
  for (const code of treatmentKinds.codes) {
    const v = s.outcomesByKind[code];
    if (!v) continue;
    const counts = outcomes.codes.map((o) => v[o] ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    const row = sheet.addRow([treatmentKinds.label(code), ...counts, total, total === 0 ? null : (v.cleared ?? 0) / total]);
    row.getCell(counts.length + 3).numFmt = percentFormat;
  }
}

function writeByMonth(sheet: Sheet, s: StatsSummary): void {
  sheet.columns = [{ width: 12 }, ...treatmentKinds.codes.map(() => ({ width: 16 })), { width: 10 }];
  tableHeader(sheet, ['Month', ...treatmentKinds.codes.map((c) => treatmentKinds.label(c)), 'Total']);
  for (const { month, kinds } of s.treatmentsByMonth) {
    const counts = treatmentKinds.codes.map((c) => kinds[c] ?? 0);
    const row = sheet.addRow([day(`${month}-01`), ...counts, counts.reduce((a, b) => a + b, 0)]);
    row.getCell(1).numFmt = monthFormat;
  }
}

/**
 * One style object per column of the Treatments sheet, shared by its cells: exceljs knows a
 * style object it has seen, and working out a new one for every cell was most of the time.
 */
const treatmentStyles = (): Partial<ExcelJS.Style>[] => treatmentColumns.map((_, i) => (i === 0 ? { numFmt: dateFormat } : {}));

/** The workbook, streamed into memory sheet by sheet; the Treatments rows in slices. */
export async function xlsxBuffer(summary: StatsSummary, rows: CountedRows, onProgress?: Progress): Promise<Buffer> {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    stream.on('end', resolve);
    stream.on('error', reject);
  });
  // Required here, not imported: a process that makes no XLSX (the browser mode's server) never
  // evaluates exceljs, and a require works from the packaged app's archive as the import did.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const excel = require('exceljs') as typeof ExcelJS;
  const book = new excel.stream.xlsx.WorkbookWriter({ stream, useStyles: true, useSharedStrings: false });
  book.creator = 'Milia Notes';
  book.created = new Date(`${summary.period.asOf}T00:00:00Z`);

  const summarySheet = book.addWorksheet('Summary');
  writeSummary(summarySheet, summary);
  summarySheet.commit();
  const monthSheet = book.addWorksheet('By month', { views: [{ state: 'frozen', ySplit: 1 }] });
  writeByMonth(monthSheet, summary);
  monthSheet.commit();

  const sheet = book.addWorksheet('Treatments', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [12, 10, 28, 20, 16, 10, 16, 16, 28, 28, 12, 36].map((width) => ({ width }));
  sheet.addRow([...treatmentColumns]).font = { bold: true };
  const styles = treatmentStyles();
  let written = 0;
  for (const r of rows) {
    const row = sheet.addRow([day(r.visitDate), r.patient, r.clinician, r.kind, r.site, r.side ?? null, r.lesionsTreated, r.procedureCode, ...labels(r)]);
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      cell.style = styles[column - 1]!;
    });
    row.commit();
    if (!endsSlice(++written)) continue;
    onProgress?.(written, rows.length);
    await yieldTurn();
  }
  onProgress?.(rows.length, rows.length);
  sheet.commit();
  await book.commit();
  await done;
  return Buffer.concat(chunks);
}

/** The export file for a format; CSV with the byte-order mark a spreadsheet needs. */
export function renderExport(input: ExportInput, onProgress?: Progress): Promise<Buffer> {
  return input.format === 'csv' ? csvBuffer(input.rows, { bom: true, onProgress }) : xlsxBuffer(input.summary, input.rows, onProgress);
}
