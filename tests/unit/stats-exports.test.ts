/**
 * The statistics exports: the CSV and XLSX renderers read back as a spreadsheet would read
 * them, and the export jobs through the API with a save target in a temporary folder, on either
 * engine (the command line's CSV over a SQLite file is in stats-exports-file.test.ts).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createHandlers, createInvoker } from '../../src/main/api/handlers';
import { writeFileDurably } from '../../src/main/files/durable';
import { csvBuffer, csvPieces, exportFileName, xlsxBuffer } from '../../src/main/stats/formats';
import type { ExportShell } from '../../src/main/api/exportShell';
import type { SaveTarget } from '../../src/main/files/saveTarget';
import type { Envelope } from '@shared/errors';
import type { ExportFormat, ExportJobStatus, StatsSummary, TreatmentRow } from '@shared/stats';
import { treatmentKinds } from '@shared/vocabulary';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor, tempDir } from '../support/store';
import { pollUntil } from '../support/poll';
import { csvColumns, parseCsv } from '../support/statsCsv';

type Services = ReturnType<typeof engineServices>;

const bones = 'Dr "Bones" McCoy, Jr.';
const zoe = 'Dr Zoë Ångström';
const formula = '=HYPERLINK("https://example.org/x","Dr Click")';
const at = '@Dr Sum(1)';

const query = { from: '2024-12-15', to: '2025-04-10', asOf: '2025-04-20' };

/**
 * Two patients with distinctive details over a period of five months, two of them empty.
 * Ignatius comes twice (pseudonym P-00001 both times), Henrietta once.
 */
async function practice() {
  const services = engineServices();
  const c = async (name: string, role: 'dermatologist' | 'nurse') => (await services.clinicians.save(actor, { name, role })).id;
  const [b, z, f, a] = [await c(bones, 'dermatologist'), await c(zoe, 'nurse'), await c(formula, 'dermatologist'), await c(at, 'nurse')];
  const ignatius = await services.patients.create(actor, {
    mrn: 'ZK-5550917',
    givenName: 'Ignatius',
    familyName: 'Vandersloot-Pryce',
    dateOfBirth: '1958-06-29',
    sex: 'male',
    phone: '+61 2 9999 7341',
    email: 'ivp.private@example.net',
  });
  const henrietta = await services.patients.create(actor, {
    mrn: 'ZK-5550918',
    givenName: 'Henrietta',
    familyName: 'Okonkwo-Lindahl',
    dateOfBirth: '1983-10-17',
    sex: 'female',
    phone: '+353 1 555 8820',
    email: 'henrietta.ol@example.org',
  });
  await services.visits.save(actor, {
    patientId: ignatius.id,
    date: '2024-12-20',
    clinicianId: b,
    presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 5, redFlags: ['pain'], decision: 'biopsy' }],
    treatments: [
      {
        kind: 'extraction',
        site: 'upper_eyelid',
        side: 'left',
        lesionsTreated: 5,
        anesthesia: 'none',
        consent: true,
        performedBy: b,
        details: { instrument: 'needle' },
      },
      {
        kind: 'cryotherapy',
        site: 'upper_eyelid',
        side: 'right',
        lesionsTreated: 2,
        anesthesia: 'none',
        consent: true,
        performedBy: z,
        details: { method: 'probe' },
      },
    ],
    followUps: [{ dueDate: '2025-01-17', status: 'completed', completedDate: '2025-01-17', outcome: 'improved' }],
  });
  await services.visits.save(actor, {
    patientId: henrietta.id,
    date: '2025-01-08',
    clinicianId: f,
    presentations: [{ type: 'secondary', site: 'trunk', count: 12, triggers: ['burn'] }],
    treatments: [
      { kind: 'laser_ablation', site: 'trunk', lesionsTreated: 15, anesthesia: 'local_injection', consent: true, performedBy: f },
      {
        kind: 'chemical_peel',
        site: 'upper_limb',
        side: 'left',
        lesionsTreated: 0,
        anesthesia: 'none',
        consent: true,
        performedBy: a,
        details: { agent: 'tca', depth: 'dermal' },
      },
    ],
    followUps: [{ dueDate: '2025-02-05', status: 'scheduled' }],
  });
  await services.visits.save(actor, {
    patientId: ignatius.id,
    date: '2025-04-10',
    clinicianId: z,
    presentations: [{ type: 'primary', site: 'nose', count: 1 }],
    treatments: [{ kind: 'extraction', site: 'nose', side: 'midline', lesionsTreated: 1, anesthesia: 'topical', consent: true, performedBy: z }],
  });
  return services;
}

