/**
 * The `stats` command as IT runs it: a real process over a real database made by importing
 * an interchange file whose figures are worked out by hand below.
 */
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stats } from '../../src/main/cli/commands/stats';
import { openStore } from '../../src/main/db/open';
import { importDocument } from '../../src/main/interchange/import';
import { testActor, tempDir } from '../support/store';
import { runCli, type CliRun } from '../support/cli';
import { csvColumns } from '../support/statsCsv';

const stackTrace = /\n\s+at /;

/** The command line in a folder of its own (`cwd`), never on the real default database. */
const cli = (args: string[], cwd?: string) => runCli(args, { cwd });
const plain = ({ status, stdout, stderr }: CliRun): CliRun => ({ status, stdout, stderr });

const bones = 'Dr "Bones" McCoy, Jr.';

/**
 * Three patients around the first quarter of 2025. Wilhelmina was seen before the period
 * (so she is not new); Ottoline has a visit the day after it (not counted).
 */
function quarterDocument() {
  const extraction = (site: string, side: string, n: number, by?: string) => ({
    kind: 'extraction',
    site,
    side,
    lesionsTreated: n,
    anesthesia: 'none',
    consent: true,
    details: { instrument: 'needle' },
    ...(by ? { performedBy: by } : {}),
  });
  return {
    format: 'milia-notes/1',
    clinicians: [
      { key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' },
      { key: 'bones', name: bones, role: 'dermatologist' },
      { key: 'zoe', name: 'Dr Zoë Ångström', role: 'nurse' },
    ],
    patients: [
      {
        mrn: 'QX-771903',
        givenName: 'Wilhelmina',
        familyName: 'Quasthoff',
        dateOfBirth: '1971-08-23',
        sex: 'female',
        phone: '+44 20 7946 0321',
        email: 'wquasthoff@example.net',
        visits: [
          {
            key: 'a-1',
            date: '2024-11-20',
            clinician: 'okafor',
            presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 2 }],
            treatments: [extraction('cheek', 'left', 2)],
            followUps: [
              { dueDate: '2025-01-02', status: 'cancelled' },
              { dueDate: '2025-01-05', status: 'completed', completedDate: '2025-01-05', outcome: 'improved' },
            ],
          },
          {
            key: 'a-2',
            date: '2025-01-10',
            clinician: 'okafor',
            presentations: [
              { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 },
              { type: 'primary', site: 'cheek', side: 'right', count: 3, redFlags: ['growth'] },
            ],
            treatments: [
              extraction('upper_eyelid', 'left', 6),
              {
                kind: 'cryotherapy',
                site: 'cheek',
                side: 'right',
                lesionsTreated: 3,
                anesthesia: 'none',
                consent: true,
                performedBy: 'bones',
                details: { method: 'spray' },
              },
            ],
            followUps: [{ dueDate: '2025-02-07', status: 'completed', completedDate: '2025-02-07', outcome: 'cleared' }],
          },
        ],
      },
      {
        mrn: 'QX-882014',
        givenName: 'Bartholomew',
        familyName: 'Zimmerlund',
        dateOfBirth: '1966-02-11',
        sex: 'male',
        phone: '+1 555 0142 889',
        email: 'bzimmer@example.com',
        visits: [
          {
            key: 'b-1',
            date: '2025-02-14',
            clinician: 'bones',
            presentations: [{ type: 'milia_en_plaque', site: 'ear', side: 'right', count: 20 }],
            treatments: [
              { kind: 'curettage', site: 'ear', side: 'right', lesionsTreated: 10, anesthesia: 'topical', consent: true },
              { kind: 'electrodesiccation', site: 'ear', side: 'right', lesionsTreated: 6, anesthesia: 'local_injection', consent: true },
              {
                kind: 'chemical_peel',
                site: 'forehead',
                lesionsTreated: 0,
                anesthesia: 'none',
                consent: true,
                details: { agent: 'glycolic', depth: 'epidermal' },
              },
            ],
            followUps: [
              { dueDate: '2025-03-14', status: 'scheduled' },
              { dueDate: '2025-05-01', status: 'scheduled' },
            ],
          },
        ],
      },
      {
        mrn: 'QX-993125',
        givenName: 'Ottoline',
        familyName: 'Fairweather-Vance',
        dateOfBirth: '1990-12-05',
        sex: 'female',
        phone: '07700 900461',
        email: 'ofv@example.org',
        visits: [
          {
            key: 'c-1',
            date: '2025-03-31',
            clinician: 'okafor',
            presentations: [{ type: 'neonatal', site: 'nose', count: 4 }],
            treatments: [
              { kind: 'observation', site: 'nose', lesionsTreated: 0 },
              { kind: 'topical_retinoid', site: 'nose', lesionsTreated: 0, performedBy: 'zoe', details: { product: 'adapalene' } },
            ],
            followUps: [{ dueDate: '2025-03-31', status: 'missed' }],
          },
          {
            key: 'c-2',
            date: '2025-04-01',
            clinician: 'okafor',
            presentations: [{ type: 'primary', site: 'nose', count: 1 }],
            treatments: [extraction('nose', 'midline', 1)],
          },
        ],
      },
    ],
  };
}

