/**
 * The record layer on a real record, SQLite file or practice server: units of work, and every
 * table written and read back typed. What is about the SQLite connection itself is in
 * records-file.test.ts.
 */
import { describe, expect, it } from 'vitest';
import type { NewPresentation, NewTreatment, Store, WriteTx } from '../../src/main/db/records';
import { rawSql, testStore } from '../support/engine';
import { ann, commitsTogether, rejectedUnitsKeepNothing } from '../support/recordUnits';
import { testActor as actor } from '../support/store';

const count = async (s: Store, table: string): Promise<number | undefined> => await rawSql(s).value<number>(`select count(*) from ${table}`);

/**
 * The engine's refusal of a second row under a unique index, told by its code as faults.ts
 * tells storage faults (SQLite's extended result code, the server's SQLSTATE), whether the
 * driver's error is thrown as it is or wrapped in a query error's `cause`.
 */
function duplicateRefusal(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    const code = 'code' in e ? e.code : undefined;
    if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === '23505') return true;
  }
  return false;
}

describe('a unit of work', () => {
  it('commits every write of a unit together', async () => {
    const s = testStore();
    await commitsTogether(s, (table) => count(s, table));
    s.close();
  });

  it('keeps nothing of a unit whose work rejects, whether the work or the engine refuses', async () => {
    const s = testStore();
    await rejectedUnitsKeepNothing(s, (table) => count(s, table), { duplicate: (unit) => expect(unit).rejects.toSatisfy(duplicateRefusal) });
    s.close();
  });
});