const identifiers = [
  'ZK-5550917',
  'Ignatius',
  'Vandersloot',
  'Pryce',
  '1958-06-29',
  '+61 2 9999 7341',
  'ivp.private@example.net',
  'ZK-5550918',
  'Henrietta',
  'Okonkwo',
  'Lindahl',
  '1983-10-17',
  '+353 1 555 8820',
  'henrietta.ol@example.org',
];

const header = csvColumns;
/** The period's treatments as a spreadsheet shows them, the formula-like names made inert: codes, then their labels. */
const expectedCsvRows = [
  header,
  [
    '2024-12-20',
    'P-00001',
    bones,
    'extraction',
    'upper_eyelid',
    'left',
    '5',
    '10040',
    'De-roofing and expression',
    'Upper eyelid',
    'Left',
    'Acne surgery (extraction of milia)',
  ],
  [
    '2024-12-20',
    'P-00001',
    zoe,
    'cryotherapy',
    'upper_eyelid',
    'right',
    '2',
    '17110',
    'Cryotherapy',
    'Upper eyelid',
    'Right',
    'Destruction of benign lesions, 1-14',
  ],
  [
    '2025-01-08',
    'P-00002',
    `'${formula}`,
    'laser_ablation',
    'trunk',
    '',
    '15',
    '17111',
    'Laser ablation',
    'Trunk',
    '',
    'Destruction of benign lesions, 15 or more',
  ],
  [
    '2025-01-08',
    'P-00002',
    `'${at}`,
    'chemical_peel',
    'upper_limb',
    'left',
    '0',
    '15793',
    'Chemical peel',
    'Arm and hand',
    'Left',
    'Chemical peel, non-facial, dermal',
  ],
  [
    '2025-04-10',
    'P-00001',
    zoe,
    'extraction',
    'nose',
    'midline',
    '1',
    '10040',
    'De-roofing and expression',
    'Nose',
    'Midline',
    'Acne surgery (extraction of milia)',
  ],
];

const bom = Buffer.from([0xef, 0xbb, 0xbf]);

async function workbook(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return book;
}

/** A cell as text: a date as its day, nothing as ''. */
const cellText = (value: ExcelJS.CellValue): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : value === null || value === undefined ? '' : String(value);

function sheetRows(sheet: ExcelJS.Worksheet, width: number): ExcelJS.Cell[][] {
  const rows: ExcelJS.Cell[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => rows.push(Array.from({ length: width }, (_, i) => row.getCell(i + 1))));
  return rows;
}

/** Every text of a workbook: sheet names, properties, and every cell's value and shown text. */
function allText(book: ExcelJS.Workbook): string {
  const parts = [book.creator, book.lastModifiedBy, book.title, book.subject, book.keywords, book.description, book.company, book.manager];
  for (const sheet of book.worksheets) {
    parts.push(sheet.name);
    sheet.eachRow({ includeEmpty: true }, (row) => {
      row.eachCell({ includeEmpty: true }, (cell) => {
        parts.push(cellText(cell.value), cell.text, JSON.stringify(cell.value));
      });
    });
  }
  return parts.filter((p) => typeof p === 'string').join('\n');
}