const identifiers = [
  'QX-771903',
  'Wilhelmina',
  'Quasthoff',
  '1971-08-23',
  '+44 20 7946 0321',
  'wquasthoff@example.net',
  'QX-882014',
  'Bartholomew',
  'Zimmerlund',
  '1966-02-11',
  '+1 555 0142 889',
  'bzimmer@example.com',
  'QX-993125',
  'Ottoline',
  'Fairweather',
  '1990-12-05',
  '07700 900461',
  'ofv@example.org',
];

/** The figures of the quarter, worked out by hand from the document above. */
const quarterSummary = {
  period: { from: '2025-01-01', to: '2025-03-31', asOf: '2025-04-15' },
  visits: 3,
  patients: 3,
  newPatients: 2,
  presentationsByType: {
    primary: { presentations: 2, lesions: 9 },
    milia_en_plaque: { presentations: 1, lesions: 20 },
    neonatal: { presentations: 1, lesions: 4 },
  },
  presentationsBySite: {
    upper_eyelid: { presentations: 1, lesions: 6 },
    cheek: { presentations: 1, lesions: 3 },
    ear: { presentations: 1, lesions: 20 },
    nose: { presentations: 1, lesions: 4 },
  },
  redFlagged: 1,
  treatmentsByKind: {
    extraction: { treatments: 1, lesionsTreated: 6, patients: 1 },
    cryotherapy: { treatments: 1, lesionsTreated: 3, patients: 1 },
    curettage: { treatments: 1, lesionsTreated: 10, patients: 1 },
    electrodesiccation: { treatments: 1, lesionsTreated: 6, patients: 1 },
    chemical_peel: { treatments: 1, lesionsTreated: 0, patients: 1 },
    observation: { treatments: 1, lesionsTreated: 0, patients: 1 },
    topical_retinoid: { treatments: 1, lesionsTreated: 0, patients: 1 },
  },
  treatmentsByMonth: [
    { month: '2025-01', kinds: { extraction: 1, cryotherapy: 1 } },
    { month: '2025-02', kinds: { curettage: 1, electrodesiccation: 1, chemical_peel: 1 } },
    { month: '2025-03', kinds: { observation: 1, topical_retinoid: 1 } },
  ],
  treatmentsByClinician: {
    'Dr Ada Okafor': { extraction: 1, observation: 1 },
    [bones]: { cryotherapy: 1, curettage: 1, electrodesiccation: 1, chemical_peel: 1 },
    'Dr Zoë Ångström': { topical_retinoid: 1 },
  },
  // a-2: an extraction (10040) and 3 destroyed (17110); b-1: 16 destroyed (17111) and an epidermal peel on the face (15788).
  procedureCodes: { '10040': 1, '17110': 1, '17111': 1, '15788': 1 },
  // Due in the quarter: a-1's cancelled and completed ones (its visit is before it), a-2's, b-1's first, c-1's.
  followUps: { scheduled: 1, completed: 2, missed: 1, cancelled: 1, overdue: 1 },
  // Only a-2's completed follow-up belongs to a visit of the quarter: once under each of its kinds.
  outcomesByKind: { extraction: { cleared: 1 }, cryotherapy: { cleared: 1 } },
};

