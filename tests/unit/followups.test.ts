import { describe, expect, it } from 'vitest';
import { testActor as actor, testServices } from '../support/store';

async function clinic() {
  const s = testServices();
  const doc = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const patient = async (given: string) => await s.patients.create(actor, { givenName: given, familyName: 'Test', dateOfBirth: '1990-01-01', sex: 'female' });
  const visitWith = async (patientId: number, dueDate: string, status = 'scheduled') =>
    (
      await s.visits.save(actor, {
        patientId,
        date: '2026-01-05',
        clinicianId: doc.id,
        treatments: [{ kind: 'cryotherapy', site: 'nose', lesionsTreated: 3, anesthesia: 'none', consent: true, performedBy: doc.id }],
        followUps: [{ dueDate, status: status as 'scheduled' }],
      })
    ).followUps[0]!;
  return { s, patient, visitWith };
}

describe('the follow-up worklist', () => {
  it('splits overdue (before asOf) from due in the range, with the patient and treatment kinds', async () => {
    const { s, patient, visitWith } = await clinic();
    const a = await visitWith((await patient('Ann')).id, '2026-02-01');
    const b = await visitWith((await patient('Bea')).id, '2026-02-10');
    const c = await visitWith((await patient('Cy')).id, '2026-02-17');
    await visitWith((await patient('Dee')).id, '2026-02-03', 'cancelled');
    const list = await s.followUps.worklist(actor, { from: '2026-02-10', to: '2026-02-16', asOf: '2026-02-10' });
    expect(list.overdue.map((i) => i.followUp.id)).toEqual([a.id]);
    expect(list.due.map((i) => i.followUp.id)).toEqual([b.id]);
    expect(list.overdue[0]!.patient.givenName).toBe('Ann');
    expect(list.overdue[0]!.kinds).toEqual(['cryotherapy']);
    expect((await s.followUps.worklist(actor, { from: '2026-02-17', to: '2026-02-17', asOf: '2026-02-10' })).due.map((i) => i.followUp.id)).toEqual([c.id]);
  });

  it('completes with an outcome, and the follow-up leaves the overdue list', async () => {
    const { s, patient, visitWith } = await clinic();
    const f = await visitWith((await patient('Ann')).id, '2026-02-01');
    const done = await s.followUps.complete(actor, { id: f.id, outcome: 'cleared', completedDate: '2026-02-03' });
    expect(done).toMatchObject({ status: 'completed', outcome: 'cleared', completedDate: '2026-02-03' });
    expect((await s.followUps.worklist(actor, { from: '2026-02-01', to: '2026-02-28', asOf: '2026-02-10' })).overdue).toEqual([]);
  });

  it('marks missed and cancelled, and refuses a change from a closed status', async () => {
    const { s, patient, visitWith } = await clinic();
    const f = await visitWith((await patient('Ann')).id, '2026-02-01');
    const g = await visitWith((await patient('Bea')).id, '2026-02-01');
    expect((await s.followUps.miss(actor, { id: f.id })).status).toBe('missed');
    expect(await s.followUps.cancel(actor, { id: g.id, notes: 'Moved away' })).toMatchObject({ status: 'cancelled', notes: 'Moved away' });
    await expect(s.followUps.cancel(actor, { id: g.id })).rejects.toThrow('This follow-up is already cancelled; it cannot be marked cancelled.');
    // A missed follow-up can still be completed when the patient comes late.
    expect((await s.followUps.complete(actor, { id: f.id, outcome: 'improved', completedDate: '2026-02-20' })).status).toBe('completed');
  });

  it('refuses an outcome outside the vocabulary, a completion before the visit and an unknown id', async () => {
    const { s, patient, visitWith } = await clinic();
    const f = await visitWith((await patient('Ann')).id, '2026-02-01');
    await expect(s.followUps.complete(actor, { id: f.id, outcome: 'gone', completedDate: '2026-02-03' })).rejects.toThrow(/outcome: must be one of: cleared/);
    await expect(s.followUps.complete(actor, { id: f.id, outcome: 'cleared', completedDate: '2026-01-01' })).rejects.toThrow(/before its visit/);
    await expect(s.followUps.miss(actor, { id: 999 })).rejects.toThrow('Follow-up 999 does not exist');
    expect((await s.followUps.worklist(actor, { from: '2026-01-01', to: '2026-12-31', asOf: '2026-02-10' })).overdue).toHaveLength(1);
  });
});

describe('practice settings', () => {
  it('starts from the vocabulary defaults and keeps what is saved', async () => {
    const { s } = await clinic();
    const defaults = await s.settings.get(actor, {});
    expect(defaults).toMatchObject({ diagnosisCode: 'L72.0', paperSize: 'A4', practiceName: '' });
    expect(defaults.followUpWeeks.observation).toBe(12);
    const saved = await s.settings.update(actor, {
      practiceName: 'Riverside Dermatology',
      address: '1 High St',
      phone: '+44 20 7946 0000',
      afterHoursPhone: '+44 20 7946 0999',
      diagnosisCode: 'L72.8',
      followUpWeeks: { observation: 10 },
    });
    expect(await s.settings.get(actor, {})).toEqual(saved);
    expect(saved.followUpWeeks).toMatchObject({ observation: 10, extraction: 4 });
    await expect(s.settings.update(actor, { diagnosisCode: 'L99' })).rejects.toThrow(/diagnosisCode: must be one of: L72.0, L72.8/);
  });
});
