/** The interchange file: import all or nothing with every fault's path, export in a stable order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentText, exportDocument } from '../../src/main/interchange/export';
import { importDocument } from '../../src/main/interchange/import';
import { seedDocument } from '../../src/main/seed';
import type { Services } from '../../src/main/services';
import { AppError } from '@shared/errors';
import { testActor as actor, testServices } from '../support/store';

const fixtures = join(__dirname, '..', 'fixtures', 'interchange');
const fixtureText = (name: string) => readFileSync(join(fixtures, name), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test documents are edited freely, as a file would be
type Doc = any;
const scripts = (): Doc => JSON.parse(fixtureText('scripts.json'));
/** A small synthetic document on a fixed day, for volume. */
const synthetic = (patients: number): Doc => JSON.parse(JSON.stringify(seedDocument({ patients, seed: 3, today: '2025-06-30' })));

const exportText = (services: Services): string => [...documentText(exportDocument(services))].join('');

/** Every row of every table, as it lies in the file. */
function dump(services: Services): string {
  const { sqlite } = services.store;
  const tables = sqlite.prepare("select name from sqlite_master where type = 'table' order by name").pluck().all() as string[];
  return JSON.stringify(tables.map((t) => [t, sqlite.prepare(`select * from "${t}"`).all()]));
}

function rejection(work: () => unknown): AppError {
  try {
    work();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('the import was accepted');
}

describe('importing', () => {
  it('imports names in any script and notes with quotes, commas and line breaks, and exports them as expected', () => {
    const services = testServices();
    const summary = importDocument(services, actor, scripts());
    expect(summary.imported).toEqual({ clinicians: 3, patients: 8, visits: 7, presentations: 10, treatments: 9, followUps: 8 });
    expect(Object.keys(summary.visitIds)).toEqual(['vn-2', 'vn-1', 'v-0001', 'gr-1', 'ru-1', 'zh-1', 'ja-1']);
    const keyOf = services.store.sqlite.prepare('select key from visits where id = ?').pluck();
    for (const [key, id] of Object.entries(summary.visitIds)) expect(keyOf.get(id)).toBe(key);

    const text = exportText(services);
    expect(text).toBe(fixtureText('scripts.expected.json'));
    expect(text).toBe(`${JSON.stringify(exportDocument(services), null, 2)}\n`);
  });

  it('fills the search names, so that imported patients are found like any other', () => {
    const services = testServices();
    importDocument(services, actor, scripts());
    const searchName = services.store.sqlite.prepare('select search_name from patients where mrn = ?').pluck();
    expect(searchName.get('MN-000123')).toBe('zoe nguyen angstrom');
    expect(searchName.get('MN-000050')).toBe('дмитрии иванов');
    expect(
      services.patients
        .search(actor, { query: 'nguyen' })
        .map((p) => p.mrn)
        .sort(),
    ).toEqual(['MN-000123', 'MN-000300']);
    expect(services.patients.search(actor, { query: 'Παπαδοπούλου' }).map((p) => p.mrn)).toEqual(['mn-000200']);
  });

  it('leaves one audit line for the whole import', () => {
    const services = testServices();
    importDocument(services, actor, scripts());
    const lines = services.store.sqlite.prepare('select action, entity, detail from audit_log').all() as Array<{
      action: string;
      entity: string;
      detail: string;
    }>;
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'import', entity: 'interchange' });
    expect(JSON.parse(lines[0]!.detail)).toMatchObject({ patients: 8, visits: 7 });
  });

  it('reuses a clinician whose key is already in the database', () => {
    const services = testServices();
    services.clinicians.save(actor, { key: 'okafor', name: 'Ada Okafor, MD', role: 'dermatologist' });
    const summary = importDocument(services, actor, scripts());
    expect(summary.imported.clinicians).toBe(2);
    const rows = services.store.sqlite.prepare("select name from clinicians where key = 'okafor'").pluck().all();
    expect(rows).toEqual(['Ada Okafor, MD']);
  });

  it('defaults performedBy to the visit clinician', () => {
    const services = testServices();
    const { visitIds } = importDocument(services, actor, scripts());
    const visit = services.visits.get(actor, { id: visitIds['zh-1'] });
    expect(visit.treatments.map((t) => t.performedById)).toEqual([visit.clinicianId, visit.clinicianId]);
  });
});