const quarterRows = [
  csvColumns,
  [
    '2025-01-10',
    'P-00001',
    'Dr Ada Okafor',
    'extraction',
    'upper_eyelid',
    'left',
    '6',
    '10040',
    'De-roofing and expression',
    'Upper eyelid',
    'Left',
    'Acne surgery (extraction of milia)',
  ],
  ['2025-01-10', 'P-00001', bones, 'cryotherapy', 'cheek', 'right', '3', '17110', 'Cryotherapy', 'Cheek', 'Right', 'Destruction of benign lesions, 1-14'],
  [
    '2025-02-14',
    'P-00002',
    bones,
    'curettage',
    'ear',
    'right',
    '10',
    '17111',
    'Curettage',
    'Ear and periauricular skin',
    'Right',
    'Destruction of benign lesions, 15 or more',
  ],
  [
    '2025-02-14',
    'P-00002',
    bones,
    'electrodesiccation',
    'ear',
    'right',
    '6',
    '17111',
    'Electrodesiccation',
    'Ear and periauricular skin',
    'Right',
    'Destruction of benign lesions, 15 or more',
  ],
  ['2025-02-14', 'P-00002', bones, 'chemical_peel', 'forehead', '', '0', '15788', 'Chemical peel', 'Forehead', '', 'Chemical peel, face, epidermal'],
  ['2025-03-31', 'P-00003', 'Dr Ada Okafor', 'observation', 'nose', '', '0', '', 'Reassurance and observation', 'Nose', '', ''],
  ['2025-03-31', 'P-00003', 'Dr Zoë Ångström', 'topical_retinoid', 'nose', '', '0', '', 'Topical retinoid', 'Nose', '', ''],
];

