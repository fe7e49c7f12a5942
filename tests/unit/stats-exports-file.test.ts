/**
 * The statistics CSV at the command line over a SQLite file (`--db FILE`): a clinician's name
 * with control characters shown escaped on a terminal, written whole to a pipe. The exports on
 * either engine are in stats-exports.test.ts.
 */
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { csvBuffer } from '../../src/main/stats/formats';
import { testActor as actor, testServices } from '../support/store';
import { csvColumns, parseCsv } from '../support/statsCsv';
import { runCli } from '../support/cli';

const header = csvColumns;

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
