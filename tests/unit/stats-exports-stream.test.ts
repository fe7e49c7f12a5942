/**
 * The statistics exports as the worker thread makes them: the rows read one by one from a
 * read-only connection of its own (on the practice server, each read unit is one) and written
 * as they come (stats/exportFile.ts) give the same file as the rows read into a list first; the
 * command line's, written as it is read, holds no save back and is audited once its rows are
 * written; and each CSV cell, written once and reused, is what csv-stringify writes for the
 * whole record.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { stringify } from 'csv-stringify/sync';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import type { Records } from '../../src/main/db/records';
import { seed } from '../../src/main/seed';
import { streamExport } from '../../src/main/stats/exportFile';
import { csvBuffer, exportPieces, xlsxBuffer } from '../../src/main/stats/formats';
import { csvOptions, terminalCsvOptions } from '../../src/main/files/spreadsheetCsv';
import { treatmentColumns, type TreatmentRow } from '@shared/stats';
import { procedureCodes, sides, sites, treatmentKinds } from '@shared/vocabulary';
import { anotherWorkstation, engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';
import { testEngine } from '../support/testEngine';

const period = { from: '2000-01-01', to: '2025-06-30', asOf: '2025-06-30' };

/** A seeded practice whose clinicians bear names a CSV must quote, guard or escape. */
async function practice() {
  const services = engineServices();
  await seed(services.store.records, actor, { patients: 120, seed: 7, today: '2025-06-30' });
  const sql = rawSql(services.store);
  const names = ['Dr "Bones" McCoy, Jr.', '=1+2', ' Dr Space ', 'Dr Ann\r\nLee', 'Dr Zoë Ångström'];
  const ids = await sql.column<number>('select id from clinicians order by id');
  for (const [i, id] of ids.entries()) await sql.run('update clinicians set name = ? where id = ?', names[i % names.length], id);
  return services;
}

/**
 * A reader of the record of its own, as the worker thread opens: a read-only connection to the
 * SQLite file; on the practice server, whose every read unit is a read-only connection of its
 * own, the pool.
 */
function readerOf(services: ReturnType<typeof engineServices>): { records: Records; close(): void } {
  if (testEngine() === 'pg') return { records: services.store.records, close: () => undefined };
  return openStore(services.store.path, { readonly: true });
}

/** Every part of an XLSX file but its time of writing (docProps/core.xml's modified), which exceljs sets itself. */
async function parts(bytes: Buffer): Promise<Record<string, string>> {
  const zip = await JSZip.loadAsync(bytes);
  const out: Record<string, string> = {};
  for (const name of Object.keys(zip.files).sort())
    out[name] = (await zip.file(name)!.async('string')).replace(/<dcterms:modified[^<]*<\/dcterms:modified>/, '');
  return out;
}

