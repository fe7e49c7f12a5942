/**
 * The statistics exports: CSV (RFC 4180, UTF-8 with a byte-order mark so that Excel reads
 * the accents right) and XLSX (files/spreadsheetXml.ts, real numbers and dates). Both are written in slices
 * that hand control back between them, so a ten-year export reports progress and never
 * holds the app's main process for long. The rows come as a list or one by one as they
 * are read (`CountedRows`), so that an export need not hold them all.
 */
import { treatmentColumns, type ExportFormat, type Period, type StatsSummary, type TreatmentRow } from '@shared/stats';
import { pagesOf, type Counted } from '../db/records';
import { joined } from '../files/saveTarget';
import { cellWriter, csvOptions, csvRowPieces, terminalCsvOptions } from '../files/spreadsheetCsv';
import { cellXml, rowXml, xlsxPieces, type Cell, type Style } from '../files/spreadsheetXml';
import { followUpStatuses, miliaTypes, outcomes, procedureCodes, sides, sites, treatmentKinds } from '@shared/vocabulary';

export type Progress = (done: number, total: number) => void;

/** Rows with their number known before they are read: a list, or a statement's rows as they come. */
export type CountedRows = Counted<TreatmentRow>;

/** What an export is made of: the rows, and for the workbook the summary its first sheets show. */
export type ExportInput = { format: 'csv'; rows: CountedRows; summary?: StatsSummary } | { format: 'xlsx'; rows: CountedRows; summary: StatsSummary };

/** Rows of the workbook between two reports of progress. */
const slice = 5000;
/** Rows of text let go at a time (the workbook's): a larger piece of text outlived the young generation. */
const rowsPerPiece = 1000;

/** Whether `done` rows of the workbook end a slice, after which its progress is reported. */
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

export interface CsvOptions {
  /** The byte-order mark, for a file Excel opens. */
  bom: boolean;
  onProgress?: Progress;
  /** For a terminal: how a text cell is shown there (its control characters escaped). */
  terminal?: (text: string) => string;
}

/**
 * A row's CSV text from its cells written once: the day, pseudonym, clinician and lesion count
 * each, and the rest by treatment (kind, site, side and code, with their labels), cut where
 * the lesion count goes. Looked up by each code in turn, not by a key made of them: the
 * strings of every row are new, and making and hashing a key for each was half this work.
 */
function csvRecordWriter(format: typeof csvOptions | ReturnType<typeof terminalCsvOptions>): (r: TreatmentRow) => string {
  const cell = cellWriter(format);
  const end = format.record_delimiter === 'windows' ? '\r\n' : '\n';
  type Around = [before: string, after: string];
  const treatments = new Map<string, Map<string, Map<string | null, Map<string | null, Around>>>>();
  const around = (r: TreatmentRow): Around => {
    const bySite = treatments.get(r.kind) ?? treatments.set(r.kind, new Map()).get(r.kind)!;
    const bySide = bySite.get(r.site) ?? bySite.set(r.site, new Map()).get(r.site)!;
    const byCode = bySide.get(r.side) ?? bySide.set(r.side, new Map()).get(r.side)!;
    let found = byCode.get(r.procedureCode);
    if (found === undefined) {
      const [kind, site, side, code] = labels(r).map(cell);
      found = [`${cell(r.kind)},${cell(r.site)},${cell(r.side ?? '')},`, `,${cell(r.procedureCode ?? '')},${kind},${site},${side},${code}${end}`];
      byCode.set(r.procedureCode, found);
    }
    return found;
  };
  // The rows come in date order: a day's cell is looked up once for all its rows.
  let day = '';
  let dayCell = '';
  return (r) => {
    if (r.visitDate !== day) [day, dayCell] = [r.visitDate, cell(r.visitDate)];
    const [before, after] = around(r);
    return `${dayCell},${cell(r.patient)},${cell(r.clinician)},${before}${cell(r.lesionsTreated)}${after}`;
  };
}

/** The CSV as UTF-8 pieces (see `csvRowPieces`). */
export function csvPieces(rows: CountedRows, options: CsvOptions): AsyncGenerator<Buffer> {
  const format = options.terminal ? terminalCsvOptions(options.terminal) : csvOptions;
  return csvRowPieces(treatmentColumns, rows, csvRecordWriter(format), { format, bom: options.bom, onProgress: options.onProgress });
}

/** The CSV's bytes. */
export const csvBuffer = (rows: CountedRows, options: CsvOptions): Promise<Buffer> => joined(csvPieces(rows, options));