describe('the CSV export', () => {
  it('quotes as RFC 4180 says, ends lines with CRLF, guards formula-like names and carries the BOM only when asked', async () => {
    const services = await practice();
    const { rows } = await services.stats.exportData(actor, { ...query, format: 'csv' });
    const withBom = await csvBuffer(rows, { bom: true });
    const without = await csvBuffer(rows, { bom: false });
    expect(withBom.subarray(0, 3)).toEqual(bom);
    expect(without.subarray(0, 3).equals(bom)).toBe(false);
    expect(withBom.subarray(3)).toEqual(without);

    const text = without.toString('utf8');
    expect(parseCsv(text)).toEqual(expectedCsvRows);
    expect(text.split('\r\n')).toHaveLength(expectedCsvRows.length + 1);
    expect(text).not.toMatch(/[^\r]\n/);
    expect(text).toContain(',"Dr ""Bones"" McCoy, Jr.",');
    expect(text).toContain(`,${zoe},`);
    expect(text).toContain(`,"'=HYPERLINK(""https://example.org/x"",""Dr Click"")",`);
    for (const id of identifiers) expect(text).not.toContain(id);

    // The pieces are the same text, header first.
    const pieces: Buffer[] = [];
    for await (const piece of csvPieces(rows, { bom: false })) pieces.push(piece);
    expect(pieces[0]!.toString('utf8')).toBe(`${header.join(',')}\r\n`);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(text);
  });

  /** One treatment row performed by `clinician`, read back as the CSV's clinician cell. */
  const csvClinicianCell = async (clinician: string): Promise<string> => {
    const row: TreatmentRow = {
      visitDate: '2025-01-01',
      patient: 'P-00001',
      clinician,
      kind: 'cryotherapy',
      site: 'nose',
      side: null,
      lesionsTreated: 3,
      procedureCode: '17110',
    };
    const parsed = parseCsv((await csvBuffer([row], { bom: false })).toString('utf8'));
    expect(parsed).toHaveLength(2);
    expect(parsed[1]!.filter((_, i) => i !== 2)).toEqual([
      '2025-01-01',
      'P-00001',
      'cryotherapy',
      'nose',
      '',
      '3',
      '17110',
      'Cryotherapy',
      'Nose',
      '',
      'Destruction of benign lesions, 1-14',
    ]);
    return parsed[1]![2]!;
  };

  // Every first character a spreadsheet takes for a formula (OWASP's list), one name each.
  it.each([
    ['=', '=SUM(A1:A9)'],
    ['+', '+1+cmd|calc'],
    ['-', '-2+3'],
    ['@', '@SUM(1)'],
    ['tab', '\t=SUM(1)'],
    ['CR', '\r=SUM(1)'],
    ['LF', '\n=SUM(1)'],
    ['NUL', '\0=SUM(1)'],
    ['spaces, then =', '  =SUM(1)'],
    ['a space and a tab, then -', ' \t-2+3'],
    ['a no-break space, then +', '\u00a0+1'],
    ['NUL, then @', '\0@SUM(1)'],
  ])('puts an apostrophe before a clinician name starting with %s', async (_first, name) => {
    expect(await csvClinicianCell(name)).toBe(`'${name}`);
  });

  it('keeps a name with a line break inside as one quoted field', async () => {
    for (const name of ['Dr Ann\rLee', 'Dr Ann\nLee', 'Dr Ann\r\nLee']) expect(await csvClinicianCell(name)).toBe(name);
  });

  it('leaves a name alone when the dangerous character is not first', async () => {
    for (const name of ['Dr Ann Lee-Smith', 'Ann = Bo', 'O’Brien +1', 'Dr @home', "D'Arcy", '  Dr Ann Lee', 'Dr Ann\0=1'])
      expect(await csvClinicianCell(name)).toBe(name);
  });

  it('guards the names of clinicians saved in the database, through the export', async () => {
    const services = engineServices();
    const names = ['=1+2', '+44 Dr Plus', '-Dr Minus', '@Dr At'];
    const patient = await services.patients.create(actor, { givenName: 'Ada', familyName: 'Byrne', dateOfBirth: '1970-01-01', sex: 'female' });
    for (const name of names) {
      const id = (await services.clinicians.save(actor, { name, role: 'nurse' })).id;
      await services.visits.save(actor, {
        patientId: patient.id,
        date: '2025-02-01',
        clinicianId: id,
        presentations: [{ type: 'primary', site: 'nose', count: 1 }],
        treatments: [{ kind: 'cryotherapy', site: 'nose', lesionsTreated: 1, anesthesia: 'none', consent: true, performedBy: id }],
      });
    }
    const { rows } = await services.stats.exportData(actor, { ...query, format: 'csv' });
    const cells = parseCsv((await csvBuffer(rows, { bom: true })).subarray(3).toString('utf8'))
      .slice(1)
      .map((r) => r[2]);
    expect(cells.sort()).toEqual(names.map((n) => `'${n}`).sort());
  });

  it('keeps every row whole across its pieces, whatever the characters of its cells', async () => {
    // One, two, three and four bytes a character, in rows of many lengths that fill many pieces.
    const names = [(i: number) => `Dr Ada Okafor ${i}`, (i: number) => `Dr Zoë Ångström ${'ễ'.repeat(i % 89)}`, (i: number) => `Dr ${'😀'.repeat(i % 71)}`];
    const rows: TreatmentRow[] = Array.from({ length: 12_000 }, (_, i) => ({
      visitDate: '2025-01-01',
      patient: `P-${String(i).padStart(5, '0')}`,
      clinician: names[i % names.length]!(i),
      kind: 'cryotherapy',
      site: 'nose',
      side: null,
      lesionsTreated: 3,
      procedureCode: '17110',
    }));
    const pieces: Buffer[] = [];
    for await (const piece of csvPieces(rows, { bom: false })) pieces.push(piece);
    expect(pieces.length).toBeGreaterThan(3);
    // Each piece is whole rows of valid UTF-8: decoded alone, it ends a row and holds no replacement character.
    for (const piece of pieces.slice(1)) {
      const text = piece.toString('utf8');
      expect(text.endsWith('\r\n')).toBe(true);
      expect(text).not.toContain('\ufffd');
    }
    const parsed = parseCsv(Buffer.concat(pieces).toString('utf8')).slice(1);
    expect(parsed.map((r) => [r[1], r[2]])).toEqual(rows.map((r) => [r.patient, r.clinician]));
  });

  it('reports progress slice by slice, ending at the total', async () => {
    const row: TreatmentRow = {
      visitDate: '2025-01-01',
      patient: 'P-00001',
      clinician: zoe,
      kind: 'cryotherapy',
      site: 'nose',
      side: null,
      lesionsTreated: 3,
      procedureCode: '17110',
    };
    const rows = Array.from({ length: 12_001 }, (_, i) => ({ ...row, lesionsTreated: i % 500 }));
    const seen: [number, number][] = [];
    const text = (await csvBuffer(rows, { bom: false, onProgress: (done, total) => seen.push([done, total]) })).toString('utf8');
    expect(parseCsv(text)).toHaveLength(12_002);
    expect(seen.at(-1)).toEqual([12_001, 12_001]);
    expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
    expect(seen.length).toBeGreaterThanOrEqual(3);
  });
});

