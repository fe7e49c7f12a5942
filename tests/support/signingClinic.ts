/**
 * The practice of the signing tests (real users: two dermatologists and a nurse; Zoë and Ivan),
 * Zoë's visit input and a signed visit: shared by signing.test.ts (both engines) and
 * signing-file.test.ts (the command line over the SQLite file).
 */
import type { VisitInput } from '@shared/schemas';
import type { Visit } from '@shared/types';
import { userActor } from './actors';
import type { ParsingServices } from './surface';
import { lidExtraction } from './visitInputs';

/** Over the services `s`: the users, the patients, a visit's input, its input saved again, and a visit signed. */
export async function signingClinic<S extends ParsingServices>(s: S) {
  const okafor = await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' });
  const moreau = await userActor(s, 'dermatologist', { name: 'Dr Léa Moreau' });
  const nurse = await userActor(s, 'nurse', { name: 'Nurse Per Lindqvist' });
  const zoe = await s.patients.create(okafor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const ivan = await s.patients.create(okafor, { givenName: 'Иван', familyName: 'Петров', dateOfBirth: '1970-06-01', sex: 'male' });

  /** A visit of Zoë's with Dr Okafor: an extraction by the nurse and a follow-up. */
  const input = (extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId: zoe.id,
    date: '2026-01-15',
    clinicianId: okafor.clinicianId!,
    pregnancyStatus: 'neither',
    notes: 'Six milia left upper lid for a year.',
    presentations: [{ type: 'primary', site: 'upper_eyelid', side: 'left', count: 6 }],
    treatments: [lidExtraction(nurse.clinicianId!)],
    followUps: [{ dueDate: '2026-03-12', reason: 'Check clearance', status: 'scheduled' }],
    ...extra,
  });
  /** The input that saves a visit made from `input` again: its stored presentations (decisions too) and follow-ups kept. */
  const resave = (v: Visit): VisitInput =>
    input({
      id: v.id,
      patientId: v.patientId,
      date: v.date,
      clinicianId: v.clinicianId,
      notes: v.notes,
      presentations: v.presentations.map(({ id: _, side, sizeMm: __, distribution: ___, decision, ...p }) => ({
        ...p,
        ...(side !== null && { side }),
        ...(decision !== null && { decision }),
      })),
      followUps: v.followUps.map((f) => ({ id: f.id, dueDate: f.dueDate, reason: f.reason, status: f.status })),
    });
  /** A visit the nurse documented and Dr Okafor signed. */
  const signed = async () => s.signing.sign(okafor, { id: (await s.visits.save(nurse, input())).id });
  return { s, okafor, moreau, nurse, zoe, ivan, input, resave, signed };
}
