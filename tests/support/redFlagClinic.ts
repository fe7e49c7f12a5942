/**
 * The practice of the red-flag tests (real users: a dermatologist and a nurse; Zoë and Ivan), an
 * ulcerated presentation, the sentence a destructive treatment of it is refused with, and such a
 * visit imported: shared by red-flags.test.ts (both engines) and red-flags-file.test.ts (the
 * command line over the SQLite file).
 */
import type { PresentationInput, TreatmentInput, VisitInput } from '@shared/schemas';
import { userActor } from './actors';
import { testActor as commandLine } from './store';
import type { ParsingServices } from './surface';

/** Over the services `s`: the users, the patients, and makers of a procedure and of Zoë's visit. */
export async function redFlagClinic<S extends ParsingServices>(s: S) {
  const okafor = await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' });
  const nurse = await userActor(s, 'nurse', { name: 'Nurse Per Lindqvist' });
  const zoe = await s.patients.create(okafor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const ivan = await s.patients.create(okafor, { givenName: 'Иван', familyName: 'Петров', dateOfBirth: '1970-06-01', sex: 'male' });
  const procedure = (
    kind: 'extraction' | 'curettage' | 'electrodesiccation' | 'cryotherapy' | 'laser_ablation' | 'chemical_peel',
    details: Record<string, unknown> = {},
  ) =>
    ({
      kind,
      site: 'cheek',
      side: 'left',
      lesionsTreated: 2,
      anesthesia: 'topical',
      consent: true,
      performedBy: okafor.clinicianId!,
      details,
    }) as TreatmentInput;
  const visit = (presentations: PresentationInput[], treatments: TreatmentInput[], extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId: zoe.id,
    date: '2026-01-15',
    clinicianId: okafor.clinicianId!,
    presentations,
    treatments,
    ...extra,
  });
  return { s, okafor, nurse, zoe, ivan, procedure, visit };
}

export const ulcerated: PresentationInput = {
  type: 'primary',
  site: 'cheek',
  side: 'left',
  count: 2,
  redFlags: ['ulceration'],
  differentials: ['basal_cell_carcinoma'],
};
export const waitSentence =
  'Check the visit: treatments[0].kind: must wait for the decision on presentation 1 (Primary milia, Cheek, left), which has a red flag: record a biopsy, a referral or the reason to proceed first.';

/**
 * A visit with a red flag brought in from another practice: signed on import, undecided. Both
 * practices' services from `services`; the importing one's, its dermatologist and nurse, and the
 * visit as the Review list shows it.
 */
export async function importedRedFlag<S extends ParsingServices>(services: () => S) {
  const from = await redFlagClinic(services());
  await from.s.visits.save(from.nurse, from.visit([{ type: 'primary', site: 'nose', count: 1 }, ulcerated], []));
  const doc = JSON.parse(JSON.stringify(await from.s.interchange.export(commandLine))) as unknown;
  const s = services();
  const okafor = await userActor(s, 'dermatologist', { name: 'Dr Ada Okafor' });
  const nurse = await userActor(s, 'nurse', { name: 'Nurse Per Lindqvist' });
  await s.interchange.import(commandLine, doc);
  const [waiting] = await s.signing.toReview(okafor, {});
  return { s, okafor, nurse, waiting: waiting! };
}