describe('typed round-trips', () => {
  /** A presentation with every field, and one with only those it needs. */
  const cheek: NewPresentation = {
    type: 'secondary',
    site: 'cheek',
    side: 'left',
    count: 4,
    sizeMm: 1.5,
    distribution: 'grouped',
    triggers: ['burn'],
    redFlags: ['growth'],
    differentials: ['syringoma'],
    notes: 'n',
  };
  const nose: NewPresentation = { type: 'primary', site: 'nose', count: 1, triggers: [], redFlags: [], differentials: [], notes: '' };
  /** Treatments as `clinic` writes them, but for who performed them. */
  const cryotherapy = {
    kind: 'cryotherapy',
    site: 'cheek',
    side: 'left',
    lesionsTreated: 4,
    anesthesia: 'none',
    consent: true,
    details: { method: 'spray' },
    notes: '',
  } satisfies Omit<NewTreatment, 'performedBy'>;
  const retinoid = { kind: 'topical_retinoid', site: 'nose', lesionsTreated: 0, details: { product: 'adapalene' }, notes: 'nightly' } satisfies Omit<
    NewTreatment,
    'performedBy'
  >;

  async function clinic(tx: WriteTx) {
    const doctor = await tx.clinicians.insert({ key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true });
    const patient = await tx.patients.insert({ ...ann, fitzpatrick: 3, phone: '+44 117 496 0123', email: 'ann@example.org' });
    const visit = await tx.visits.insert({
      key: 'v-1',
      patientId: patient,
      date: '2026-01-15',
      clinicianId: doctor,
      notes: 'First visit.',
      pregnancyStatus: null,
      retinoidOverride: null,
      createdBy: 'Test',
    });
    await tx.visits.insertFindings(
      visit,
      [cheek, nose],
      [
        { ...cryotherapy, performedBy: doctor },
        { ...retinoid, performedBy: doctor },
      ],
    );
    const followUp = await tx.followUps.insert(visit, 0, { dueDate: '2026-02-12', reason: 'Check', status: 'scheduled' }, 'Test');
    return { doctor, patient, visit, followUp };
  }

  it('gives back patients, clinicians and a visit with its rows as they were written, JSON lists, booleans and nulls included', async () => {
    const s = testStore();
    const ids = await s.records.write(clinic);
    const [visit] = await s.records.read((tx) => tx.visits.load({ visitId: ids.visit }));
    expect(visit).toMatchObject({ key: 'v-1', patientId: ids.patient, clinicianName: 'Dr Ada Okafor', notes: 'First visit.', pendingReview: 1 });
    // What was left out reads back as null; no decision yet.
    const undecided = { decision: null, decisionNote: '' };
    expect(visit!.presentations.map(({ id: _, ...p }) => p)).toEqual([
      { ...cheek, ...undecided },
      { ...nose, side: null, sizeMm: null, distribution: null, ...undecided },
    ]);
    const performer = { performedById: ids.doctor, performedByName: 'Dr Ada Okafor' };
    expect(visit!.treatments.map(({ id: _, ...t }) => t)).toEqual([
      { ...cryotherapy, ...performer },
      { ...retinoid, side: null, anesthesia: null, consent: null, ...performer },
    ]);
    expect(visit!.followUps).toEqual([
      { id: ids.followUp, visitId: ids.visit, dueDate: '2026-02-12', reason: 'Check', status: 'scheduled', completedDate: null, outcome: null, notes: '' },
    ]);
    // Stored as the interchange and `check` expect: JSON text, and 0/1/null for booleans.
    expect((await rawSql(s).all('select triggers, red_flags from presentations order by position')).map((r) => Object.values(r))).toEqual([
      ['["burn"]', '["growth"]'],
      ['[]', '[]'],
    ]);
    expect((await rawSql(s).all('select consent, details from treatments order by position')).map((r) => Object.values(r))).toEqual([
      [1, '{"method":"spray"}'],
      [null, '{"product":"adapalene"}'],
    ]);

    const read = await s.records.read(async (tx) => ({
      patient: await tx.patients.get(ids.patient),
      clinicians: await tx.clinicians.list(),
      firstDate: await tx.visits.firstDate(ids.patient),
      owner: await tx.visits.patientOf(ids.visit),
      mrn: await tx.patients.idOfMrn('r-1'),
    }));
    expect(read.patient).toMatchObject({ mrn: 'R-1', fitzpatrick: 3, phone: '+44 117 496 0123', email: 'ann@example.org', archived: false });
    expect(read.clinicians).toEqual([{ id: ids.doctor, key: 'okafor', name: 'Dr Ada Okafor', role: 'dermatologist', active: true }]);
    expect(read).toMatchObject({ firstDate: '2026-01-15', owner: ids.patient, mrn: ids.patient });
    s.close();
  });

  it('updates and moves rows on: a patient archived, a clinician made inactive, a follow-up completed', async () => {
    const s = testStore();
    const ids = await s.records.write(clinic);
    await s.records.write(async (tx) => {
      await tx.patients.update(ids.patient, { ...ann, givenName: 'Anna', fitzpatrick: null, phone: null, email: null });
      await tx.patients.setArchived(ids.patient, true);
      await tx.clinicians.update(ids.doctor, { name: 'Dr Ada Okafor', role: 'dermatologist', active: false });
      await tx.followUps.transition(ids.followUp, { status: 'completed', outcome: 'cleared', completedDate: '2026-02-12', notes: 'Clear.' }, 'Test');
    });
    const after = await s.records.read(async (tx) => ({
      patient: await tx.patients.get(ids.patient),
      doctor: await tx.clinicians.get(ids.doctor),
      followUp: await tx.followUps.get(ids.followUp),
      found: await tx.patients.search({ words: ['anna'], dateOfBirth: null, mrnPrefix: null, mrnNumber: null, includeArchived: false, limit: 5 }),
    }));
    expect(after.patient).toMatchObject({ givenName: 'Anna', fitzpatrick: null, phone: null, archived: true });
    expect(after.doctor?.active).toBe(false);
    expect(after.followUp).toMatchObject({ status: 'completed', outcome: 'cleared', completedDate: '2026-02-12', notes: 'Clear.' });
    expect(after.found).toEqual([]);
    s.close();
  });

  it('keeps a handout with its PDF byte for byte, settings as a JSON document, and an audit line per append', async () => {
    const s = testStore();
    const ids = await s.records.write(clinic);
    const pdf = Buffer.from([0x25, 0x50, 0x44, 0x46, 0x00, 0xff]);
    const handout = await s.records.write(async (tx) => {
      await tx.settings.put('practice', { practiceName: 'Harbourside', followUpWeeks: { extraction: 4 } });
      await tx.audit.append({ actor, action: 'create', entity: 'handout', entityId: null, detail: 'x' });
      return tx.handouts.insert({
        visitId: ids.visit,
        createdBy: 'Test',
        sha256: 'ab',
        size: pdf.length,
        largePrint: true,
        paperSize: 'Letter',
        templateVersions: { cryotherapy: '1' },
        kinds: ['cryotherapy'],
        pdf,
      });
    });
    const read = await s.records.read(async (tx) => ({
      record: await tx.handouts.get(handout),
      pdf: await tx.handouts.pdf(handout),
      list: await tx.handouts.ofVisit(ids.visit),
      settings: await tx.settings.get('practice'),
      missing: await tx.settings.get('nothing'),
    }));
    expect(read.record).toMatchObject({
      visitId: ids.visit,
      sizeBytes: 6,
      largePrint: true,
      paperSize: 'Letter',
      templateVersions: { cryotherapy: '1' },
      kinds: ['cryotherapy'],
    });
    expect(read.pdf!.equals(pdf)).toBe(true);
    expect(read.list).toEqual([read.record]);
    expect(read).toMatchObject({ settings: { practiceName: 'Harbourside', followUpWeeks: { extraction: 4 } }, missing: undefined });
    expect((await rawSql(s).all('select actor, action, entity, entity_id, detail from audit_log')).map((r) => Object.values(r))).toEqual([
      ['Test Runner (command line)', 'create', 'handout', null, 'x'],
    ]);
    s.close();
  });

  it('computes the statistics aggregates over what was written', async () => {
    const s = testStore();
    await s.records.write(clinic);
    const period = { from: '2026-01-01', to: '2026-02-28', asOf: '2026-03-01' };
    const [aggregates, rows] = await s.records.read(async (tx) => [await tx.stats.aggregates(period), await tx.stats.treatments(period)] as const);
    expect(aggregates).toMatchObject({
      visits: 1,
      patients: 1,
      newPatients: 1,
      treatmentsByKind: expect.arrayContaining([{ kind: 'cryotherapy', treatments: 1, lesionsTreated: 4, patients: 1 }]),
    });
    expect(aggregates.procedureCodes).toMatchObject({ '17110': 1, '10040': 0 });
    expect(aggregates.followUps).toEqual([{ status: 'scheduled', n: 1, overdue: 1 }]);
    expect(rows.map((r) => [r.kind, r.procedureCode])).toEqual([
      ['cryotherapy', '17110'],
      ['topical_retinoid', null],
    ]);
    s.close();
  });
});
