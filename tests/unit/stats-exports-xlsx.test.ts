/**
 * The XLSX export's own writer (files/spreadsheetXml.ts): the workbook read back by exceljs
 * has the sheets, column widths, frozen header rows, bold headings, number formats and
 * properties the export asks for; any text, control characters included, makes a file that
 * opens; the same export gives the same bytes; rows that fail to read fail the file; and a file
 * that stops being written (a full disk) lets go of the rows at once.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { xlsxBuffer, xlsxFilePieces } from '../../src/main/stats/formats';
import { summarise } from '../../src/main/stats/summary';
import { treatmentColumns, type TreatmentRow } from '@shared/stats';
import type { StatsAggregates } from '../../src/main/db/records';

const period = { from: '2025-01-01', to: '2025-02-28', asOf: '2025-03-05' };
const aggregates: StatsAggregates = {
  visits: 2,
  patients: 2,
  newPatients: 1,
  presentations: [{ type: 'primary', site: 'nose', presentations: 2, lesions: 5, redFlagged: 0 }],
  treatmentsByKind: [{ kind: 'cryotherapy', treatments: 2, lesionsTreated: 5, patients: 2 }],
  treatmentsByMonth: [{ month: '2025-01', kind: 'cryotherapy', n: 2 }],
  treatmentsByClinician: [{ name: 'Dr Ann', kind: 'cryotherapy', n: 2 }],
  procedureCodes: { '10040': 0, '17110': 2, '17111': 0, '15788': 0, '15789': 0, '15792': 0, '15793': 0 },
  followUps: [{ status: 'completed', n: 2, overdue: 0 }],
  outcomesByKind: [
    { kind: 'cryotherapy', outcome: 'cleared', n: 1 },
    { kind: 'cryotherapy', outcome: 'improved', n: 3 },
  ],
};
const summary = summarise(period, aggregates);

const row = (clinician: string, side: TreatmentRow['side'] = null): TreatmentRow => ({
  visitDate: '2025-01-02',
  patient: 'P-00001',
  clinician,
  kind: 'cryotherapy',
  site: 'nose',
  side,
  lesionsTreated: 3,
  procedureCode: '17110',
});

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ArrayBuffer);
  return book;
}

const widths = (sheet: ExcelJS.Worksheet, n: number) => Array.from({ length: n }, (_, i) => sheet.getColumn(i + 1).width);

describe('the XLSX writer', () => {
  it('sets the widths, frozen header rows, bold headings, formats and properties the export asks for', async () => {
    const book = await workbook(await xlsxBuffer(summary, [row('Dr Ann', 'left'), row('Dr Ann')]));
    expect(book.creator).toBe('Milia Notes');
    expect(book.created).toEqual(new Date('2025-03-05T00:00:00Z'));
    expect(book.modified).toEqual(new Date('2025-03-05T00:00:00Z'));
    const [sheet, months, treatments] = book.worksheets as [ExcelJS.Worksheet, ExcelJS.Worksheet, ExcelJS.Worksheet];
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'By month', 'Treatments']);

    expect(widths(sheet, 8)).toEqual([36, 22, 14, 14, 14, 14, 14, 14]);
    expect(widths(months, 12)).toEqual([12, 16, 16, 16, 16, 16, 16, 16, 16, 16, 16, 10]);
    expect(widths(treatments, 12)).toEqual([12, 10, 28, 20, 16, 10, 16, 16, 28, 28, 12, 36]);
    expect((sheet.views ?? []).filter((v) => v.state === 'frozen')).toEqual([]);
    for (const frozen of [months, treatments]) expect(frozen.views).toMatchObject([{ state: 'frozen', ySplit: 1, topLeftCell: 'A2' }]);

    expect(sheet.getCell('A1').font).toMatchObject({ bold: true, size: 14 });
    expect(sheet.getCell('A6').value).toBe('Headline figures');
    expect(sheet.getCell('A6').font).toMatchObject({ bold: true, size: 12 });
    expect(sheet.getCell('A5').value).toBeNull();
    expect(sheet.getCell('A7').font?.bold).toBeFalsy();
    for (const cell of ['A2', 'B2', 'B3', 'B4'].map((a) => sheet.getCell(a))) expect(cell.font?.bold, cell.address).toBeFalsy();
    expect(['B2', 'B3', 'B4'].map((a) => [sheet.getCell(a).value, sheet.getCell(a).numFmt])).toEqual([
      [new Date('2025-01-01T00:00:00Z'), 'yyyy-mm-dd'],
      [new Date('2025-02-28T00:00:00Z'), 'yyyy-mm-dd'],
      [new Date('2025-03-05T00:00:00Z'), 'yyyy-mm-dd'],
    ]);
    // The outcomes table's cleared rate: 1 of 4, a percentage.
    const outcomeRow = sheet.getRow(sheet.rowCount);
    const rate = outcomeRow.getCell(outcomeRow.cellCount);
    expect([outcomeRow.getCell(1).value, rate.value, rate.numFmt]).toEqual(['Cryotherapy', 0.25, '0.0%']);

    expect(months.getRow(1).getCell(1).font).toMatchObject({ bold: true });
    expect([months.getCell('A2').value, months.getCell('A2').numFmt, months.getCell('F2').value, months.getCell('L2').value]).toEqual([
      new Date('2025-01-01T00:00:00Z'),
      'mmm yyyy',
      2,
      2,
    ]);

    const header = treatments.getRow(1);
    expect(treatmentColumns.map((_, i) => [header.getCell(i + 1).value, header.getCell(i + 1).font?.bold])).toEqual(treatmentColumns.map((c) => [c, true]));
    expect(treatments.getRow(2).values).toEqual([
      undefined,
      new Date('2025-01-02T00:00:00Z'),
      'P-00001',
      'Dr Ann',
      'cryotherapy',
      'nose',
      'left',
      3,
      '17110',
      'Cryotherapy',
      'Nose',
      'Left',
      'Destruction of benign lesions, 1-14',
    ]);
    expect(treatments.getCell('A2').numFmt).toBe('yyyy-mm-dd');
    expect(treatments.getCell('B2').font?.bold).toBeFalsy();
    // No side: no cell, and an empty label (exceljs reads its empty text as nothing too).
    expect([treatments.getCell('F3').value, treatments.getCell('K3').value]).toEqual([null, null]);
  });

  it('keeps any name a valid file: the five XML specials escaped, characters XML cannot hold dropped', async () => {
    const names = ['Dr <b>Ann</b> & "Bo" O\'Neil', 'Dr \u0000\u001b[2J\u0007Ann\u007f', 'Dr Ann\uffff\ud800 Lee', 'Dr Zoë 😀 Ångström', 'Dr Ann\tLee\nTwo'];
    const bytes = await xlsxBuffer(
      summary,
      names.map((n) => row(n)),
    );
    const sheet = (await workbook(bytes)).getWorksheet('Treatments')!;
    expect(names.map((_, i) => sheet.getCell(`C${i + 2}`).value)).toEqual([
      'Dr <b>Ann</b> & "Bo" O\'Neil',
      'Dr [2JAnn',
      'Dr Ann Lee',
      'Dr Zoë 😀 Ångström',
      'Dr Ann\tLee\nTwo',
    ]);
    const xml = await (await JSZip.loadAsync(bytes)).file('xl/worksheets/sheet3.xml')!.async('string');
    expect(xml).toContain('<c r="C2" t="str"><v>Dr &lt;b&gt;Ann&lt;/b&gt; &amp; &quot;Bo&quot; O&apos;Neil</v></c>');
  });

  it('gives the same bytes for the same export', async () => {
    const rows = [row('Dr Ann', 'left'), row('Dr Bo')];
    expect(await xlsxBuffer(summary, rows)).toEqual(await xlsxBuffer(summary, rows));
  });

  it('fails with the rows’ error when they cannot be read, after some were written', async () => {
    const failing = {
      length: 12_000,
      *[Symbol.iterator]() {
        for (let i = 0; i < 12_000; i++) {
          if (i === 7_000) throw new Error('SQLITE_IOERR: disk I/O error');
          yield row('Dr Ann');
        }
      },
    };
    const seen: number[] = [];
    await expect(xlsxBuffer(summary, failing, (done) => seen.push(done))).rejects.toThrow('SQLITE_IOERR: disk I/O error');
    expect(seen).toEqual([5_000]);
  });

  it('lets go of the rows, their statement ended, when the file stops being written part way', async () => {
    const read = { rows: 0, ended: false };
    const rows = {
      length: 200_000,
      *[Symbol.iterator]() {
        try {
          for (let i = 0; i < 200_000; i++) {
            read.rows++;
            yield row('Dr Ann');
          }
        } finally {
          read.ended = true;
        }
      },
    };
    const writing = (async () => {
      for await (const piece of xlsxFilePieces(summary, rows)) if (piece.length > 0 && read.rows > 0) throw new Error('ENOSPC: no space left on device, write');
    })();
    await expect(writing).rejects.toThrow('ENOSPC: no space left on device, write');
    await new Promise((resolve) => setImmediate(resolve));
    expect(read.rows).toBeGreaterThan(0);
    expect(read.rows).toBeLessThan(200_000);
    expect(read.ended).toBe(true);
  });
});