describe('the streamed statistics export', () => {
  it("holds no save back when written as it is read (the command line's --out), and is audited once its rows are written", async () => {
    const services = await practice();
    const sql = rawSql(services.store);
    const exportLines = () => sql.column<string>("select detail from audit_log where entity = 'statistics' and action = 'export' order by id");
    const other = anotherWorkstation(services);
    const pieces: Buffer[] = [];
    let linesWhileWriting: string[] = [];
    const rows = await services.stats.exportStreamed(actor, { ...period, format: 'csv' }, async (input) => {
      // Read under the record's write lock, the rows would keep this save waiting until it failed.
      await other.patients.create(actor, { mrn: 'ST-1', givenName: 'Ada', familyName: 'Lovelace', dateOfBirth: '1965-12-10', sex: 'female' });
      for await (const piece of exportPieces(input)) pieces.push(piece);
      linesWhileWriting = await exportLines();
    });
    expect(await sql.value("select count(*) from patients where mrn = 'ST-1'")).toBe(1);
    expect(linesWhileWriting).toEqual([]);
    expect(await exportLines()).toEqual([`csv, 2000-01-01 to 2025-06-30, ${rows} treatments`]);
    const listed = await services.stats.exportData(actor, { ...period, format: 'csv' });
    expect(rows).toBe(listed.rows.length);
    expect(Buffer.concat(pieces)).toEqual(await csvBuffer(listed.rows, { bom: true }));

    // A file that cannot be written past its first piece (a full disk) is no export: its own error, no line, and the record reads on.
    for (const format of ['csv', 'xlsx'] as const) {
      const failed = services.stats.exportStreamed(actor, { ...period, format }, async (input) => {
        for await (const piece of exportPieces(input)) if (piece.length > 0) throw new Error('ENOSPC: no space left on device, write');
      });
      await expect(failed).rejects.toThrow('ENOSPC: no space left on device, write');
    }
    expect(await exportLines()).toHaveLength(2);
    expect((await services.stats.exportData(actor, { ...period, format: 'csv' })).rows).toHaveLength(rows);
  });

  it('writes the same CSV bytes and XLSX parts as the rows read into a list, and counts the same rows', async () => {
    const services = await practice();
    const reader = readerOf(services);
    try {
      const listed = await services.stats.exportData(actor, { ...period, format: 'csv' });
      expect(listed.rows.length).toBeGreaterThan(300);
      const csv = await streamExport(reader.records, 'csv', period);
      expect(csv.rows).toBe(listed.rows.length);
      expect(csv.bytes).toEqual(await csvBuffer(listed.rows, { bom: true }));

      const xlsx = await streamExport(reader.records, 'xlsx', period);
      expect(xlsx.rows).toBe(listed.rows.length);
      expect(await parts(xlsx.bytes)).toEqual(await parts(await xlsxBuffer(listed.summary, listed.rows)));
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
      expect(book.getWorksheet('Treatments')!.rowCount).toBe(listed.rows.length + 1);
    } finally {
      reader.close();
    }
  });

  it('reports progress up to the rows it counted before reading them', async () => {
    const services = await practice();
    const reader = readerOf(services);
    try {
      const seen: [number, number][] = [];
      const made = await streamExport(reader.records, 'csv', period, (done, total) => seen.push([done, total]));
      expect(seen.at(-1)).toEqual([made.rows, made.rows]);
      expect(new Set(seen.map(([, total]) => total))).toEqual(new Set([made.rows]));
    } finally {
      reader.close();
    }
  });
});

describe('the CSV cells written once', () => {
  const row = (clinician: string, side: TreatmentRow['side'], procedureCode: TreatmentRow['procedureCode']): TreatmentRow => ({
    visitDate: '2025-01-01',
    patient: 'P-00001',
    clinician,
    kind: 'cryotherapy',
    site: 'nose',
    side,
    lesionsTreated: 3,
    procedureCode,
  });
  // Names a spreadsheet would run or a reader would split, trim or cut, and an empty one; each twice, so that the second is a reused cell.
  const names = ['Dr "Bones" McCoy, Jr.', '=1+2', '\t-2', ' Dr Space ', 'Dr Ann\r\nLee', '', 'Dr Ann\0=1', 'Dr \u001b[2JAnn'];
  const rows = [...names, ...names].map((name, i) => row(name, i % 2 ? 'left' : null, i % 3 ? '17110' : null));
  const record = (r: TreatmentRow) => [
    r.visitDate,
    r.patient,
    r.clinician,
    r.kind,
    r.site,
    r.side ?? '',
    r.lesionsTreated,
    r.procedureCode ?? '',
    treatmentKinds.label(r.kind),
    sites.label(r.site),
    r.side ? sides.label(r.side) : '',
    r.procedureCode ? procedureCodes.label(r.procedureCode) : '',
  ];

  it('are the bytes csv-stringify writes for the whole records', async () => {
    const whole = stringify([[...treatmentColumns], ...rows.map(record)], { ...csvOptions, bom: true });
    expect((await csvBuffer(rows, { bom: true })).toString('utf8')).toBe(whole);
  });

  it('are the bytes csv-stringify writes for a terminal too', async () => {
    const escape = (text: string) => [...text].map((c) => (c < ' ' ? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}` : c)).join('');
    const whole = stringify([[...treatmentColumns], ...rows.map(record)], terminalCsvOptions(escape));
    expect((await csvBuffer(rows, { bom: false, terminal: escape })).toString('utf8')).toBe(whole);
  });
});