/** A sheet's rows as SpreadsheetML, numbered as they are added; an empty row is only skipped. */
class SheetRows {
  readonly xml: string[] = [];
  private n = 0;
  add(cells: readonly Cell[], style?: Style, cellStyles?: readonly (Style | undefined)[]): void {
    this.xml.push(rowXml(++this.n, cells, style, cellStyles));
  }
  blank(): void {
    this.n++;
  }
  heading(text: string): void {
    this.blank();
    this.add([text], 'heading');
  }
}

const day = (iso: string): Cell => ({ day: iso });

/** The Summary sheet: every figure of the summary, labelled, with its code beside it. */
function summaryRows(s: StatsSummary): string[] {
  const sheet = new SheetRows();
  sheet.add(['Milia Notes treatment statistics'], 'title');
  for (const [label, value] of [
    ['From', s.period.from],
    ['To', s.period.to],
    ['Overdue judged on', s.period.asOf],
  ] as const)
    sheet.add([label, day(value)]);

  sheet.heading('Headline figures');
  for (const [label, value] of [
    ['Visits', s.visits],
    ['Patients seen', s.patients],
    ['New patients (first visit ever in the period)', s.newPatients],
    ['Presentations with a red flag', s.redFlagged],
  ] as const)
    sheet.add([label, value]);

  sheet.heading('Presentations by milia type');
  sheet.add(['Type', 'Code', 'Presentations', 'Lesions'], 'bold');
  for (const code of miliaTypes.codes) {
    const v = s.presentationsByType[code];
    sheet.add([miliaTypes.label(code), code, v?.presentations ?? 0, v?.lesions ?? 0]);
  }

  sheet.heading('Presentations by site (both sides together)');
  sheet.add(['Site', 'Code', 'Presentations', 'Lesions'], 'bold');
  for (const code of sites.codes) {
    const v = s.presentationsBySite[code];
    if (v) sheet.add([sites.label(code), code, v.presentations, v.lesions]);
  }

  sheet.heading('Treatments by kind');
  sheet.add(['Kind', 'Code', 'Treatments', 'Lesions treated', 'Patients'], 'bold');
  for (const code of treatmentKinds.codes) {
    const v = s.treatmentsByKind[code];
    sheet.add([treatmentKinds.label(code), code, v?.treatments ?? 0, v?.lesionsTreated ?? 0, v?.patients ?? 0]);
  }

  sheet.heading('Treatments by clinician (who performed them)');
  sheet.add(['Clinician', ...treatmentKinds.codes.map((c) => treatmentKinds.label(c)), 'Total'], 'bold');
  for (const [name, kinds] of Object.entries(s.treatmentsByClinician).sort(([a], [b]) => a.localeCompare(b))) {
    const counts = treatmentKinds.codes.map((c) => kinds[c] ?? 0);
    sheet.add([name, ...counts, counts.reduce((a, b) => a + b, 0)]);
  }

  sheet.heading('Procedure codes (visits)');
  sheet.add(['Code', 'Description', 'Visits'], 'bold');
  for (const code of procedureCodes.codes) sheet.add([code, procedureCodes.label(code), s.procedureCodes[code] ?? 0]);

  sheet.heading('Follow-ups due in the period');
  sheet.add(['Status', 'Code', 'Follow-ups'], 'bold');
  for (const code of followUpStatuses.codes) sheet.add([followUpStatuses.label(code), code, s.followUps[code]]);
  sheet.add([`Overdue (scheduled, due before ${s.period.asOf})`, 'overdue', s.followUps.overdue]);

  sheet.heading('Outcomes by treatment kind (completed follow-ups of the period’s visits)');
  sheet.add(['Kind', ...outcomes.codes.map((c) => outcomes.label(c)), 'Completed', 'Cleared rate'], 'bold');
  for (const code of treatmentKinds.codes) {
    const v = s.outcomesByKind[code];
    if (!v) continue;
    const counts = outcomes.codes.map((o) => v[o] ?? 0);
    const total = counts.reduce((a, b) => a + b, 0);
    const cells = [treatmentKinds.label(code), ...counts, total, total === 0 ? null : (v.cleared ?? 0) / total];
    sheet.add(
      cells,
      undefined,
      cells.map((_, i) => (i === cells.length - 1 ? 'percent' : undefined)),
    );
  }
  return sheet.xml;
}

