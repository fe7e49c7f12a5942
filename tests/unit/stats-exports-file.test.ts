/**
 * The statistics CSV at the command line over a SQLite file (`--db FILE`): a clinician's name
 * with control characters shown escaped on a terminal, written whole to a pipe. The exports on
 * either engine are in stats-exports.test.ts.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { csvBuffer } from '../../src/main/stats/formats';
import { testActor as actor, testServices } from '../support/store';
import { csvColumns } from '../support/statsCsv';
import { runCli } from '../support/cli';

const header = csvColumns;

/** A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF after every record. */
function parseCsv(text: string): string[][] {
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

describe('the CSV on a terminal', () => {
  /** A clinician whose name clears the screen, sets the window title and starts a fake line, as old data could hold it. */
  const hostile = 'Dr \u001b[2J\u001b]0;owned\u0007Ann\r\nImported 1 patient. OK';

  async function hostileDatabase() {
    const services = testServices();
    const id = (await services.clinicians.save(actor, { name: 'Dr Ann', role: 'nurse' })).id;
    const patient = await services.patients.create(actor, { givenName: 'Ada', familyName: 'Byrne', dateOfBirth: '1970-01-01', sex: 'female' });
    await services.visits.save(actor, {
      patientId: patient.id,
      date: '2025-02-01',
      clinicianId: id,
      presentations: [{ type: 'primary', site: 'nose', count: 1 }],
      treatments: [{ kind: 'cryotherapy', site: 'nose', lesionsTreated: 2, anesthesia: 'none', consent: true, performedBy: id }],
    });
    const sqlite = new Database(services.dbPath);
    sqlite.prepare('update clinicians set name = ? where id = ?').run(hostile, id);
    sqlite.close();
    return services;
  }
  const args = (db: string) => ['stats', '--from', '2025-02-01', '--to', '2025-02-28', '--as-of', '2025-03-01', '--format', 'csv', '--db', db];

  it('shows control characters escaped on a terminal, one record a line', async () => {
    const services = await hostileDatabase();
    const run = await runCli(args(services.dbPath), { entry: 'terminal' });
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(
      `${header.join(',')}\n` +
        '2025-02-01,P-00001,Dr \\u001b[2J\\u001b]0;owned\\u0007Ann\\u000d\\u000aImported 1 patient. OK,cryotherapy,nose,,2,17110,Cryotherapy,Nose,,"Destruction of benign lesions, 1-14"\n',
    );
  });

  it('writes the CSV bytes themselves to a pipe: the name whole, quoted, its line break inside the quotes', async () => {
    const services = await hostileDatabase();
    const run = await runCli(args(services.dbPath));
    expect(run.status).toBe(0);
    const { rows } = await services.stats.exportData(actor, { from: '2025-02-01', to: '2025-02-28', asOf: '2025-03-01', format: 'csv' });
    expect(run.bytes).toEqual(await csvBuffer(rows, { bom: false }));
    expect(parseCsv(run.stdout)[1]![2]).toBe(hostile);
  });
});