describe('the XLSX export', () => {
  async function exported() {
    const services = await practice();
    const data = await services.stats.exportData(actor, { ...query, format: 'xlsx' });
    const book = await workbook(await xlsxBuffer(data.summary, data.rows));
    return { services, data, book };
  }

  it('has the Summary, By month and Treatments sheets, the treatments as the CSV rows with real dates and numbers', async () => {
    const { data, book } = await exported();
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'By month', 'Treatments']);

    const rows = sheetRows(book.getWorksheet('Treatments')!, header.length);
    const csv = parseCsv((await csvBuffer(data.rows, { bom: false })).toString('utf8'));
    // The spreadsheet cell is text, never a formula: only the CSV needs the apostrophe.
    const inert = (name: string) => (/^[=@]/.test(name) ? `'${name}` : name);
    expect(rows.map((cells) => cells.map((cell, i) => (i === 2 ? inert(cellText(cell.value)) : cellText(cell.value))))).toEqual(csv);
    expect(csv).toEqual(expectedCsvRows);
    for (const cells of rows.slice(1)) {
      expect(cells[0]!.type).toBe(ExcelJS.ValueType.Date);
      expect(cells[0]!.value).toBeInstanceOf(Date);
      expect(cells[6]!.type).toBe(ExcelJS.ValueType.Number);
      expect(typeof cells[6]!.value).toBe('number');
      expect(cells[2]!.type).toBe(ExcelJS.ValueType.String);
    }
    expect(rows[3]![2]!.value).toBe(formula);
  });

  it('has a By month row for every month of the period, empty ones included, equal to the summary', async () => {
    const { data, book } = await exported();
    const months = data.summary.treatmentsByMonth;
    expect(months.map((m) => m.month)).toEqual(['2024-12', '2025-01', '2025-02', '2025-03', '2025-04']);
    const rows = sheetRows(book.getWorksheet('By month')!, treatmentKinds.codes.length + 2);
    expect(rows).toHaveLength(months.length + 1);
    expect(rows[0]!.map((c) => c.value)).toEqual(['Month', ...treatmentKinds.codes.map((k) => treatmentKinds.label(k)), 'Total']);
    rows.slice(1).forEach((cells, i) => {
      const { month, kinds } = months[i]!;
      expect(cells[0]!.type).toBe(ExcelJS.ValueType.Date);
      expect(cellText(cells[0]!.value)).toBe(`${month}-01`);
      const counts = treatmentKinds.codes.map((k) => kinds[k] ?? 0);
      expect(cells.slice(1).map((c) => c.value)).toEqual([...counts, counts.reduce((a, b) => a + b, 0)]);
    });
    expect(rows.slice(1).map((cells) => cells.at(-1)!.value)).toEqual([2, 2, 0, 0, 1]);
  });

  it('shows the summary figures on the Summary sheet', async () => {
    const { data, book } = await exported();
    const s: StatsSummary = data.summary;
    const rows = sheetRows(book.getWorksheet('Summary')!, treatmentKinds.codes.length + 2);
    const row = (label: string, within = rows) => {
      const found = within.filter((cells) => cells[0]!.value === label);
      expect(found, label).toHaveLength(1);
      return found[0]!;
    };
    /** The rows of the table under a heading, up to the blank row before the next. */
    const table = (heading: string) => {
      const start = rows.findIndex((cells) => cells[0]!.value === heading) + 2;
      const end = rows.findIndex((cells, i) => i >= start && cells[0]!.value === null);
      return rows.slice(start, end);
    };
    for (const [label, day] of [
      ['From', s.period.from],
      ['To', s.period.to],
      ['Overdue judged on', s.period.asOf],
    ] as const) {
      expect(row(label)[1]!.type).toBe(ExcelJS.ValueType.Date);
      expect(cellText(row(label)[1]!.value)).toBe(day);
    }
    expect(row('Visits')[1]!.value).toBe(s.visits);
    expect(row('Patients seen')[1]!.value).toBe(s.patients);
    expect(row('New patients (first visit ever in the period)')[1]!.value).toBe(s.newPatients);
    expect(row('Presentations with a red flag')[1]!.value).toBe(s.redFlagged);
    // Worked out by hand, so that the sheet and the summary cannot agree on a wrong figure.
    expect([s.visits, s.patients, s.newPatients, s.redFlagged]).toEqual([3, 2, 2, 1]);

    for (const kind of treatmentKinds.codes) {
      const v = s.treatmentsByKind[kind];
      const cells = row(treatmentKinds.label(kind), table('Treatments by kind'));
      expect(cells.slice(1, 5).map((c) => c.value)).toEqual([kind, v?.treatments ?? 0, v?.lesionsTreated ?? 0, v?.patients ?? 0]);
    }
    expect(s.treatmentsByKind.extraction).toEqual({ treatments: 2, lesionsTreated: 6, patients: 1 });
    expect(table('Treatments by clinician (who performed them)').map((cells) => cells[0]!.value)).toEqual(
      Object.keys(s.treatmentsByClinician).sort((a, b) => a.localeCompare(b)),
    );
    expect(
      row(bones)
        .slice(1)
        .map((c) => c.value),
    ).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(row(formula)[0]!.type).toBe(ExcelJS.ValueType.String);
    expect(row('Overdue (scheduled, due before 2025-04-20)')[2]!.value).toBe(1);
    expect(s.followUps).toEqual({ scheduled: 1, completed: 1, missed: 0, cancelled: 0, overdue: 1 });
  });

  it('names no patient anywhere: no name, MRN, date of birth, phone or email in any cell', async () => {
    const { book } = await exported();
    const text = allText(book);
    expect(text).toContain('P-00002');
    expect(text).toContain(zoe);
    for (const id of identifiers) expect(text).not.toContain(id);
  });
});

