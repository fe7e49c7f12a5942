/**
 * An XLSX workbook written as SpreadsheetML text straight into a streaming zip (archiver,
 * node's zlib): the few cell kinds, styles and sheet settings the statistics export uses,
 * read back by exceljs and LibreOffice as exceljs's own writer made them (strings as `str`
 * cells, dates as day numbers with a date format, control characters dropped).
 * Why not exceljs's writer: it builds a model and an XML stream for every cell, and that was
 * most of a 136,000-row export's time; here a row is one template string of cached cells.
 */
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';

/** What is used of archiver (it ships no types). */
interface Zip {
  append(source: string | Readable, entry: { name: string; date: Date }): void;
  finalize(): Promise<void>;
  abort(): void;
  [Symbol.asyncIterator](): AsyncIterator<Buffer>;
}

/** The styles a cell or a row may have; their order is their index in styles.xml. */
export const styles = { plain: 0, title: 1, date: 2, heading: 3, bold: 4, percent: 5, month: 6 } as const;
export type Style = keyof typeof styles;

/** A cell: text, a number, a `YYYY-MM-DD` day, or nothing. */
export type Cell = string | number | { day: string } | null;

/** The characters XML 1.0 cannot carry (and DEL), dropped as exceljs drops them; and the five it escapes. */
// eslint-disable-next-line no-control-regex
const unsafe = /[\0-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]|[<>&'"]/g;
const entities: Record<string, string> = { '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' };
export const xmlText = (text: string): string => text.replace(unsafe, (c) => entities[c] ?? '');

/** Excel's day number of a calendar day (days since 1899-12-30), as exceljs writes a UTC midnight. */
export const dayNumber = (iso: string): number =>
  Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000 + 25_569;

/** Column letters A, B, … Z, AA, … of a 0-based column index. */
export const columnName = (i: number): string => (i < 26 ? '' : columnName(Math.floor(i / 26) - 1)) + String.fromCharCode(65 + (i % 26));

/**
 * A cell's XML after its reference (`<c r="B2`): a day takes the date style unless given one,
 * a null with no style is left out (empty string).
 */
export function cellXml(cell: Cell, style: Style = 'plain'): string {
  if (cell === null) return style === 'plain' ? '' : `" s="${styles[style]}"/>`;
  const s = style === 'plain' ? '' : ` s="${styles[style]}"`;
  if (typeof cell === 'number') return `"${s}><v>${cell}</v></c>`;
  if (typeof cell === 'string') return `"${s} t="str"><v>${xmlText(cell)}</v></c>`;
  return `" s="${styles[style === 'plain' ? 'date' : style]}"><v>${dayNumber(cell.day)}</v></c>`;
}

/** A whole row; `cells[i]` may carry its own style, `style` is the row's (bold headers). */
export function rowXml(r: number, cells: readonly Cell[], style: Style = 'plain', cellStyles: readonly (Style | undefined)[] = []): string {
  let xml = style === 'plain' ? `<row r="${r}">` : `<row r="${r}" s="${styles[style]}" customFormat="1">`;
  cells.forEach((cell, i) => {
    const tail = cellXml(cell, cellStyles[i] ?? style);
    if (tail) xml += `<c r="${columnName(i)}${r}${tail}`;
  });
  return `${xml}</row>`;
}

export interface SheetSpec {
  name: string;
  widths: readonly number[];
  /** The first row stays in view as the rest scrolls. */
  frozenHeader?: boolean;
  /** The rows' XML (`rowXml`), in pieces of any size; pulled as the zip takes them. */
  rows: Iterable<string> | AsyncIterable<string>;
}

const ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"';
const relNs = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

async function* sheetXml(spec: SheetSpec): AsyncGenerator<Buffer> {
  const views = spec.frozenHeader
    ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>'
    : '';
  const cols = spec.widths.map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`).join('');
  yield Buffer.from(`${head}<worksheet ${ns} xmlns:r="${relNs}">${views}<sheetFormatPr defaultRowHeight="15"/><cols>${cols}</cols><sheetData>`);
  for await (const piece of spec.rows) yield Buffer.from(piece);
  yield Buffer.from('</sheetData><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>');
}

const stylesXml =
  `${head}<styleSheet ${ns}>` +
  '<numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="0.0%"/><numFmt numFmtId="166" formatCode="mmm yyyy"/></numFmts>' +
  '<fonts count="4"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="14"/></font><font><b/><sz val="12"/></font><font><b/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="7"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="3" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

const rel = (id: string, type: string, target: string) => `<Relationship Id="${id}" Type="${type}" Target="${target}"/>`;
const relationships = (items: string[]) =>
  `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${items.join('')}</Relationships>`;
const sheetPath = (i: number) => `worksheets/sheet${i + 1}.xml`;
const mainType = 'application/vnd.openxmlformats-officedocument.spreadsheetml';

/** The package's parts but the sheets: types, relationships, properties, workbook, styles. */
function packageParts(sheets: readonly SheetSpec[], creator: string, created: Date): [string, string][] {
  // The creation time stands for the modification too, so that the same export gives the same bytes.
  const when = `${created.toISOString().slice(0, 19)}Z`;
  const overrides = [
    ['/xl/workbook.xml', `${mainType}.sheet.main+xml`],
    ...sheets.map((_, i) => [`/xl/${sheetPath(i)}`, `${mainType}.worksheet+xml`]),
    ['/xl/styles.xml', `${mainType}.styles+xml`],
    ['/docProps/core.xml', 'application/vnd.openxmlformats-package.core-properties+xml'],
    ['/docProps/app.xml', 'application/vnd.openxmlformats-officedocument.extended-properties+xml'],
  ];
  return [
    [
      '[Content_Types].xml',
      `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        `${overrides.map(([part, type]) => `<Override PartName="${part}" ContentType="${type}"/>`).join('')}</Types>`,
    ],
    [
      '_rels/.rels',
      relationships([
        rel('rId1', `${relNs}/officeDocument`, 'xl/workbook.xml'),
        rel('rId2', 'http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties', 'docProps/core.xml'),
        rel('rId3', `${relNs}/extended-properties`, 'docProps/app.xml'),
      ]),
    ],
    [
      'docProps/app.xml',
      `${head}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>${xmlText(creator)}</Application></Properties>`,
    ],
    [
      'docProps/core.xml',
      `${head}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
        `<dc:creator>${xmlText(creator)}</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${when}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${when}</dcterms:modified></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${head}<workbook ${ns} xmlns:r="${relNs}"><sheets>${sheets.map((s, i) => `<sheet name="${xmlText(s.name)}" sheetId="${i + 1}" r:id="rId${i + 2}"/>`).join('')}</sheets></workbook>`,
    ],
    [
      'xl/_rels/workbook.xml.rels',
      relationships([rel('rId1', `${relNs}/styles`, 'styles.xml'), ...sheets.map((_, i) => rel(`rId${i + 2}`, `${relNs}/worksheet`, sheetPath(i)))]),
    ],
    ['xl/styles.xml', stylesXml],
  ];
}

/**
 * The workbook as the zip makes it, piece by piece: each sheet's rows are pulled only as the
 * zip deflates them (on zlib's thread) and the zip only as its pieces are taken, so the heap
 * holds a few pieces of XML and of the file, never the rows nor the whole file.
 */
export async function* xlsxPieces(sheets: readonly SheetSpec[], properties: { creator: string; created: Date }): AsyncGenerator<Buffer> {
  // Required here, not imported: a process that makes no XLSX never evaluates archiver.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const archiver = require('archiver') as (format: 'zip') => Zip;
  const zip = archiver('zip');
  const sources = sheets.map((sheet) => Readable.from(sheetXml(sheet), { objectMode: false }));
  // A sheet's rows that fail (the record unreadable) fail the file: archiver does not pass a source's error on, so the zip is ended and the error thrown after it.
  const failures: unknown[] = [];
  for (const source of sources)
    source.on('error', (error) => {
      failures.push(error);
      zip.abort();
    });
  for (const [name, text] of packageParts(sheets, properties.creator, properties.created)) zip.append(text, { name, date: properties.created });
  sources.forEach((source, i) => zip.append(source, { name: `xl/${sheetPath(i)}`, date: properties.created }));
  // Its outcome is the pieces': all of them, or the error that stopped it.
  zip.finalize().catch(() => undefined);
  try {
    for await (const chunk of zip) {
      if (failures.length > 0) break;
      yield chunk;
    }
  } finally {
    // Ended early (the file could not be written): the sheets' rows are let go, and their
    // statement ended before the error goes on, as the read it belongs to then ends too.
    for (const source of sources) source.destroy();
    await Promise.all(sources.map((source) => finished(source).catch(() => undefined)));
  }
  if (failures.length > 0) throw failures[0];
}
