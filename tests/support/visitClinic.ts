/**
 * The people most visit tests document with, and the visit they save: shared by visits.test.ts
 * (both engines), visits-file.test.ts and storage-faults.test.ts (the SQLite file).
 */
import type { VisitInput } from '@shared/schemas';
import { testActor as actor } from './store';
import type { ParsingServices } from './surface';
import { lidExtraction } from './visitInputs';

export interface VisitPeople {
  okafor: { id: number };
  nurse: { id: number };
  zoe: { id: number };
}

/** Over the services `s`, by the command line's account: Dr Ada Okafor (dermatologist), Nurse Per Lindqvist and the patient Zoë Nguyễn. */
export async function visitPeople(s: Pick<ParsingServices, 'clinicians' | 'patients'>) {
  const okafor = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const nurse = await s.clinicians.save(actor, { name: 'Nurse Per Lindqvist', role: 'nurse' });
  const zoe = await s.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  return { okafor, nurse, zoe };
}

/** Zoë's visit with Dr Okafor: six milia of the left upper lid expressed by her, the right cheek's given adapalene by the nurse, a follow-up; `extra` over it. */
export function twoSiteVisit({ okafor, nurse, zoe }: VisitPeople, extra: Partial<VisitInput> = {}): VisitInput {
  return {
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
  };
}