/** A shell whose Save dialog answers with a file in `dir`, or with a target that fails. */
function shellInto(dir: string, save?: (bytes: Buffer) => Promise<never>) {
  const asked: { fileName: string; format: ExportFormat }[] = [];
  const shell: ExportShell = {
    async chooseTarget(fileName, format) {
      asked.push({ fileName, format });
      const path = join(dir, fileName);
      const target: SaveTarget = {
        save:
          save ??
          (async (bytes) => {
            writeFileDurably(path, bytes);
            return { savedTo: path, url: null };
          }),
      };
      return target;
    },
  };
  return { shell, asked };
}

function api(services: Services, shell?: ExportShell) {
  return createInvoker(createHandlers(services, { version: 'x' }, shell ? { files: shell } : {}));
}

function value<T>(envelope: Envelope<T>): T {
  if (!envelope.ok) throw new Error(`${envelope.error.kind}: ${envelope.error.message}`);
  return envelope.value;
}

/** Polls the job as the screen does, until it is no longer running. */
function finished(invoke: ReturnType<typeof api>, job: string): Promise<ExportJobStatus> {
  return pollUntil(
    async () => {
      const status = value(await invoke(actor, 'stats.exportStatus', { job }));
      if (status.state === 'running') expect(status.done).toBeLessThanOrEqual(status.total);
      return status;
    },
    (status) => status.state !== 'running',
    'the end of the export job',
  );
}

