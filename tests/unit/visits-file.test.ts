/**
 * A save that fails half-way leaves nothing behind: a SQLite trigger stands in for the fault,
 * so this stays on the SQLite file (visits.test.ts runs the rest on both engines).
 */
import { describe, expect, it } from 'vitest';
import type { VisitInput } from '@shared/schemas';
import { testActor as actor, testServices } from '../support/store';
import { lidExtraction } from '../support/visitInputs';

async function clinic() {
  const s = testServices();
  const okafor = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const nurse = await s.clinicians.save(actor, { name: 'Nurse Per Lindqvist', role: 'nurse' });
  const zoe = await s.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const visit = (extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId: zoe.id,
    date: '2026-01-15',
    clinicianId: okafor.id,
    pregnancyStatus: 'neither',
    notes: 'Six milia left upper lid for a year.',
    presentations: [
      { type: 'primary', site: 'upper_eyelid', side: 'left', count: 6, distribution: 'grouped', differentials: ['syringoma'] },
      { type: 'primary', site: 'cheek', side: 'right', count: 3 },
    ],
    treatments: [
      lidExtraction(okafor.id),
      { kind: 'topical_retinoid', site: 'cheek', side: 'right', lesionsTreated: 0, performedBy: nurse.id, details: { product: 'adapalene' } },
    ],
    followUps: [{ dueDate: '2026-03-12', reason: 'Check clearance', status: 'scheduled' }],
    ...extra,
  });
  const count = (table: string) => (s.store.sqlite.prepare(`select count(*) as n from ${table}`).get() as { n: number }).n;
  const counts = () => Object.fromEntries(['visits', 'presentations', 'treatments', 'follow_ups'].map((t) => [t, count(t)]));
  return { s, okafor, nurse, zoe, visit, counts };
}

describe('saving a visit', () => {
  it('leaves nothing behind when it fails half-way', async () => {
    const { s, visit, counts } = await clinic();
    const before = counts();
    // A trigger that fails the third insert stands in for any fault in the middle of a save.
    s.store.sqlite.exec("create trigger fail_follow_up before insert on follow_ups begin select raise(abort, 'disk trouble'); end");
    await expect(s.visits.save(actor, visit())).rejects.toThrow('disk trouble');
    expect(counts()).toEqual(before);
    expect(s.store.sqlite.prepare("select count(*) as n from audit_log where entity = 'visit'").get()).toEqual({ n: 0 });
  });
});
