/** The interchange file: import all or nothing with every fault's path, export in a stable order. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentText, exportDocument } from '../../src/main/interchange/export';
import { importDocument } from '../../src/main/interchange/import';
import { seedDocument } from '../../src/main/seed';
import { userActor } from '../support/actors';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';
import { testEngine } from '../support/testEngine';
import { refusal } from '../support/refusal';

type Services = ReturnType<typeof engineServices>;

const fixtures = join(__dirname, '..', 'fixtures', 'interchange');
const fixtureText = (name: string) => readFileSync(join(fixtures, name), 'utf8');
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- test documents are edited freely, as a file would be
type Doc = any;
const scripts = (): Doc => JSON.parse(fixtureText('scripts.json'));
/** A small synthetic document on a fixed day, for volume. */
const synthetic = (patients: number): Doc => JSON.parse(JSON.stringify(seedDocument({ patients, seed: 3, today: '2025-06-30' })));

const exportText = async (services: Services): Promise<string> => [...documentText(await exportDocument(services.store.records))].join('');

/** The record's tables, as its engine lists them. */
const tableNames =
  testEngine() === 'pg'
    ? "select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name"
    : "select name from sqlite_master where type = 'table' order by name";

/** Every row of every table, as it lies in the record. */
async function dump(services: Services): Promise<string> {
  const sql = rawSql(services.store);
  const tables = await sql.column<string>(tableNames);
  return JSON.stringify(await Promise.all(tables.map(async (t) => [t, await sql.all(`select * from "${t}"`)])));
}

describe('importing', () => {
  it('imports names in any script and notes with quotes, commas and line breaks, and exports them as expected', async () => {
    const services = engineServices();
    const summary = await importDocument(services.store.records, actor, scripts());
    expect(summary.imported).toEqual({ clinicians: 3, patients: 8, visits: 7, presentations: 10, treatments: 9, followUps: 8 });
    expect(Object.keys(summary.visitIds)).toEqual(['vn-2', 'vn-1', 'v-0001', 'gr-1', 'ru-1', 'zh-1', 'ja-1']);
    const keyOf = async (id: number) => await rawSql(services.store).value('select key from visits where id = ?', id);
    for (const [key, id] of Object.entries(summary.visitIds)) expect(await keyOf(id)).toBe(key);

    const text = await exportText(services);
    expect(text).toBe(fixtureText('scripts.expected.json'));
    expect(text).toBe(`${JSON.stringify(await exportDocument(services.store.records), null, 2)}\n`);
  });

  it('fills the search names, so that imported patients are found like any other', async () => {
    const services = engineServices();
    await importDocument(services.store.records, actor, scripts());
    const searchName = async (mrn: string) => await rawSql(services.store).value('select search_name from patients where mrn = ?', mrn);
    expect(await searchName('MN-000123')).toBe('zoe nguyen angstrom');
    expect(await searchName('MN-000050')).toBe('дмитрии иванов');
    expect((await services.patients.search(actor, { query: 'nguyen' })).map((p) => p.mrn).sort()).toEqual(['MN-000123', 'MN-000300']);
    expect((await services.patients.search(actor, { query: 'Παπαδοπούλου' })).map((p) => p.mrn)).toEqual(['mn-000200']);
  });

  it('leaves one audit line for the whole import', async () => {
    const services = engineServices();
    await importDocument(services.store.records, actor, scripts());
    const lines = await rawSql(services.store).all<{ action: string; entity: string; detail: string }>('select action, entity, detail from audit_log');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ action: 'import', entity: 'interchange' });
    expect(JSON.parse(lines[0]!.detail)).toMatchObject({ patients: 8, visits: 7 });
  });

  it('reuses a clinician whose key is already in the database', async () => {
    const services = engineServices();
    await services.clinicians.save(actor, { key: 'okafor', name: 'Ada Okafor, MD', role: 'dermatologist' });
    const summary = await importDocument(services.store.records, actor, scripts());
    expect(summary.imported.clinicians).toBe(2);
    const rows = await rawSql(services.store).column("select name from clinicians where key = 'okafor'");
    expect(rows).toEqual(['Ada Okafor, MD']);
  });

  it('defaults performedBy to the visit clinician', async () => {
    const services = engineServices();
    const { visitIds } = await importDocument(services.store.records, actor, scripts());
    const visit = await services.visits.get(actor, { id: visitIds['zh-1'] });
    expect(visit.treatments.map((t) => t.performedById)).toEqual([visit.clinicianId, visit.clinicianId]);
  });
});