function byMonthRows(s: StatsSummary): string[] {
  const sheet = new SheetRows();
  sheet.add(['Month', ...treatmentKinds.codes.map((c) => treatmentKinds.label(c)), 'Total'], 'bold');
  for (const { month, kinds } of s.treatmentsByMonth) {
    const counts = treatmentKinds.codes.map((c) => kinds[c] ?? 0);
    sheet.add([day(`${month}-01`), ...counts, counts.reduce((a, b) => a + b, 0)], undefined, ['month']);
  }
  return sheet.xml;
}

/** A cell's XML worked out once per distinct value: the rows repeat a few thousand days, names and codes. */
function cachedCells<T>(render: (value: T) => string): (value: T) => string {
  const cells = new Map<T, string>();
  return (value) => {
    let xml = cells.get(value);
    if (xml === undefined) {
      xml = render(value);
      cells.set(value, xml);
    }
    return xml;
  };
}

/**
 * The Treatments rows as XML in pieces (`rowsPerPiece` rows, a few hundred kB held at a time),
 * each row one template of cells worked out once per value. Not the pseudonyms: one per
 * patient, they would make the cache grow with the practice.
 */
async function* treatmentRowsXml(rows: CountedRows, onProgress?: Progress): AsyncGenerator<string> {
  yield rowXml(1, treatmentColumns, 'bold');
  const cell = cachedCells((value: string | number) => cellXml(value));
  const optional = (column: string, r: number, value: string | null) => (value === null ? '' : `<c r="${column}${r}${cell(value)}`);
  // The rows come in date order: a day's cell is worked out once for all its rows.
  let day = '';
  let dayCell = '';
  let xml = '';
  let r = 1;
  for await (const page of pagesOf(rows)) {
    for (const t of page) {
      r++;
      if (t.visitDate !== day) [day, dayCell] = [t.visitDate, cellXml({ day: t.visitDate })];
      const [kind, site, side, code] = labels(t);
      xml +=
        `<row r="${r}"><c r="A${r}${dayCell}<c r="B${r}${cellXml(t.patient)}<c r="C${r}${cell(t.clinician)}<c r="D${r}${cell(t.kind)}` +
        `<c r="E${r}${cell(t.site)}${optional('F', r, t.side)}<c r="G${r}${cell(t.lesionsTreated)}${optional('H', r, t.procedureCode)}` +
        `<c r="I${r}${cell(kind!)}<c r="J${r}${cell(site!)}<c r="K${r}${cell(side!)}<c r="L${r}${cell(code!)}</row>`;
      if ((r - 1) % rowsPerPiece !== 0) continue;
      yield xml;
      xml = '';
      if (endsSlice(r - 1)) onProgress?.(r - 1, rows.length);
    }
  }
  if (xml) yield xml;
  onProgress?.(rows.length, rows.length);
}

/** The workbook as it is made, piece by piece: Summary, By month and Treatments, the rows written as they come. */
export function xlsxFilePieces(summary: StatsSummary, rows: CountedRows, onProgress?: Progress): AsyncGenerator<Buffer> {
  return xlsxPieces(
    [
      { name: 'Summary', widths: [36, 22, 14, 14, 14, 14, 14, 14], rows: summaryRows(summary) },
      { name: 'By month', widths: [12, ...treatmentKinds.codes.map(() => 16), 10], frozenHeader: true, rows: byMonthRows(summary) },
      { name: 'Treatments', widths: [12, 10, 28, 20, 16, 10, 16, 16, 28, 28, 12, 36], frozenHeader: true, rows: treatmentRowsXml(rows, onProgress) },
    ],
    { creator: 'Milia Notes', created: new Date(`${summary.period.asOf}T00:00:00Z`) },
  );
}

/** The workbook's bytes. */
export const xlsxBuffer = (summary: StatsSummary, rows: CountedRows, onProgress?: Progress): Promise<Buffer> =>
  joined(xlsxFilePieces(summary, rows, onProgress));

/** The export file for a format as it is made, piece by piece; CSV with the byte-order mark a spreadsheet needs. */
export function exportPieces(input: ExportInput, onProgress?: Progress): AsyncGenerator<Buffer> {
  return input.format === 'csv' ? csvPieces(input.rows, { bom: true, onProgress }) : xlsxFilePieces(input.summary, input.rows, onProgress);
}

/** The export file's bytes. */
export const renderExport = (input: ExportInput, onProgress?: Progress): Promise<Buffer> => joined(exportPieces(input, onProgress));
