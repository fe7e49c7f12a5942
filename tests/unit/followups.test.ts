import { format, subDays } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { userActor } from '../support/actors';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';

async function clinic() {
  const s = engineServices();
  const doc = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const patient = async (given: string) => await s.patients.create(actor, { givenName: given, familyName: 'Test', dateOfBirth: '1990-01-01', sex: 'female' });
  const visitWith = async (patientId: number, dueDate: string, status = 'scheduled', date = '2026-01-05') =>
    (
      await s.visits.save(actor, {
        patientId,
        date,
        clinicianId: doc.id,
        treatments: [{ kind: 'cryotherapy', site: 'nose', lesionsTreated: 3, anesthesia: 'none', consent: true, performedBy: doc.id }],
        followUps: [{ dueDate, reason: 'Check the nose', status: status as 'scheduled' }],
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

  it('counts what the Overdue tab shows, without reading it: scheduled, of patients not archived, overdue by no more than the cut-off', async () => {
    const { s, patient, visitWith } = await clinic();
    await visitWith((await patient('Ann')).id, '2026-02-01');
    await visitWith((await patient('Bea')).id, '2026-02-09');
    await visitWith((await patient('Cy')).id, '2026-02-10');
    await visitWith((await patient('Dee')).id, '2026-02-03', 'cancelled');
    const archived = await patient('Eve');
    await visitWith(archived.id, '2026-02-02');
    await s.patients.archive(actor, { id: archived.id, archived: true });
    // Overdue by 365 days is still shown; by 366 it is older, hidden until asked for.
    await visitWith((await patient('Fay')).id, '2025-02-10', 'scheduled', '2025-01-05');
    await visitWith((await patient('Gus')).id, '2025-02-09', 'scheduled', '2025-01-05');
    const asOf = '2026-02-10';
    const list = await s.followUps.worklist(actor, { from: asOf, to: asOf, asOf });
    expect(list.overdue.map((i) => i.patient.givenName)).toEqual(['Gus', 'Fay', 'Ann', 'Bea']);
    expect(await s.followUps.overdueCount(actor, { asOf })).toBe(3);
    // The list stops at its limit; the count does not.
    expect((await s.followUps.worklist(actor, { from: asOf, to: asOf, asOf, limit: 1 })).overdue).toHaveLength(1);
    expect(await s.followUps.overdueCount(actor, { asOf: '2026-02-11' })).toBe(3);
    expect(await s.followUps.overdueCount(actor, { asOf: '2026-02-12' })).toBe(3);
    expect(await s.followUps.overdueCount(actor, { asOf: '2025-02-11' })).toBe(2);
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

/** A day `days` before today, as the service judges the cut-off on today. */
const daysAgo = (days: number) => format(subDays(new Date(), days), 'yyyy-MM-dd');

/** What the audit trail says of follow-ups, in order: action, id and who. */
const followUpAudit = async (s: ReturnType<typeof engineServices>) =>
  await rawSql(s.store).all("select action, entity_id as id, username from audit_log where entity = 'follow_up' order by id");

describe('bulk transitions', () => {
  it('marks several follow-ups missed in one call, each audited as a single transition is', async () => {
    const { s, patient, visitWith } = await clinic();
    const a = await visitWith((await patient('Ann')).id, '2026-02-01');
    const b = await visitWith((await patient('Bea')).id, '2026-02-02');
    const c = await visitWith((await patient('Cy')).id, '2026-02-03');
    const nurse = await userActor(s, 'nurse');
    const moved = await s.followUps.transitionMany(nurse, { ids: [a.id, c.id], status: 'missed' });
    expect(moved.map((f) => [f.id, f.status])).toEqual([
      [a.id, 'missed'],
      [c.id, 'missed'],
    ]);
    expect(await followUpAudit(s)).toEqual([
      { action: 'missed', id: a.id, username: nurse.username },
      { action: 'missed', id: c.id, username: nurse.username },
    ]);
    expect(await s.followUps.transitionMany(nurse, { ids: [b.id], status: 'cancelled', notes: 'Moved away' })).toMatchObject([
      { id: b.id, status: 'cancelled', notes: 'Moved away' },
    ]);
    expect((await s.followUps.worklist(actor, { from: '2026-02-01', to: '2026-02-28', asOf: '2026-02-10' })).overdue).toEqual([]);
  });

  it('refuses all when one is not scheduled, naming it, and writes nothing', async () => {
    const { s, patient, visitWith } = await clinic();
    const a = await visitWith((await patient('Ann')).id, '2026-02-01');
    const b = await visitWith((await patient('Bea')).id, '2026-02-02');
    const c = await visitWith((await patient('Cy')).id, '2026-02-03');
    await s.followUps.cancel(actor, { id: b.id });
    const before = await followUpAudit(s);
    await expect(s.followUps.transitionMany(actor, { ids: [a.id, b.id, c.id], status: 'missed' })).rejects.toThrow(
      'The follow-up of Bea Test due 2026-02-02 is already cancelled; it cannot be marked missed; none of the 3 follow-ups was changed. Refresh the list.',
    );
    await expect(s.followUps.transitionMany(actor, { ids: [b.id], status: 'cancelled' })).rejects.toThrow(
      'The follow-up of Bea Test due 2026-02-02 is already cancelled; it cannot be marked cancelled; it was not changed. Refresh the list.',
    );
    await expect(s.followUps.transitionMany(actor, { ids: [a.id, 999], status: 'missed' })).rejects.toThrow('Follow-up 999 does not exist');
    const overdue = (await s.followUps.worklist(actor, { from: '2026-02-01', to: '2026-02-28', asOf: '2026-02-10' })).overdue;
    expect(overdue.map((i) => [i.followUp.id, i.followUp.status])).toEqual([
      [a.id, 'scheduled'],
      [c.id, 'scheduled'],
    ]);
    expect(await followUpAudit(s)).toEqual(before);
  });

  it('refuses a status other than missed or cancelled, an empty list and the same id twice', async () => {
    const { s, patient, visitWith } = await clinic();
    const a = await visitWith((await patient('Ann')).id, '2026-02-01');
    await expect(s.followUps.transitionMany(actor, { ids: [a.id], status: 'completed' })).rejects.toThrow('status: must be one of: missed, cancelled');
    await expect(s.followUps.transitionMany(actor, { ids: [], status: 'missed' })).rejects.toThrow('ids: must name at least one follow-up');
    await expect(s.followUps.transitionMany(actor, { ids: [a.id, a.id], status: 'missed' })).rejects.toThrow('ids: must not name the same follow-up twice');
  });

  it('is for those who record follow-ups: a practice manager is refused and nothing changes', async () => {
    const { s, patient, visitWith } = await clinic();
    const a = await visitWith((await patient('Ann')).id, '2026-02-01');
    const manager = await userActor(s, 'manager');
    await expect(s.followUps.transitionMany(manager, { ids: [a.id], status: 'missed' })).rejects.toThrow(
      'Only a dermatologist or a nurse can record follow-up outcomes; you are signed in as a practice manager.',
    );
    expect((await s.followUps.worklist(actor, { from: '2026-02-01', to: '2026-02-28', asOf: '2026-02-10' })).overdue).toHaveLength(1);
  });
});

describe("the administrator's close of very old follow-ups", () => {
  it('closes follow-ups overdue by more than 365 days as missed, audited one by one', async () => {
    const { s, patient, visitWith } = await clinic();
    const old = await visitWith((await patient('Ann')).id, daysAgo(400), 'scheduled', daysAgo(430));
    const older = await visitWith((await patient('Bea')).id, daysAgo(3000), 'scheduled', daysAgo(3030));
    const admin = await userActor(s, 'admin');
    expect((await s.followUps.closeStale(admin, { ids: [old.id, older.id] })).map((f) => f.status)).toEqual(['missed', 'missed']);
    expect(await followUpAudit(s)).toEqual([
      { action: 'missed', id: old.id, username: admin.username },
      { action: 'missed', id: older.id, username: admin.username },
    ]);
  });

  it('refuses all when one is overdue by 365 days or less, naming it', async () => {
    const { s, patient, visitWith } = await clinic();
    const old = await visitWith((await patient('Ann')).id, daysAgo(400), 'scheduled', daysAgo(430));
    const recent = await visitWith((await patient('Bea')).id, daysAgo(365), 'scheduled', daysAgo(400));
    const admin = await userActor(s, 'admin');
    await expect(s.followUps.closeStale(admin, { ids: [old.id, recent.id] })).rejects.toThrow(
      `The follow-up of Bea Test due ${daysAgo(365)} is not overdue by more than 365 days; none of the 2 follow-ups was changed. Refresh the list.`,
    );
    expect((await s.followUps.worklist(actor, { from: daysAgo(1), to: daysAgo(0) })).overdue.map((i) => i.followUp.status)).toEqual(['scheduled', 'scheduled']);
    expect(await followUpAudit(s)).toEqual([]);
  });

  it("is the administrator's: a nurse is refused", async () => {
    const { s, patient, visitWith } = await clinic();
    const old = await visitWith((await patient('Ann')).id, daysAgo(400), 'scheduled', daysAgo(430));
    const nurse = await userActor(s, 'nurse');
    await expect(s.followUps.closeStale(nurse, { ids: [old.id] })).rejects.toThrow(
      'Only an administrator can close very old follow-ups as missed; you are signed in as a nurse.',
    );
  });

  it('shows the administrator the list without clinical notes', async () => {
    const { s, patient, visitWith } = await clinic();
    await visitWith((await patient('Ann')).id, '2026-02-01');
    const admin = await userActor(s, 'admin');
    const range = { from: '2026-02-01', to: '2026-02-28', asOf: '2026-02-10' };
    expect((await s.followUps.worklist(actor, range)).overdue.map((i) => i.followUp.reason)).toEqual(['Check the nose']);
    expect((await s.followUps.worklist(admin, range)).overdue.map((i) => [i.patient.givenName, i.followUp.reason])).toEqual([['Ann', '']]);
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