describe('a file with faults', () => {
  it('changes nothing and names a fault in the first, a middle and the last patient', async () => {
    const services = engineServices();
    await importDocument(services.store.records, actor, scripts());
    const before = await dump(services);

    const doc = synthetic(40);
    doc.patients[0].visits[0].presentations[0].count = 0;
    doc.patients[20].dateOfBirth = '2020-02-30';
    doc.patients[39].visits.at(-1).notes = 42;
    const error = await refusal(async () => await importDocument(services.store.records, actor, doc));
    expect(error.kind).toBe('validation');
    expect(error.message).toMatch(/3 faults.*nothing was imported/);
    expect(error.issues).toEqual([
      { path: 'patients[0].visits[0].presentations[0].count', message: 'must be a whole number from 1 to 500' },
      { path: 'patients[20].dateOfBirth', message: 'must be a real date written YYYY-MM-DD, from 1900 on' },
      { path: `patients[39].visits[${doc.patients[39].visits.length - 1}].notes`, message: 'must be text of at most 10000 characters' },
    ]);
    expect(await dump(services)).toBe(before);
  });

  it('rejects unknown fields, naming each', async () => {
    const doc = scripts();
    doc.version = 2;
    doc.patients[1].nickname = 'Zo';
    doc.patients[1].visits[0].treatments[0].detail = {};
    doc.patients[1].visits[0].treatments[0].details.blade = 'x';
    const error = await refusal(async () => await importDocument(engineServices().store.records, actor, doc));
    expect(error.issues).toEqual([
      { path: 'version', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].visits[0].treatments[0].details.blade', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].visits[0].treatments[0].detail', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].nickname', message: 'is not a known field: check its spelling' },
    ]);
  });

  it('rejects an MRN already in the database, whatever its case, or twice in the file', async () => {
    const services = engineServices();
    await importDocument(services.store.records, actor, scripts());
    const doc = synthetic(2);
    doc.patients[0].mrn = 'mn-000123';
    doc.patients[1].mrn = 'ab-1';
    doc.patients.push({ ...doc.patients[1], mrn: 'AB-1', visits: [] });
    expect((await refusal(async () => await importDocument(services.store.records, actor, doc))).issues).toEqual([
      { path: 'patients[0].mrn', message: 'belongs to a patient already in the database' },
      { path: 'patients[2].mrn', message: 'is also the MRN of patients[1] (MRNs ignore case)' },
    ]);
  });

  it('rejects a visit key used twice in the file or already in the database', async () => {
    const services = engineServices();
    await importDocument(services.store.records, actor, scripts());
    const doc = synthetic(2);
    doc.patients[0].visits[0].key = 'v-0001';
    doc.patients[1].visits[0].key = doc.patients[0].visits[1].key;
    const error = await refusal(async () => await importDocument(services.store.records, actor, doc));
    expect(error.issues).toEqual([
      { path: 'patients[0].visits[0].key', message: 'is the key of a visit already in the database' },
      { path: 'patients[1].visits[0].key', message: 'is also the key of patients[0].visits[1]' },
    ]);
  });

  it('rejects a clinician that the file does not list, and a clinician key listed twice', async () => {
    const doc = scripts();
    doc.patients[1].visits[0].clinician = 'house';
    doc.patients[1].visits[0].treatments[0].performedBy = 'wilson';
    doc.clinicians.push({ key: 'tanaka', name: 'Dr Tanaka again', role: 'dermatologist' });
    expect((await refusal(async () => await importDocument(engineServices().store.records, actor, doc))).issues).toEqual([
      { path: 'clinicians[3].key', message: 'is also the key of clinicians[2]' },
      { path: 'patients[1].visits[0].clinician', message: 'is not the key of a clinician in this file' },
      { path: 'patients[1].visits[0].treatments[0].performedBy', message: 'is not the key of a clinician in this file' },
    ]);
  });

  it('reads a clinician key with an accent typed as a combining mark as the same key: one clinician, and a second listing named', async () => {
    const composed = 'noé';
    const decomposed = composed.normalize('NFD');
    const doc = scripts();
    doc.clinicians.push({ key: decomposed, name: 'Dr Noé Martin', role: 'dermatologist' });
    doc.patients[1].visits[0].clinician = composed;
    doc.patients[1].visits[0].treatments[0].performedBy = decomposed;
    const services = engineServices();
    await importDocument(services.store.records, actor, doc);
    const martin = (await services.clinicians.list(actor)).filter((c) => c.name === 'Dr Noé Martin');
    expect(martin.map((c) => c.key)).toEqual([composed]);

    const twice = scripts();
    twice.clinicians.push({ key: composed, name: 'Dr Noé Martin', role: 'dermatologist' }, { key: ` ${decomposed}`, name: 'Dr Noé Martin', role: 'nurse' });
    expect((await refusal(async () => await importDocument(engineServices().store.records, actor, twice))).issues).toEqual([
      { path: 'clinicians[4].key', message: 'is also the key of clinicians[3]' },
    ]);
  });

  it('rejects dates out of order: a visit before birth, a birth in the future, a follow-up due before its visit', async () => {
    const doc = scripts();
    doc.patients[0].visits[1].date = '1990-01-01';
    doc.patients[0].visits[1].followUps[0].completedDate = '2999-01-01';
    doc.patients[1].visits[0].followUps[0].dueDate = '2025-01-14';
    doc.patients[6].dateOfBirth = '2999-01-01';
    expect((await refusal(async () => await importDocument(engineServices().store.records, actor, doc))).issues).toEqual([
      { path: 'patients[0].visits[1].date', message: 'must not be before the date of birth, 1992-07-01' },
      { path: 'patients[0].visits[1].followUps[0].completedDate', message: 'must not be in the future' },
      { path: 'patients[1].visits[0].followUps[0].dueDate', message: 'must not be before the visit, 2025-01-15' },
      { path: 'patients[6].dateOfBirth', message: 'must not be in the future' },
    ]);
  });

  it('lists the first 20 faults and counts them all', async () => {
    const doc = synthetic(30);
    for (const p of doc.patients) p.sex = 'f';
    const error = await refusal(async () => await importDocument(engineServices().store.records, actor, doc));
    expect(error.issues).toHaveLength(20);
    expect(error.issues[19]!.path).toBe('patients[19].sex');
    expect(error.message).toMatch(/^The import file has 30 faults \(the first 20 are listed\)/);
  });

  it('rejects what is not an interchange document at all', async () => {
    const services = engineServices();
    expect((await refusal(async () => await importDocument(services.store.records, actor, []))).issues).toEqual([{ path: '', message: 'must be an object' }]);
    expect((await refusal(async () => await importDocument(services.store.records, actor, { format: 'milia-notes/0', patients: {} }))).issues).toEqual([
      {
        path: 'format',
        message: 'must be "milia-notes/1" or "milia-notes/2" or "milia-notes/3" or "milia-notes/4" or "milia-notes/5"; this app reads no other format',
      },
      { path: 'patients', message: 'must be a list' },
    ]);
    // A newer app's file needs a newer app, not a correction.
    expect((await refusal(async () => await importDocument(services.store.records, actor, { format: 'milia-notes/6' }))).issues).toEqual([
      {
        path: 'format',
        message: 'is milia-notes/6, newer than this app reads (up to milia-notes/5): update Milia Notes, or have the file exported as milia-notes/5',
      },
    ]);
  });
});