/** The CSV text those rows make: RFC 4180, CRLF line ends, quotes only where needed. */
const quarterCsv = `${quarterRows
  .map((row) => row.map((cell) => (/[",\r\n]/.test(cell) ? `"${cell.replaceAll('"', '""')}"` : cell)).join(','))
  .join('\r\n')}\r\n`;

/** A new database holding the quarter, imported from its interchange file. */
async function quarterDatabase(): Promise<string> {
  const db = join(tempDir(), 'milia.db');
  const store = openStore(db, { create: true });
  try {
    await importDocument(store.records, testActor, quarterDocument());
  } finally {
    store.close();
  }
  return db;
}

function auditLines(db: string): { action: string; entity: string; detail: string }[] {
  const store = openStore(db);
  try {
    return store.sqlite.prepare("select action, entity, detail from audit_log where entity = 'statistics' order by id").all() as never;
  } finally {
    store.close();
  }
}

const cellText = (value: ExcelJS.CellValue): string =>
  value instanceof Date ? value.toISOString().slice(0, 10) : value === null || value === undefined ? '' : String(value);

const period = ['--from', '2025-01-01', '--to', '2025-03-31'];

describe('stats on the command line', () => {
  it('prints the summary as JSON with the hand-worked figures, and writes it with --out', async () => {
    const db = await quarterDatabase();
    const dir = tempDir();
    const out = join(dir, 'quarter.json');
    const [printed, written] = await Promise.all([
      cli(['stats', ...period, '--as-of', '2025-04-15', '--db', db]),
      cli(['stats', ...period, '--as-of', '2025-04-15', '--format', 'json', '--out', out, '--db', db]),
    ]);
    expect(printed.stderr).toBe('');
    expect(printed.status).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(quarterSummary);
    expect(printed.stdout).toBe(`${JSON.stringify(JSON.parse(printed.stdout), null, 2)}\n`);
    expect(plain(written)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(printed.stdout);
    expect(readdirSync(dir)).toEqual(['quarter.json']);
    // Reading figures leaves no trace; only exports are audited.
    expect(auditLines(db)).toEqual([]);
  });

  it('prints the CSV without a byte-order mark and writes it with one, CRLF and RFC 4180 quoting, naming no patient', async () => {
    const db = await quarterDatabase();
    const dir = tempDir();
    const out = join(dir, 'quarter.csv');
    const [printed, written] = await Promise.all([
      cli(['stats', ...period, '--format', 'csv', '--db', db]),
      cli(['stats', ...period, '--format', 'csv', '--out', out, '--db', db]),
    ]);
    expect(printed.stderr).toBe('');
    expect(printed.status).toBe(0);
    expect(printed.bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(printed.stdout).toBe(quarterCsv);
    expect(plain(written)).toEqual({ status: 0, stdout: '', stderr: '' });
    const file = readFileSync(out);
    expect(file.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.subarray(3).toString('utf8')).toBe(quarterCsv);
    expect(readdirSync(dir)).toEqual(['quarter.csv']);
    for (const id of identifiers) expect(printed.stdout).not.toContain(id);

    const lines = auditLines(db);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toEqual({ action: 'export', entity: 'statistics', detail: 'csv, 2025-01-01 to 2025-03-31, 7 treatments' });
  });

  it('writes the XLSX to --out, and by default to milia-statistics-<from>-to-<to>.xlsx in the current folder', async () => {
    const db = await quarterDatabase();
    const dir = tempDir();
    const here = tempDir();
    const out = join(dir, 'quarter.xlsx');
    const [written, defaulted] = await Promise.all([
      cli(['stats', ...period, '--as-of', '2025-04-15', '--format', 'xlsx', '--out', out, '--db', db]),
      cli(['stats', ...period, '--as-of', '2025-04-15', '--format', 'xlsx', '--db', db], here),
    ]);
    expect(plain(written)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(plain(defaulted)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readdirSync(dir)).toEqual(['quarter.xlsx']);
    expect(readdirSync(here)).toEqual(['milia-statistics-2025-01-01-to-2025-03-31.xlsx']);

    for (const file of [out, join(here, 'milia-statistics-2025-01-01-to-2025-03-31.xlsx')]) {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(readFileSync(file) as unknown as ExcelJS.Buffer);
      expect(book.worksheets.map((s) => s.name)).toEqual(['Summary', 'By month', 'Treatments']);
      const treatments = book.getWorksheet('Treatments')!;
      const rows: string[][] = [];
      treatments.eachRow({ includeEmpty: true }, (row) =>
        rows.push(Array.from({ length: quarterRows[0]!.length }, (_, i) => cellText(row.getCell(i + 1).value))),
      );
      expect(rows).toEqual(quarterRows);
      expect(treatments.getCell('A2').type).toBe(ExcelJS.ValueType.Date);
      expect(treatments.getCell('G4').value).toBe(10);
      const visits = book
        .getWorksheet('Summary')!
        .getRows(1, 40)!
        .find((r) => r.getCell(1).value === 'Visits');
      expect(visits?.getCell(2).value).toBe(3);
    }
  });

  it('judges the XLSX’s default file before any work: refused, it leaves no export in the audit trail', async () => {
    const db = await quarterDatabase();
    const here = tempDir();
    mkdirSync(join(here, 'milia-statistics-2025-01-01-to-2025-03-31.xlsx'));
    const refused = await cli(['stats', ...period, '--format', 'xlsx', '--db', db], here);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^[^\n]* is a folder\. Name a file in it, such as [^\n]*\n$/);
    expect(auditLines(db)).toEqual([]);
  });

  it('says in one line what is wrong with the period or the format, with exit 2', async () => {
    const db = await quarterDatabase();
    const runs = await Promise.all([
      cli(['stats', '--to', '2025-03-31', '--db', db]),
      cli(['stats', '--from', '2025-01-01', '--db', db]),
      cli(['stats', '--from', '2025-02-30', '--to', '2025-03-31', '--db', db]),
      cli(['stats', '--from', '2025-1-5', '--to', '2025-03-31', '--format', 'csv', '--db', db]),
      cli(['stats', '--from', '2025-01-01', '--to', '31/03/2025', '--format', 'csv', '--db', db]),
      cli(['stats', ...period, '--as-of', 'today', '--db', db]),
      cli(['stats', '--from', '2025-04-01', '--to', '2025-03-31', '--format', 'xlsx', '--db', db]),
      cli(['stats', ...period, '--format', 'pdf', '--db', db]),
      cli(['stats', ...period, '--db', join(tempDir(), 'none.db')]),
    ]);
    expect(runs.map(plain)).toEqual([
      { status: 2, stdout: '', stderr: 'Say which period: stats --from YYYY-MM-DD --to YYYY-MM-DD (both days included).\n' },
      { status: 2, stdout: '', stderr: 'Say which period: stats --from YYYY-MM-DD --to YYYY-MM-DD (both days included).\n' },
      { status: 2, stdout: '', stderr: '--from must be a real date written YYYY-MM-DD, from 1900 on, not "2025-02-30".\n' },
      // Not also "swap the two days", although "2025-1-5" sorts after "2025-03-31".
      { status: 2, stdout: '', stderr: '--from must be a real date written YYYY-MM-DD, from 1900 on, not "2025-1-5".\n' },
      { status: 2, stdout: '', stderr: '--to must be a real date written YYYY-MM-DD, from 1900 on, not "31/03/2025".\n' },
      { status: 2, stdout: '', stderr: '--as-of must be a real date written YYYY-MM-DD, from 1900 on, not "today".\n' },
      { status: 2, stdout: '', stderr: '--to must be on or after --from: swap the two days.\n' },
      { status: 2, stdout: '', stderr: '--format must be json, csv or xlsx, not "pdf".\n' },
      { status: 2, stdout: '', stderr: expect.stringMatching(/^There is no database at .*none\.db\. Create one with: npm run cli -- init --db .*\n$/) },
    ]);
    for (const run of runs) expect(run.stderr).not.toMatch(stackTrace);
    // A refused export takes nothing out of the database.
    expect(auditLines(db)).toEqual([]);
  });

  describe('progress', () => {
    const wasTTY = process.stderr.isTTY;
    afterEach(async () => {
      process.stderr.isTTY = wasTTY;
      vi.restoreAllMocks();
    });

    /** The command run in this process, with standard error a terminal or not; what it wrote there. */
    async function exportOn(terminal: boolean, format: string): Promise<string> {
      const db = await quarterDatabase();
      const out = join(tempDir(), `quarter.${format}`);
      process.stderr.isTTY = terminal;
      const written: string[] = [];
      vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      const status = await stats.run({ db, values: { from: '2025-01-01', to: '2025-03-31', format, out }, positionals: [] });
      vi.restoreAllMocks();
      expect(status ?? 0).toBe(0);
      expect(readFileSync(out).length).toBeGreaterThan(100);
      return written.join('');
    }

    it('shows the export progress on standard error when it is a terminal, and nothing otherwise', async () => {
      expect(await exportOn(true, 'xlsx')).toMatch(/^(\rExporting \d+%)*\rExporting 100%\n$/);
      expect(await exportOn(true, 'csv')).toMatch(/^(\rExporting \d+%)*\rExporting 100%\n$/);
      expect(await exportOn(false, 'xlsx')).toBe('');
      expect(await exportOn(true, 'json')).toBe('');
    });
  });

  it('explains itself with --help, and the command list names it', async () => {
    const [help, all] = await Promise.all([cli(['stats', '--help']), cli(['--help'])]);
    expect(help.status).toBe(0);
    expect(help.stderr).toBe('');
    // Wrapped at 80 columns: the usage with its options under the first, the summary beneath.
    const [usage, summary] = help.stdout.split('\n\n');
    expect(usage!.replace(/\n +/g, ' ')).toBe(
      'Usage: npm run cli -- stats --from DATE --to DATE [--as-of DATE] [--format json|csv|xlsx] [--out FILE] [--db PATH] [--as USERNAME]',
    );
    expect(summary!.replace(/\n/g, ' ')).toBe('The treatment statistics of a period: the summary as JSON, or the treatments as CSV or XLSX.');
    for (const option of ['--from DATE', '--to DATE', '--as-of DATE', '--format F', '--out FILE']) expect(help.stdout).toContain(`\n${option} `);
    expect(help.stdout).toContain('milia-statistics-<from>-to-<to>.xlsx');
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/\n {2}stats --from DATE --to DATE .*\n {8}\[--out FILE\]\n {6}the treatment statistics of a period/);
  });
});