const exportAudits = async (services: Services) =>
  await rawSql(services.store).all<{ actor: string; detail: string }>(
    "select actor, detail from audit_log where entity = 'statistics' and action = 'export' order by id",
  );

describe('export jobs through the API', () => {
  it('saves the CSV and the XLSX where the dialog says, reporting the file, and audits each export', async () => {
    const services = await practice();
    const dir = tempDir();
    const { shell, asked } = shellInto(dir);
    const invoke = api(services, shell);

    const csvJob = value(await invoke(actor, 'stats.export', { ...query, format: 'csv' })).job!;
    expect(csvJob).toMatch(/^[A-Za-z0-9_-]{16,64}$/);
    const csvName = exportFileName('csv', query);
    const csvPath = join(dir, csvName);
    const csvDone = await finished(invoke, csvJob);
    const csvBytes = readFileSync(csvPath);
    expect(csvDone).toEqual({ state: 'done', rows: 5, fileName: csvName, size: csvBytes.length, savedTo: csvPath, url: null });
    expect(csvBytes.subarray(0, 3)).toEqual(bom);
    expect(parseCsv(csvBytes.subarray(3).toString('utf8'))).toEqual(expectedCsvRows);

    const xlsxJob = value(await invoke(actor, 'stats.export', { ...query, format: 'xlsx' })).job!;
    const xlsxPath = join(dir, exportFileName('xlsx', query));
    const xlsxDone = await finished(invoke, xlsxJob);
    expect(xlsxDone).toMatchObject({ state: 'done', rows: 5, fileName: 'milia-statistics-2024-12-15-to-2025-04-10.xlsx', savedTo: xlsxPath, url: null });
    const book = await workbook(readFileSync(xlsxPath));
    expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'By month', 'Treatments']);
    expect(book.getWorksheet('Treatments')!.rowCount).toBe(6);

    expect(asked).toEqual([
      { fileName: 'milia-statistics-2024-12-15-to-2025-04-10.csv', format: 'csv' },
      { fileName: 'milia-statistics-2024-12-15-to-2025-04-10.xlsx', format: 'xlsx' },
    ]);
    // A finished job stays readable.
    expect(value(await invoke(actor, 'stats.exportStatus', { job: csvJob }))).toEqual(csvDone);
    expect(await exportAudits(services)).toEqual([
      { actor: 'Test Runner (command line)', detail: 'csv, 2024-12-15 to 2025-04-10, 5 treatments' },
      { actor: 'Test Runner (command line)', detail: 'xlsx, 2024-12-15 to 2025-04-10, 5 treatments' },
    ]);
  });

  it('starts nothing when the dialog is cancelled, and refuses to export without a way to save', async () => {
    const services = await practice();
    const cancelled: ExportShell = { chooseTarget: async () => null };
    expect(await api(services, cancelled)(actor, 'stats.export', { ...query, format: 'csv' })).toEqual({ ok: true, value: { job: null } });
    const refused = await api(services)(actor, 'stats.export', { ...query, format: 'xlsx' });
    expect(refused.ok).toBe(false);
    expect(!refused.ok && refused.error.kind).toBe('forbidden');
    expect(!refused.ok && refused.error.message).toMatch(/command line "stats"/);
    expect(await exportAudits(services)).toEqual([]);
  });

  it('fails a job whose file cannot be saved with a message fit to show, and leaves no file behind', async () => {
    const services = await practice();
    const dir = tempDir();
    const full = Object.assign(new Error("ENOSPC: no space left on device, write '/Volumes/USB/milia.xlsx'"), { code: 'ENOSPC', errno: -28 });
    const noSpace = shellInto(dir, async () => {
      throw full;
    });
    const missing = shellInto(join(dir, 'unplugged-drive'));
    const invokeFull = api(services, noSpace.shell);
    const invokeMissing = api(services, missing.shell);

    const jobs = [
      value(await invokeFull(actor, 'stats.export', { ...query, format: 'xlsx' })).job!,
      value(await invokeMissing(actor, 'stats.export', { ...query, format: 'csv' })).job!,
    ];
    const statuses = [await finished(invokeFull, jobs[0]!), await finished(invokeMissing, jobs[1]!)];
    for (const status of statuses) {
      expect(status.state).toBe('failed');
      const message = status.state === 'failed' ? status.message : '';
      expect(message).toMatch(/^[A-Z].{10,}\.$/s);
      expect(message).not.toMatch(/\n\s+at |ENOSPC|ENOENT|\/Volumes|unplugged-drive|Error:/);
    }
    expect(existsSync(join(dir, 'unplugged-drive'))).toBe(false);
  });

  it('answers not_found for a job it does not know, and validation in plain words for a wrong request', async () => {
    const services = await practice();
    const invoke = api(services, shellInto(tempDir()).shell);
    expect(await invoke(actor, 'stats.exportStatus', { job: 'AAAAAAAAAAAAAAAAAAAAAAAA' })).toEqual({
      ok: false,
      error: { kind: 'not_found', message: 'This export is no longer followed here. Start it again.' },
    });
    const badId = await invoke(actor, 'stats.exportStatus', { job: '../../etc/passwd' });
    expect(!badId.ok && badId.error.kind).toBe('validation');

    expect(await invoke(actor, 'stats.export', { from: '2025-04-10', to: '2024-12-15', format: 'csv' })).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        message: 'Check the statistics export: to: must be on or after the "from" day: swap the two days.',
        issues: [{ path: 'to', message: 'must be on or after the "from" day: swap the two days' }],
      },
    });
    expect(await invoke(actor, 'stats.export', { ...query, format: 'pdf' })).toEqual({
      ok: false,
      error: {
        kind: 'validation',
        message: 'Check the statistics export: format: must be csv or xlsx.',
        issues: [{ path: 'format', message: 'must be csv or xlsx' }],
      },
    });
    expect(await exportAudits(services)).toEqual([]);
  });

  it('does not tell the user to swap the days when one of them is not a date', async () => {
    const services = await practice();
    const invoke = api(services, shellInto(tempDir()).shell);
    // "2025-1-5" sorts after "2025-03-31" as text, but it is not a date: the one fault is its form.
    const period = { from: '2025-1-5', to: '2025-03-31' };
    for (const answer of [await invoke(actor, 'stats.summary', period), await invoke(actor, 'stats.export', { ...period, format: 'csv' })]) {
      expect(!answer.ok && answer.error.issues).toEqual([{ path: 'from', message: 'must be a real date written YYYY-MM-DD, from 1900 on' }]);
    }
  });
});

// A sanity check of the test's own reader, so that a lenient parser cannot hide a fault.
describe('the RFC 4180 reader of these tests', () => {
  it('rejects bare line feeds, stray quotes and a missing final CRLF', async () => {
    expect(parseCsv('a,"b ""c"", d"\r\n,\r\n')).toEqual([
      ['a', 'b "c", d'],
      ['', ''],
    ]);
    expect(() => parseCsv('a,b\nc,d\r\n')).toThrow(/bare line break/);
    expect(() => parseCsv('a,b"c"\r\n')).toThrow(/quote inside/);
    expect(() => parseCsv('a,"b"c\r\n')).toThrow(/after a closing quote/);
    expect(() => parseCsv('a,b')).toThrow(/no CRLF/);
  });
});