describe('exporting', () => {
  it('gives the same bytes after an import into an empty database', async () => {
    const first = engineServices();
    await importDocument(first.store.records, actor, scripts());
    await importDocument(first.store.records, actor, synthetic(60));
    const exported = await exportText(first);

    const second = engineServices();
    await importDocument(second.store.records, actor, JSON.parse(exported));
    expect(await exportText(second)).toBe(exported);
  });

  it('writes an empty record as a valid document', async () => {
    const services = engineServices();
    const text = await exportText(services);
    expect(text).toBe('{\n  "format": "milia-notes/5",\n  "clinicians": [],\n  "patients": []\n}\n');
    expect((await importDocument(engineServices().store.records, actor, JSON.parse(text))).imported.patients).toBe(0);
  });
});

describe('signatures and addenda', () => {
  /** The clinical record's rows, without the times a run stamps on them. */
  async function clinicalRows(services: Services): Promise<string> {
    const sql = rawSql(services.store);
    const tables = ['clinicians', 'patients', 'visits', 'presentations', 'treatments', 'follow_ups', 'addenda'];
    const timeless = (row: Record<string, unknown>) => Object.fromEntries(Object.entries(row).filter(([column]) => !column.endsWith('_at')));
    return JSON.stringify(await Promise.all(tables.map(async (t) => [t, (await sql.all(`select * from "${t}" order by id`)).map(timeless)])));
  }

  it('imports a version-1 file exactly as before, each visit signed by import by the importing user at the time of the import', async () => {
    const services = engineServices();
    const before = new Date().toISOString();
    await importDocument(services.store.records, actor, scripts());
    const after = new Date().toISOString();
    const signatures = await rawSql(services.store).all<{ signed_at: string }>(
      'select signature_kind, signed_by, signed_by_user, signed_at, original_signed_by, original_signed_at from visits',
    );
    expect(signatures).toHaveLength(7);
    const at = signatures[0]!.signed_at;
    expect(at >= before && at <= after).toBe(true);
    for (const s of signatures) {
      expect(s).toEqual({
        signature_kind: 'import',
        signed_by: 'Test Runner',
        signed_by_user: null,
        signed_at: at,
        original_signed_by: null,
        original_signed_at: null,
      });
    }
    const { visits } = await services.chart.get(actor, { id: (await services.patients.search(actor, { query: 'MN-000123' }))[0]!.id });
    expect(visits[0]).toMatchObject({ signature: { kind: 'import', byName: 'Test Runner', at, original: null }, signBlockers: [], addenda: [] });

    // The same file read as version 2 (it holds neither signature nor addenda) gives the same rows.
    const asVersion2 = engineServices();
    await importDocument(asVersion2.store.records, actor, { ...scripts(), format: 'milia-notes/2' });
    expect(await clinicalRows(asVersion2)).toBe(await clinicalRows(services));
  });

  it('refuses a signature or addenda in a version-1 file, which has no such fields', async () => {
    const doc = scripts();
    doc.patients[1].visits[0].signature = { by: 'Dr Ada Okafor', at: '2026-01-15T16:02:11.000Z' };
    doc.patients[1].visits[0].addenda = [];
    expect((await refusal(async () => await importDocument(engineServices().store.records, actor, doc))).issues).toEqual([
      { path: 'patients[1].visits[0].signature', message: 'is not a known field: check its spelling' },
      { path: 'patients[1].visits[0].addenda', message: 'is not a known field: check its spelling' },
    ]);
  });

  it('names every fault of a signature or an addendum', async () => {
    const doc = { ...scripts(), format: 'milia-notes/2' };
    doc.patients[0].visits[0].signature = { by: '', at: '2026-01-15 16:02' };
    doc.patients[1].visits[0].signature = { by: 'Dr Ada Okafor', at: '2026-01-15T16:02:11.000Z' };
    doc.patients[1].visits[0].addenda = [
      { text: 'Written before the signature.', by: 'Dr Ada Okafor', at: '2026-01-15T16:00:00Z' },
      { text: ' ', by: 'Dr Ada Okafor', at: '2026-02-30T10:00:00Z', author: 'okafor' },
    ];
    const services = engineServices();
    const error = await refusal(async () => await importDocument(services.store.records, actor, doc));
    const time = 'must be a UTC time written YYYY-MM-DDTHH:MM:SSZ, such as 2026-01-15T16:02:11.000Z';
    expect(error.issues).toEqual([
      { path: 'patients[0].visits[0].signature.by', message: 'must not be empty' },
      { path: 'patients[0].visits[0].signature.at', message: time },
      { path: 'patients[1].visits[0].addenda[1].text', message: 'must not be empty' },
      { path: 'patients[1].visits[0].addenda[1].at', message: time },
      { path: 'patients[1].visits[0].addenda[1].author', message: 'is not a known field: check its spelling' },
    ]);
    delete doc.patients[0].visits[0].signature;
    doc.patients[1].visits[0].addenda.pop();
    expect((await refusal(async () => await importDocument(services.store.records, actor, doc))).issues).toEqual([
      { path: 'patients[1].visits[0].addenda[0].at', message: "must not be before the visit's signature, 2026-01-15T16:02:11.000Z" },
    ]);
    expect(await rawSql(services.store).value('select count(*) from visits')).toBe(0);
  });

  it("carries a visit's signature and addenda out and back in, keeping the original signer, and gives the same bytes again", async () => {
    const first = engineServices();
    const okafor = await userActor(first, 'dermatologist', { name: 'Dr Ada Okafor' });
    const { visitIds } = await importDocument(first.store.records, actor, scripts());
    const zoe = (await first.patients.search(okafor, { query: 'MN-000123' }))[0]!;
    const draft = await first.visits.save(okafor, { patientId: zoe.id, date: '2026-03-01', clinicianId: okafor.clinicianId!, notes: 'Clear.' });
    const signed = await first.signing.sign(okafor, { id: draft.id });
    await first.signing.addAddendum(okafor, { visitId: draft.id, text: 'Photographs filed.' });
    await first.signing.addAddendum(okafor, { visitId: visitIds['v-0001']!, text: 'Histology: milium, no atypia.' });
    const addenda = await rawSql(first.store).all<{ text: string; signed_at: string }>('select text, signed_at from addenda order by id');

    const exported = await exportText(first);
    const visits = JSON.parse(exported).patients.find((p: Doc) => p.mrn === 'MN-000123').visits;
    expect(visits.map((v: Doc) => [v.key, v.signature, v.addenda])).toEqual([
      ['v-0001', undefined, [{ text: 'Histology: milium, no atypia.', by: 'Dr Ada Okafor', at: addenda[1]!.signed_at }]],
      [draft.key, { by: 'Dr Ada Okafor', at: signed.signature!.at }, [{ text: 'Photographs filed.', by: 'Dr Ada Okafor', at: addenda[0]!.signed_at }]],
    ]);

    const second = engineServices();
    const { visitIds: secondIds } = await importDocument(second.store.records, actor, JSON.parse(exported));
    const arrived = await second.visits.get(actor, { id: secondIds[draft.key]! });
    expect(arrived.signature).toEqual({
      kind: 'import',
      byName: 'Test Runner',
      at: expect.any(String),
      original: { byName: 'Dr Ada Okafor', at: signed.signature!.at },
    });
    expect(arrived.addenda.map((a) => [a.text, a.authorName, a.signedAt])).toEqual([['Photographs filed.', 'Dr Ada Okafor', addenda[0]!.signed_at]]);
    expect(await rawSql(second.store).column('select author_user from addenda')).toEqual([null, null]);
    expect(await exportText(second)).toBe(exported);
  });
});

