/** The record layer on real SQLite files: units of work, and every table written and read back typed. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../src/main/db/open';
import type { NewPatient, NewPresentation, NewTreatment, WriteTx } from '../../src/main/db/records';
import { tempDir, testActor as actor } from '../support/store';

function store() {
  const s = openStore(join(tempDir(), 'records.db'), { create: true });
  return s;
}

const ann: NewPatient = {
  mrn: 'R-1',
  givenName: 'Ann',
  familyName: 'Ångström',
  dateOfBirth: '1980-01-02',
  sex: 'female',
  fitzpatrick: null,
  phone: null,
  email: null,
};

const count = (s: ReturnType<typeof store>, table: string): number => s.sqlite.prepare<[], number>(`select count(*) from ${table}`).pluck().get()!;

/** A promise and the function that settles it, to hold a unit of work open. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('a unit of work', () => {
  it('commits every write of a unit together', async () => {
    const s = store();
    const id = await s.records.write(async (tx) => {
      const id = await tx.patients.insert(ann);
      await tx.audit.append({ actor, action: 'create', entity: 'patient', entityId: id });
      return id;
    });
    expect(await s.records.read((tx) => tx.patients.get(id))).toMatchObject({ mrn: 'R-1', givenName: 'Ann' });
    expect(count(s, 'audit_log')).toBe(1);
    expect(s.sqlite.inTransaction).toBe(false);
    s.close();
  });

  it('keeps nothing of a unit whose work rejects, whether the work or SQLite refuses', async () => {
    const s = store();
    await expect(
      s.records.write(async (tx) => {
        await tx.patients.insert(ann);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    await expect(
      s.records.write(async (tx) => {
        await tx.patients.insert(ann);
        // The same MRN again: the unique index refuses the second row.
        await tx.patients.insert({ ...ann, givenName: 'Anne' });
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(count(s, 'patients')).toBe(0);
    expect(s.sqlite.inTransaction).toBe(false);
    // The connection takes the next unit as usual.
    await s.records.write((tx) => tx.patients.insert(ann));
    expect(count(s, 'patients')).toBe(1);
    s.close();
  });

  it('runs units one after another: a second write waits for the first to finish, and a rollback takes back only its own rows', async () => {
    const s = store();
    const events: string[] = [];
    const held = gate();
    const first = s.records.write(async (tx) => {
      events.push('first begins');
      await tx.patients.insert(ann);
      await held.opened;
      events.push('first rolls back');
      throw new Error('first fails');
    });
    const second = s.records.write(async (tx) => {
      events.push('second begins');
      await tx.patients.insert({ ...ann, mrn: 'R-2', givenName: 'Bea' });
    });
    const read = s.records.read(async (tx) => {
      events.push('read begins');
      return (await tx.patients.search({ words: [], dateOfBirth: '1980-01-02', mrnPrefix: null, mrnNumber: null, includeArchived: true, limit: 10 })).map(
        (p) => p.mrn,
      );
    });
    // Let every queued microtask and I/O callback run while the first unit is held open.
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['first begins']);
    held.open();
    await expect(first).rejects.toThrow('first fails');
    await second;
    expect(await read).toEqual(['R-2']);
    expect(events).toEqual(['first begins', 'first rolls back', 'second begins', 'read begins']);
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
    const s = store();
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
    expect(s.sqlite.prepare('select triggers, red_flags from presentations order by position').raw().all()).toEqual([
      ['["burn"]', '["growth"]'],
      ['[]', '[]'],
    ]);
    expect(s.sqlite.prepare('select consent, details from treatments order by position').raw().all()).toEqual([
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
    const s = store();
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
    const s = store();
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
    expect(s.sqlite.prepare('select actor, action, entity, entity_id, detail from audit_log').raw().all()).toEqual([
      ['Test Runner (command line)', 'create', 'handout', null, 'x'],
    ]);
    s.close();
  });

  it('computes the statistics aggregates over what was written', async () => {
    const s = store();
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
