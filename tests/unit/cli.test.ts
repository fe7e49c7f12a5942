/**
 * The command line as IT runs it: a real process per command, over real database files.
 * Spawning costs about a second, so each test runs a whole scenario, with independent runs
 * side by side.
 */
import { systemActor } from '@shared/permissions';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import { documentText, exportDocument } from '../../src/main/interchange/export';
import { createServices } from '../../src/main/services';
import { parsingServices, setPracticeContact } from '../support/surface';
import { seed } from '../../src/main/seed';
import { tempDir } from '../support/store';
import { cli, root } from '../support/cli';
import { defaultDatabasePath } from '../../src/main/paths';
import { shellPath } from '../../src/main/cli/paths';

const fixtures = join(root, 'tests', 'fixtures', 'interchange');
const stackTrace = /\n\s+at /;

/** A new database, made in process: `init` itself is tested once. */
function initialised(): string {
  const db = join(tempDir(), 'milia.db');
  openStore(db, { create: true }).close();
  return db;
}

async function exportedText(db: string): Promise<string> {
  const store = openStore(db);
  try {
    return [...documentText(await exportDocument(store.records))].join('');
  } finally {
    store.close();
  }
}

describe('the command line', () => {
  it('refuses a missing database without creating it; init creates one that checks ok', async () => {
    const db = join(tempDir(), 'nowhere', 'milia.db');
    const missing = await cli('check', '--db', db);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe(`There is no database at ${db}. Create one with: npm run cli -- init --db ${db}\n`);
    expect(existsSync(db)).toBe(false);

    expect(await cli('init', '--db', db)).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(await cli('check', '--db', db)).toEqual({ status: 0, stdout: 'ok\n', stderr: '' });
  });

  it('imports a file, printing the summary, and exports it to standard output and to a file', async () => {
    const db = initialised();
    const imported = await cli('import', join(fixtures, 'scripts.json'), '--db', db);
    expect(imported.stderr).toBe('');
    expect(imported.status).toBe(0);
    const summary = JSON.parse(imported.stdout);
    expect(Object.keys(summary)).toEqual(['imported', 'visitIds']);
    expect(summary.imported).toEqual({ clinicians: 3, patients: 8, visits: 7, presentations: 10, treatments: 9, followUps: 8 });
    expect(summary.visitIds['v-0001']).toEqual(expect.any(Number));

    const folder = tempDir();
    const out = join(folder, 'export.json');
    const [printed, written] = await Promise.all([cli('export', '--db', db), cli('export', '--out', out, '--db', db)]);
    const expected = readFileSync(join(fixtures, 'scripts.expected.json'), 'utf8');
    expect(printed).toEqual({ status: 0, stdout: expected, stderr: '' });
    expect(written).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(out, 'utf8')).toBe(expected);
    expect(readdirSync(folder)).toEqual(['export.json']);
  });

  it('rejects an invalid file with exit 2 and one line per fault, and a file that is not JSON with its line and column', async () => {
    const db = initialised();
    const folder = tempDir();
    const doc = JSON.parse(readFileSync(join(fixtures, 'scripts.json'), 'utf8'));
    doc.patients[0].visits[0].presentations[0].count = 501;
    doc.patients[7].favouriteColour = 'teal';
    writeFileSync(join(folder, 'faulty.json'), JSON.stringify(doc, null, 2));
    writeFileSync(join(folder, 'broken.json'), '{\n  "format": "milia-notes/1",\n  "patients": [\n    {"mrn": "A1",}\n  ]\n}\n');
    // Valid to JSON.parse, which would keep the last of each: a count of 60 and no red flag.
    const presentation = '{"type": "primary", "site": "nose", "count": 6, "count": 60, "redFlags": ["growth"], "redFlags": []}';
    const visit = `{"key": "k1", "date": "2026-01-01", "clinician": "okafor", "presentations": [${presentation}]}`;
    writeFileSync(
      join(folder, 'twice.json'),
      `{"format": "milia-notes/3", "clinicians": [{"key": "okafor", "name": "Dr Ada Okafor", "role": "dermatologist"}],\n"patients": [{"mrn": "P1", "givenName": "A", "familyName": "B", "dateOfBirth": "1980-01-01", "sex": "female",\n"visits": [${visit}]}]}\n`,
    );

    const [faulty, broken, twice] = await Promise.all([
      cli('import', join(folder, 'faulty.json'), '--db', db),
      cli('import', join(folder, 'broken.json'), '--db', db),
      cli('import', join(folder, 'twice.json'), '--db', db),
    ]);
    expect(faulty.status).toBe(2);
    expect(faulty.stdout).toBe('');
    expect(faulty.stderr).toBe(
      [
        'The import file has 2 faults, so nothing was imported. Correct the file and import it again.',
        'patients[0].visits[0].presentations[0].count: must be a whole number from 1 to 500',
        'patients[7].favouriteColour: is not a known field: check its spelling',
        '',
      ].join('\n'),
    );
    expect(broken.status).toBe(2);
    expect(broken.stderr).toMatch(/^.*broken\.json is not valid JSON at line 4, column 18: .*\. Fix the file and import it again; nothing was imported\.\n$/);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toBe(
      `${join(folder, 'twice.json')} is not valid JSON at line 3, column 137: the field "count" is given twice in the same object: keep the one that is right. Fix the file and import it again; nothing was imported.\n`,
    );
    expect(await exportedText(db)).toBe('{\n  "format": "milia-notes/5",\n  "clinicians": [],\n  "patients": []\n}\n');
  });

  it('seeds the same data for the same seed, printing a summary like import', async () => {
    const [a, b] = [initialised(), initialised()];
    const [first, second] = await Promise.all([
      cli('seed', '--patients', '12', '--seed', '7', '--db', a),
      cli('seed', '--db', b, '--seed', '7', '--patients', '12'),
    ]);
    expect(first.status).toBe(0);
    expect(first.stderr).toBe('');
    expect(JSON.parse(first.stdout).imported.patients).toBe(12);
    expect(second.stdout).toBe(first.stdout);
    expect(await exportedText(a)).toBe(await exportedText(b));
  });

  it('lays out its help within 80 columns when not on a terminal, never splitting an option in brackets', async () => {
    const commands = ['init', 'import', 'export', 'seed', 'check', 'handout', 'stats', 'backup', 'restore', 'audit', 'user', 'call', 'server'];
    const [list, ...each] = await Promise.all([cli('--help'), ...commands.map((c) => cli(c, '--help'))]);
    // The database's default path is one word, as long as this machine's home folder makes it.
    const lines = [list!, ...each].flatMap((run) => {
      expect(run.status).toBe(0);
      return run.stdout.split('\n').filter((line) => !line.includes(shellPath(defaultDatabasePath())));
    });
    expect(lines.filter((line) => line.length > 80)).toEqual([]);
    expect(lines.filter((line) => /\[[^\]]*$/.test(line))).toEqual([]);
    // Each command's usage on its own line, its options wrapped under the first, what it does beneath.
    expect(list!.stdout).toContain(
      '\n  audit --from DATE --to DATE [--format json|csv] [--user U] [--patient ID]\n        [--action A] [--out FILE]\n      the audit trail',
    );
    // An option's text wrapped in a column beside it.
    expect(each[commands.indexOf('stats')]!.stdout).toContain(
      '\n--format F    json (the summary, the default), csv (one row per treatment) or\n              xlsx (the summary,',
    );
    expect(each[commands.indexOf('server')]!.stdout).toMatch(/^Usage: npm run cli -- server init\|import \[--db PATH\] \[--as USERNAME\]\n\n/);
  });

  it('says what is wrong in one line, with exit 2 for a wrong command and 1 for anything else; a stack only with --debug', async () => {
    const db = initialised();
    const store = openStore(db);
    store.sqlite.pragma('foreign_keys = OFF');
    store.sqlite.exec("insert into visits (key, patient_id, date, clinician_id, created_by, updated_by) values ('orphan', 41, '2025-01-01', 1, 'x', 'x')");
    store.close();
    const notDatabase = join(tempDir(), 'notes.txt');
    writeFileSync(notDatabase, 'these are not the notes you are looking for\n'.repeat(200));

    const [unknown, badOption, badValue, damaged, wrongFile, debug] = await Promise.all([
      cli('frobnicate', '--db', db),
      cli('export', '--colour', '--db', db),
      cli('seed', '--patients', 'lots', '--db', db),
      cli('check', '--db', db),
      cli('check', '--db', notDatabase),
      cli('check', '--db', notDatabase, '--debug'),
    ]);
    expect(unknown).toMatchObject({ status: 2, stdout: '' });
    expect(unknown.stderr).toBe(
      'There is no command "frobnicate". The commands are: init, import, export, seed, check, handout, stats, backup, restore, audit, user, call, server. Run with --help for details.\n',
    );
    expect(badOption).toMatchObject({ status: 2, stderr: 'There is no option --colour. Run with --help for the options.\n' });
    expect(badValue).toMatchObject({ status: 2, stderr: '--patients must be a whole number from 1 to 1000000, not "lots".\n' });
    expect(damaged.status).toBe(1);
    expect(damaged.stdout.split('\n')).toEqual([
      'visits row 1: clinician_id refers to a clinicians row that does not exist',
      'visits row 1: patient_id refers to a patients row that does not exist',
      '',
    ]);
    expect(wrongFile).toMatchObject({ status: 2, stdout: '' });
    expect(wrongFile.stderr).toBe(
      `${notDatabase} is not a Milia Notes database (it is not a SQLite file). Give the database file, or create one with init at a new path.\n`,
    );
    for (const run of [unknown, badOption, badValue, damaged, wrongFile]) expect(run.stderr).not.toMatch(stackTrace);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(stackTrace);
  });

  it('writes the handout of a visit atomically and records it; an unknown or non-numeric visit is exit 2 with one line', async () => {
    const db = initialised();
    const store = openStore(db);
    const services = parsingServices(createServices(store));
    await seed(services.store.records, systemActor('Test', 'cli'), { patients: 3, seed: 1 });
    await setPracticeContact(services, systemActor('Test', 'cli'));
    const visitId = store.sqlite.prepare('select min(visit_id) from treatments').pluck().get() as number;
    store.close();
    const dir = tempDir();
    const out = join(dir, 'aftercare.pdf');
    const [written, unknown, notNumber] = await Promise.all([
      cli('handout', '--visit', String(visitId), '--out', out, '--large-print', '--db', db),
      cli('handout', '--visit', '99999', '--out', join(dir, 'none.pdf'), '--db', db),
      cli('handout', '--visit', 'abc', '--db', db),
    ]);
    expect(written).toEqual({ status: 0, stdout: '', stderr: '' });
    expect(readFileSync(out).subarray(0, 5).toString()).toBe('%PDF-');
    expect(readdirSync(dir)).toEqual(['aftercare.pdf']);
    expect(unknown).toEqual({ status: 2, stdout: '', stderr: 'Visit 99999 does not exist. It may have been removed; refresh and try again.\n' });
    expect(notNumber).toEqual({ status: 2, stdout: '', stderr: '--visit must be a visit id, a whole number, not "abc".\n' });
    const reopened = openStore(db);
    const stored = reopened.sqlite.prepare('select visit_id, large_print, pdf from handouts').all() as { visit_id: number; large_print: number; pdf: Buffer }[];
    reopened.close();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ visit_id: visitId, large_print: 1 });
    expect(stored[0]!.pdf.equals(readFileSync(out))).toBe(true);
  });
});