describe('version 3: the pregnancy status', () => {
  it('carries a visit’s pregnancy status from one database to another, and version 2 refuses it as an unknown field', async () => {
    const from = engineServices();
    const okafor = await from.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
    const zoe = await from.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
    await from.visits.save(actor, {
      patientId: zoe.id,
      date: '2026-01-15',
      clinicianId: okafor.id,
      pregnancyStatus: 'breastfeeding',
      presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 3 }],
      treatments: [{ kind: 'topical_retinoid', site: 'cheek', side: 'left', lesionsTreated: 0, performedBy: okafor.id, details: { product: 'adapalene' } }],
    });
    const file = JSON.parse(await exportText(from)) as { format: string; patients: Array<{ visits: Array<Record<string, unknown>> }> };
    expect(file.format).toBe('milia-notes/5');
    expect(file.patients[0]!.visits[0]!.pregnancyStatus).toBe('breastfeeding');

    const to = engineServices();
    await importDocument(to.store.records, actor, file);
    const { visits } = await to.chart.get(actor, { id: (await to.patients.search(actor, { query: 'Nguyen' }))[0]!.id });
    expect(visits[0]!.pregnancyStatus).toBe('breastfeeding');

    const asVersion2 = { ...file, format: 'milia-notes/2' };
    expect((await refusal(async () => await importDocument(engineServices().store.records, actor, asVersion2))).issues).toEqual([
      { path: 'patients[0].visits[0].pregnancyStatus', message: 'is not a known field: check its spelling' },
    ]);
  });
});

