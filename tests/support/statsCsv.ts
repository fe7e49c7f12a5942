/** The statistics CSV as the tests read it, for stats-exports.test.ts and stats-exports-file.test.ts alike. */

/** The statistics CSV's header as `statistics.md` writes it, spelled out here so that a change to the code's list shows in the tests. */
export const csvColumns = [
  'visit_date',
  'patient',
  'clinician',
  'kind',
  'site',
  'side',
  'lesions_treated',
  'procedure_code',
  'kind_label',
  'site_label',
  'side_label',
  'procedure_label',
];

/** A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF after every record. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '"') {
      if (field !== '') throw new Error(`a quote inside an unquoted field at ${i}`);
      i += 1;
      for (;;) {
        if (i >= text.length) throw new Error('an unterminated quoted field');
        if (text[i] === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += text[i];
        i += 1;
      }
      if (i < text.length && text[i] !== ',' && text[i] !== '\r') throw new Error(`text after a closing quote at ${i}`);
      continue;
    }
    if (ch === ',') {
      row.push(field);
      field = '';
      i += 1;
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else if (ch === '\r' || ch === '\n') {
      throw new Error(`a bare line break at ${i}`);
    } else {
      field += ch;
      i += 1;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('the last record has no CRLF');
  return rows;
}
