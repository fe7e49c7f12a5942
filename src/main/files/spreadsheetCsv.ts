/**
 * CSV that a spreadsheet opens as data, never as something it runs: the options every CSV
 * writer of the app gives csv-stringify, and the rows written through them fast.
 */
import { stringify } from 'csv-stringify/sync';
import { pagesOf, type Counted } from '../db/records';

/**
 * A spreadsheet runs a cell that starts with = + - @ as a formula, and skips leading spaces,
 * tabs, line breaks and NUL before it looks (LibreOffice, Excel): such a text cell gets a
 * leading apostrophe, as OWASP advises. Numbers are never text here, so -3 stays a number.
 */
export const inert = (text: string): string => (/^[\s\0]*[=+\-@\t\r\n\0]/.test(text) ? `'${text}` : text);

// A field with a line break is quoted (csv-stringify does so by itself, checked by the tests),
// and one with a leading or trailing space, which some readers trim.
const quoted_match = /^\s|\s$|[\r\n]/;

/** RFC 4180 (CRLF between records), every text cell made inert. */
export const csvOptions = { record_delimiter: 'windows', quoted_match, cast: { string: inert } } as const;

/**
 * For a terminal: every text cell made inert and then shown by `escape` (control characters
 * written out, so that a name cannot clear the screen or start a fake line), one record a line.
 */
export const terminalCsvOptions = (escape: (text: string) => string) =>
  ({ record_delimiter: 'unix', quoted_match, cast: { string: (text: string) => escape(inert(text)) } }) as const;

type CsvFormat = typeof csvOptions | ReturnType<typeof terminalCsvOptions>;

/**
 * Each distinct cell as csv-stringify writes it (quoted, made inert, escaped), worked out
 * once: an export's rows repeat a few thousand dates, names and codes, and csv-stringify's
 * work per field was most of an export's time. A cell is written alone with an empty one after
 * it, so that the record it is cut from never is a single empty field.
 */
export function cellWriter(format: CsvFormat): (cell: string | number) => string {
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

/** What csv-stringify quotes in any cell: the separator, the quote and line breaks. */
const quotedAnyway = /[",\r\n]/;

/**
 * A text cell as csv-stringify writes it with `csvOptions`, for text that seldom repeats (a
 * time, a free-text detail): most needs nothing (no separator, quote or line break, no space
 * at an end, nothing a spreadsheet would run) and is written as it is; the rest by csv-stringify.
 */
export function csvTextCell(text: string): string {
  if (!quotedAnyway.test(text) && !quoted_match.test(text) && inert(text) === text) return text;
  return stringify([[text, '']], csvOptions).slice(0, -3);
}

/** The bytes of a CSV piece: rows are encoded into it one by one, and it is let go when full. */
const pieceBytes = 1 << 18;
/** Rows written between two yields: small enough to keep the event loop free. */
const slice = 5000;
const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * A CSV as UTF-8 pieces: the header, then each row's text (from `record`, with its line end)
 * encoded into the piece as it is written, so that the heap holds one row's text at a time;
 * control handed back and progress reported every slice of rows. Joining a thousand rows' text
 * before encoding it took a third of an export's time: one name outside Latin-1 in a piece
 * made all its text two bytes a character. Rows kept for a whole slice outlived the young
 * generation and made most of the collector's work.
 */
export async function* csvRowPieces<R>(
  header: readonly string[],
  rows: Counted<R>,
  record: (row: R) => string,
  options: { format: CsvFormat; bom: boolean; onProgress?: (done: number, total: number) => void },
): AsyncGenerator<Buffer> {
  yield Buffer.from(stringify([[...header]], { ...options.format, bom: options.bom }), 'utf8');
  let piece = Buffer.allocUnsafe(pieceBytes);
  let used = 0;
  let done = 0;
  for await (const page of pagesOf(rows)) {
    for (const row of page) {
      const text = record(row);
      // At most three bytes a UTF-16 unit: a row is never cut.
      if (used + text.length * 3 > piece.length) {
        if (used > 0) yield piece.subarray(0, used);
        piece = Buffer.allocUnsafe(Math.max(pieceBytes, text.length * 3));
        used = 0;
      }
      used += piece.write(text, used, 'utf8');
      if (++done % slice !== 0) continue;
      options.onProgress?.(done, rows.length);
      await yieldTurn();
    }
  }
  if (used > 0) yield piece.subarray(0, used);
  options.onProgress?.(rows.length, rows.length);
}