describe('version 3: the retinoid override', () => {
  it('carries a dermatologist’s reason to give a retinoid under 12 from one database to another, and version 2 refuses it as an unknown field', async () => {
    const reason = 'Milia en plaque of the ear for two years; parents informed of off-label use.';
    const from = engineServices();
    const okafor = await from.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
    const tom = await from.patients.create(actor, { givenName: 'Tom', familyName: 'Berg', dateOfBirth: '2019-03-01', sex: 'male' });
    const visit = (retinoidOverride?: string) => ({
      patientId: tom.id,
      date: '2026-01-15',
      clinicianId: okafor.id,
      ...(retinoidOverride !== undefined && { retinoidOverride }),
      presentations: [{ type: 'primary', site: 'ear', side: 'left', count: 3 }],
      treatments: [{ kind: 'topical_retinoid', site: 'ear', side: 'left', lesionsTreated: 0, performedBy: okafor.id, details: { product: 'tretinoin' } }],
    });
    await from.visits.save(actor, visit(reason));
    // A visit without a reason (observation only) is written without the field, as the first version-3 exports were.
    await from.visits.save(actor, {
      ...visit(),
      date: '2026-02-15',
      treatments: [{ kind: 'observation', site: 'ear', side: 'left', lesionsTreated: 0, performedBy: okafor.id }],
    });
    const exported = await exportText(from);
    const file = JSON.parse(exported) as { format: string; patients: Array<{ visits: Array<Record<string, unknown>> }> };
    expect(file.format).toBe('milia-notes/5');
    expect(file.patients[0]!.visits.map((v) => v.retinoidOverride)).toEqual([reason, undefined]);
    expect(file.patients[0]!.visits[1]).not.toHaveProperty('retinoidOverride');

    // Kept as recorded: the import does not judge the historical visit, and exporting again gives the same bytes.
    const to = engineServices();
    await importDocument(to.store.records, actor, file);
    const { visits } = await to.chart.get(actor, { id: (await to.patients.search(actor, { query: 'Berg' }))[0]!.id });
    expect(visits.map((v) => [v.date, v.retinoidOverride])).toEqual([
      ['2026-02-15', null],
      ['2026-01-15', reason],
    ]);
    expect(await exportText(to)).toBe(exported);

    const asVersion2 = { ...file, format: 'milia-notes/2' };
    const refused = engineServices();
    expect((await refusal(async () => await importDocument(refused.store.records, actor, asVersion2))).issues).toEqual([
      { path: 'patients[0].visits[0].retinoidOverride', message: 'is not a known field: check its spelling' },
    ]);
    expect(await rawSql(refused.store).value('select count(*) from visits')).toBe(0);
  });

  it('names an empty or overlong reason by its path, importing nothing', async () => {
    const doc = { ...scripts(), format: 'milia-notes/3' };
    doc.patients[0].visits[0].retinoidOverride = ' ';
    doc.patients[1].visits[0].retinoidOverride = 'x'.repeat(1001);
    const services = engineServices();
    expect((await refusal(async () => await importDocument(services.store.records, actor, doc))).issues).toEqual([
      { path: 'patients[0].visits[0].retinoidOverride', message: 'must not be empty' },
      { path: 'patients[1].visits[0].retinoidOverride', message: 'must be text of 1 to 1000 characters' },
    ]);
    expect(await rawSql(services.store).value('select count(*) from visits')).toBe(0);
  });
});

/** How many rows each clinical table holds. */
async function rowCounts(services: Services): Promise<Record<string, unknown>> {
  const sql = rawSql(services.store);
  const tables = ['clinicians', 'patients', 'visits', 'presentations', 'treatments', 'follow_ups', 'addenda', 'audit_log'];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number(await sql.value(`select count(*) from "${t}"`))])));
}