describe('a file with faults', () => {
  it('changes nothing and names a fault in the first, a middle and the last patient', () => {
    const services = testServices();
    importDocument(services, actor, scripts());
    const before = dump(services);

    const doc = synthetic(40);
    doc.patients[0].visits[0].presentations[0].count = 0;
    doc.patients[20].dateOfBirth = '2020-02-30';
    doc.patients[39].visits.at(-1).notes = 42;
    const error = rejection(() => importDocument(services, actor, doc));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/3 faults.*nothing was imported/);
    expect(error.issues).toEqual([
      { path: 'patients[0].visits[0].presentations[0].count', message: 'must be a whole number from 1 to 500' },
      { path: 'patients[20].dateOfBirth', message: 'must be a real date written YYYY-MM-DD, from 1900 on' },
      { path: `patients[39].visits[${doc.patients[39].visits.length - 1}].notes`, message: 'must be text of at most 10000 characters' },
    ]);
    expect(dump(services)).toBe(before);
  });

  it('rejects unknown fields, naming each', () => {
    const doc = scripts();
    doc.version = 2;
    doc.patients[1].nickname = 'Zo';
    doc.patients[1].visits[0].treatments[0].detail = {};
    doc.patients[1].visits[0].treatments[0].details.blade = 'x';
    const error = rejection(() => importDocument(testServices(), actor, doc));
    expect(error.issues).toEqual([
      { path: 'version', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].visits[0].treatments[0].details.blade', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].visits[0].treatments[0].detail', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].nickname', message: 'is not a known field: check its spelling' },
    ]);
  });

  it('rejects an MRN already in the database, whatever its case, or twice in the file', () => {
    const services = testServices();
    importDocument(services, actor, scripts());
    const doc = synthetic(2);
    doc.patients[0].mrn = 'mn-000123';
    doc.patients[1].mrn = 'ab-1';
    doc.patients.push({ ...doc.patients[1], mrn: 'AB-1', visits: [] });
    expect(rejection(() => importDocument(services, actor, doc)).issues).toEqual([
      { path: 'patients[0].mrn', message: 'belongs to a patient already in the database' },
      { path: 'patients[2].mrn', message: 'is also the MRN of patients[1] (MRNs ignore case)' },
    ]);
  });

  it('rejects a visit key used twice in the file or already in the database', () => {
    const services = testServices();
    importDocument(services, actor, scripts());
    const doc = synthetic(2);
    doc.patients[0].visits[0].key = 'v-0001';
    doc.patients[1].visits[0].key = doc.patients[0].visits[1].key;
    const error = rejection(() => importDocument(services, actor, doc));
    expect(error.issues).toEqual([
      { path: 'patients[0].visits[0].key', message: 'is the key of a visit already in the database' },
      { path: 'patients[1].visits[0].key', message: 'is also the key of patients[0].visits[1]' },
    ]);
  });

  it('rejects a clinician that the file does not list, and a clinician key listed twice', () => {
    const doc = scripts();
    doc.patients[1].visits[0].clinician = 'house';
    doc.patients[1].visits[0].treatments[0].performedBy = 'wilson';
    doc.clinicians.push({ key: 'tanaka', name: 'Dr Tanaka again', role: 'dermatologist' });
    expect(rejection(() => importDocument(testServices(), actor, doc)).issues).toEqual([
      { path: 'clinicians[3].key', message: 'is also the key of clinicians[2]' },
      { path: 'patients[1].visits[0].clinician', message: 'is not the key of a clinician in this file' },
      { path: 'patients[1].visits[0].treatments[0].performedBy', message: 'is not the key of a clinician in this file' },
    ]);
  });

  it('rejects dates out of order: a visit before birth, a birth in the future, a follow-up due before its visit', () => {
    const doc = scripts();
    doc.patients[0].visits[1].date = '1990-01-01';
    doc.patients[0].visits[1].followUps[0].completedDate = '2999-01-01';
    doc.patients[1].visits[0].followUps[0].dueDate = '2025-01-14';
    doc.patients[6].dateOfBirth = '2999-01-01';
    expect(rejection(() => importDocument(testServices(), actor, doc)).issues).toEqual([
      { path: 'patients[0].visits[1].date', message: 'must not be before the date of birth, 1992-07-01' },
      { path: 'patients[0].visits[1].followUps[0].completedDate', message: 'must not be in the future' },
      { path: 'patients[1].visits[0].followUps[0].dueDate', message: 'must not be before the visit, 2025-01-15' },
      { path: 'patients[6].dateOfBirth', message: 'must not be in the future' },
    ]);
  });

  it('lists the first 20 faults and counts them all', () => {
    const doc = synthetic(30);
    for (const p of doc.patients) p.sex = 'f';
    const error = rejection(() => importDocument(testServices(), actor, doc));
    expect(error.issues).toHaveLength(20);
    expect(error.issues[19]!.path).toBe('patients[19].sex');
    expect(error.message).toMatch(/^The import file has 30 faults \(the first 20 are listed\)/);
  });

  it('rejects what is not an interchange document at all', () => {
    const services = testServices();
    expect(rejection(() => importDocument(services, actor, [])).issues).toEqual([{ path: '', message: 'must be an object' }]);
    expect(rejection(() => importDocument(services, actor, { format: 'milia-notes/2', patients: {} })).issues).toEqual([
      { path: 'format', message: 'must be "milia-notes/1"; this app reads no other format' },
      { path: 'patients', message: 'must be a list' },
    ]);
  });
});

describe('exporting', () => {
  it('gives the same bytes after an import into an empty database', () => {
    const first = testServices();
    importDocument(first, actor, scripts());
    importDocument(first, actor, synthetic(60));
    const exported = exportText(first);

    const second = testServices();
    importDocument(second, actor, JSON.parse(exported));
    expect(exportText(second)).toBe(exported);
  });

  it('writes an empty record as a valid document', () => {
    const services = testServices();
    const text = exportText(services);
    expect(text).toBe('{\n  "format": "milia-notes/1",\n  "clinicians": [],\n  "patients": []\n}\n');
    expect(importDocument(testServices(), actor, JSON.parse(text)).imported.patients).toBe(0);
  });

  it('leaves out the review decision, which the file does not carry, and stays importable', () => {
    const services = testServices();
    importDocument(services, actor, scripts());
    const patientId = services.patients.search(actor, { query: 'Иванов' })[0]!.id;
    const clinicianId = services.clinicians.list(actor).find((c) => c.key === 'okafor')!.id;
    services.visits.save(actor, {
      patientId,
      date: '2025-05-05',
      clinicianId,
      presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 2, redFlags: ['growth'], decision: 'biopsy' }],
    });
    const text = exportText(services);
    expect(text).not.toMatch(/decision/);
    const doc = JSON.parse(text);
    const visit = doc.patients[0].visits.at(-1);
    expect(visit.key).toMatch(/^mn-/);
    expect(visit.presentations[0].redFlags).toEqual(['growth']);
    expect(importDocument(testServices(), actor, doc).imported.visits).toBe(8);
  });
});