describe('version 4: red-flag decisions', () => {
  /** Each addendum's decision and the position (from 0) of the presentation it decides, in the order written. */
  const decisionLinks = async (services: Services) =>
    await rawSql(services.store).all(
      'select a.decision, p.position, p.visit_id = a.visit_id as same_visit from addenda a left join presentations p on p.id = a.presentation_id order by a.id',
    );

  it('carries every decision, its note and each decision addendum’s link out and back in, keeping the Review list, and gives the same bytes again', async () => {
    const first = engineServices();
    const okafor = await userActor(first, 'dermatologist', { name: 'Dr Ada Okafor' });
    // An imported visit, signed on import, with presentations that wait for a decision.
    const doc = scripts();
    doc.patients[1].visits[0].presentations.push(
      { type: 'milia_en_plaque', site: 'cheek', side: 'left', count: 4 },
      { type: 'primary', site: 'cheek', side: 'right', count: 1, differentials: ['basal_cell_carcinoma'] },
      { type: 'primary', site: 'cheek', side: 'right', count: 2, redFlags: ['growth'] },
    );
    const { visitIds } = await importDocument(first.store.records, actor, doc);
    const imported = visitIds['v-0001']!;
    const reason = 'Plaque unchanged for ten years; she wants it treated and accepts the risk.';
    await first.signing.addAddendum(okafor, { visitId: imported, text: reason, decision: { presentation: 2, decision: 'proceed' } });
    await first.signing.addAddendum(okafor, { visitId: imported, text: '', decision: { presentation: 3, decision: 'referral' } });
    await first.signing.addAddendum(okafor, { visitId: imported, text: 'Photographs filed.' });
    // Decisions made at the visit: one signed, one on a draft.
    const zoe = (await first.patients.search(okafor, { query: 'MN-000123' }))[0]!;
    const decided = (date: string, decision: 'biopsy' | 'proceed', decisionNote: string) =>
      first.visits.save(okafor, {
        patientId: zoe.id,
        date,
        clinicianId: okafor.clinicianId!,
        presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 2, redFlags: ['ulceration'], decision, decisionNote }],
      });
    await first.signing.sign(okafor, { id: (await decided('2026-03-01', 'biopsy', 'Punch biopsy booked.')).id });
    await decided('2026-03-08', 'proceed', 'Histology benign: extraction next time.');
    const waiting = await first.signing.reviewCount(actor, {});
    expect(waiting).toBe(2); // ru-1's plaque and v-0001's growing lesion

    const exported = await exportText(first);
    const file = JSON.parse(exported);
    expect(file.format).toBe('milia-notes/5');
    const visits = file.patients.find((p: Doc) => p.mrn === 'MN-000123').visits;
    expect(visits[0].presentations.map((p: Doc) => [p.decision, p.decisionNote])).toEqual([
      [undefined, undefined],
      ['proceed', reason],
      ['referral', undefined],
      [undefined, undefined],
    ]);
    expect(visits[0].addenda.map((a: Doc) => [a.presentation, a.decision])).toEqual([
      [2, 'proceed'],
      [3, 'referral'],
      [undefined, undefined],
    ]);
    expect(visits[0].addenda[2]).not.toHaveProperty('presentation');
    expect(visits.slice(1).map((v: Doc) => [v.presentations[0].decision, v.presentations[0].decisionNote])).toEqual([
      ['biopsy', 'Punch biopsy booked.'],
      ['proceed', 'Histology benign: extraction next time.'],
    ]);

    const second = engineServices();
    const { visitIds: secondIds } = await importDocument(second.store.records, actor, file);
    expect(await second.signing.reviewCount(actor, {})).toBe(waiting);
    expect((await second.signing.toReview(actor, {})).map((r) => [r.patient.mrn, r.date, r.number])).toEqual(
      (await first.signing.toReview(actor, {})).map((r) => [r.patient.mrn, r.date, r.number]),
    );
    const arrived = await second.visits.get(actor, { id: secondIds['v-0001']! });
    expect(arrived.presentations.map((p) => [p.decision, p.decisionNote])).toEqual([
      [null, ''],
      ['proceed', reason],
      ['referral', ''],
      [null, ''],
    ]);
    expect(await decisionLinks(second)).toEqual(await decisionLinks(first));
    expect(await exportText(second)).toBe(exported);
  });

  it('refuses a decision in a version-3 file as an unknown field, naming each path', async () => {
    const doc = { ...scripts(), format: 'milia-notes/3' };
    const visit = doc.patients[3].visits[0];
    Object.assign(visit.presentations[0], { decision: 'biopsy', decisionNote: 'Booked.' });
    visit.signature = { by: 'Dr Ada Okafor', at: '2024-05-20T16:00:00.000Z' };
    visit.addenda = [{ text: 'Decision: biopsy.', by: 'Dr Ada Okafor', at: '2024-05-21T09:00:00.000Z', presentation: 1, decision: 'biopsy' }];
    const services = engineServices();
    const before = await rowCounts(services);
    const unknown = 'is not a known field: check its spelling';
    expect((await refusal(async () => await importDocument(services.store.records, actor, doc))).issues).toEqual([
      { path: 'patients[3].visits[0].presentations[0].decision', message: unknown },
      { path: 'patients[3].visits[0].presentations[0].decisionNote', message: unknown },
      { path: 'patients[3].visits[0].addenda[0].presentation', message: unknown },
      { path: 'patients[3].visits[0].addenda[0].decision', message: unknown },
    ]);
    expect(await rowCounts(services)).toEqual(before);
    // The same file as version 4 is taken whole.
    await importDocument(services.store.records, actor, { ...doc, format: 'milia-notes/4' });
    expect(await services.signing.reviewCount(actor, {})).toBe(0);
  });

  it('refuses an inconsistent decision with one sentence naming its path, writing nothing', async () => {
    /** A version-4 file: ru-1's plaque decided biopsy at the visit, and the decision addendum that records it. */
    const valid = (): Doc => {
      const doc = { ...scripts(), format: 'milia-notes/4' };
      const visit = doc.patients[3].visits[0];
      visit.presentations[0].decision = 'biopsy';
      visit.signature = { by: 'Dr Ada Okafor', at: '2024-05-20T16:00:00.000Z' };
      visit.addenda = [{ text: 'Decision: biopsy.', by: 'Dr Ada Okafor', at: '2024-05-21T09:00:00.000Z', presentation: 1, decision: 'biopsy' }];
      return doc;
    };
    const at = 'patients[3].visits[0]';
    const cases: Array<[string, (v: Doc) => void, { path: string; message: string }]> = [
      [
        'an addendum that records another decision than its presentation’s',
        (v) => (v.addenda[0].decision = 'referral'),
        { path: `${at}.addenda[0].decision`, message: 'records referral for presentation 1, whose decision in this file is biopsy: the two must be the same' },
      ],
      [
        'an addendum that decides a presentation without a decision',
        (v) => delete v.presentations[0].decision,
        {
          path: `${at}.addenda[0].decision`,
          message: 'records biopsy for presentation 1, which has no decision in this file: give that presentation the decision biopsy too',
        },
      ],
      [
        'an addendum that names no presentation of its visit',
        (v) => (v.addenda[0].presentation = 4),
        { path: `${at}.addenda[0].presentation`, message: 'must be from 1 to 3, the number of a presentation of this visit' },
      ],
      [
        'an addendum with a presentation but no decision',
        (v) => delete v.addenda[0].decision,
        { path: `${at}.addenda[0].decision`, message: 'is required with presentation: the decision this addendum records' },
      ],
      [
        'to proceed without a note',
        (v) => {
          v.presentations[0].decision = 'proceed';
          v.presentations[0].decisionNote = '  ';
          v.addenda[0].decision = 'proceed';
        },
        { path: `${at}.presentations[0].decisionNote`, message: 'must give the reason to proceed despite the red flag' },
      ],
      [
        'a decision on a presentation that needs none',
        (v) => (v.presentations[1].decision = 'referral'),
        {
          path: `${at}.presentations[1].decision`,
          message: 'is only recorded for a presentation with a red flag, milia en plaque or basal cell carcinoma among its differentials',
        },
      ],
    ];
    const services = engineServices();
    await importDocument(services.store.records, actor, synthetic(5));
    const before = await rowCounts(services);
    for (const [what, spoil, issue] of cases) {
      const doc = valid();
      spoil(doc.patients[3].visits[0]);
      const error = await refusal(async () => await importDocument(services.store.records, actor, doc));
      expect(error.message, what).toBe('The import file has 1 fault, so nothing was imported. Correct the file and import it again.');
      expect(error.issues, what).toEqual([issue]);
      expect(await rowCounts(services), what).toEqual(before);
    }
    // Unspoilt, the file is taken, its decision and link kept.
    const { visitIds } = await importDocument(services.store.records, actor, valid());
    const visit = await services.visits.get(actor, { id: visitIds['ru-1']! });
    expect(visit.presentations.map((p) => p.decision)).toEqual(['biopsy', null, null]);
    expect(visit.addenda.map((a) => [a.presentationId, a.decision])).toEqual([[visit.presentations[0]!.id, 'biopsy']]);
  });
});

describe('version 5: archived patients and inactive clinicians', () => {
  /** Each patient's MRN and when it was archived, and each clinician's key and whether active, as the record holds them. */
  async function states(services: Services) {
    const sql = rawSql(services.store);
    return {
      patients: await sql.all('select mrn, archived_at from patients order by mrn'),
      clinicians: (await sql.all<{ key: string; active: unknown }>('select key, active from clinicians order by key')).map((c) => [c.key, Boolean(c.active)]),
    };
  }

  it('carries an archived patient and an inactive clinician out and back in: the patient stays archived at the same moment and out of the search, the clinician inactive, and the same bytes again', async () => {
    const first = engineServices();
    await importDocument(first.store.records, actor, scripts());
    const zoe = (await first.patients.search(actor, { query: 'MN-000123' }))[0]!;
    await first.patients.archive(actor, { id: zoe.id, archived: true });
    const archivedAt = String(await rawSql(first.store).value("select archived_at from patients where mrn = 'MN-000123'"));
    expect(archivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const tanaka = (await first.clinicians.list(actor)).find((c) => c.key === 'tanaka')!;
    await first.clinicians.save(actor, { id: tanaka.id, name: tanaka.name, role: tanaka.role, active: false });

    const exported = await exportText(first);
    const file = JSON.parse(exported);
    expect(file.format).toBe('milia-notes/5');
    expect(file.patients.map((p: Doc) => [p.mrn, p.archivedAt])).toEqual([
      ['MN-000050', undefined],
      ['MN-000123', archivedAt],
      ['mn-000200', undefined],
      ['MN-000300', undefined],
      ['MN-000400', undefined],
      ['MN-000500', undefined],
      ['MN-000600', undefined],
      ['MN-000700', undefined],
    ]);
    expect(file.clinicians).toEqual([
      { key: 'lindqvist', name: 'Nurse Per Lindqvist', role: 'nurse' },
      { key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist' },
      { key: 'tanaka', name: tanaka.name, role: 'dermatologist', active: false },
    ]);

    const second = engineServices();
    await importDocument(second.store.records, actor, file);
    expect(await states(second)).toEqual(await states(first));
    // Archived: not offered by the search a clinician documents from, shown archived when asked for.
    expect(await second.patients.search(actor, { query: 'MN-000123' })).toEqual([]);
    expect(await second.patients.search(actor, { query: 'Nguyen' })).toEqual([expect.objectContaining({ mrn: 'MN-000300' })]);
    const found = await second.patients.search(actor, { query: 'MN-000123', includeArchived: true });
    expect(found).toEqual([expect.objectContaining({ mrn: 'MN-000123', archived: true })]);
    expect(await second.patients.get(actor, { id: found[0]!.id })).toMatchObject({ archived: true });
    expect((await second.clinicians.list(actor)).map((c) => [c.key, c.active])).toEqual([
      ['okafor', true],
      ['lindqvist', true],
      ['tanaka', false],
    ]);
    expect(await exportText(second)).toBe(exported);
  });

  it('refuses an archive time or an active state in a version-4 file as an unknown field, naming each path', async () => {
    const doc = { ...scripts(), format: 'milia-notes/4' };
    doc.clinicians[2].active = false;
    doc.patients[1].archivedAt = '2026-03-01T09:41:07.123Z';
    const services = engineServices();
    const before = await rowCounts(services);
    const unknown = 'is not a known field: check its spelling';
    expect((await refusal(async () => await importDocument(services.store.records, actor, doc))).issues).toEqual([
      { path: 'clinicians[2].active', message: unknown },
      { path: 'patients[1].archivedAt', message: unknown },
    ]);
    expect(await rowCounts(services)).toEqual(before);
    // The same file as version 5 is taken whole: the patient archived at that moment, the clinician inactive.
    await importDocument(services.store.records, actor, { ...doc, format: 'milia-notes/5' });
    const { patients, clinicians } = await states(services);
    expect(patients.filter((p) => (p as { archived_at: unknown }).archived_at !== null)).toEqual([
      { mrn: 'MN-000123', archived_at: '2026-03-01T09:41:07.123Z' },
    ]);
    expect(clinicians).toEqual([
      ['lindqvist', true],
      ['okafor', true],
      ['tanaka', false],
    ]);
  });

  it('refuses an archive time in the future, before the date of birth or not a time, naming its path and writing nothing', async () => {
    const doc = { ...scripts(), format: 'milia-notes/5' };
    doc.patients[0].archivedAt = new Date(Date.now() + 60 * 60_000).toISOString();
    doc.patients[1].archivedAt = '1987-03-13T12:00:00.000Z'; // born 1987-03-14
    doc.patients[2].archivedAt = '2026-02-30T10:00:00.000Z';
    doc.patients[3].archivedAt = '2026-03-01T09:41:07.123Z'; // valid: not a fault
    const services = engineServices();
    const before = await rowCounts(services);
    const error = await refusal(async () => await importDocument(services.store.records, actor, doc));
    expect(error.message).toBe('The import file has 3 faults, so nothing was imported. Correct the file and import it again.');
    expect(error.issues).toEqual([
      { path: 'patients[0].archivedAt', message: 'must not be in the future' },
      { path: 'patients[1].archivedAt', message: 'must not be before the date of birth, 1987-03-14' },
      { path: 'patients[2].archivedAt', message: 'must be a UTC time written YYYY-MM-DDTHH:MM:SSZ, such as 2026-01-15T16:02:11.000Z' },
    ]);
    expect(await rowCounts(services)).toEqual(before);
  });
});
