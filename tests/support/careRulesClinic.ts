/**
 * The practice of the care-rule tests and the harmful visits of issue 12, each with the sentence
 * it is refused with: one list for care-rules.test.ts (the service, on both engines) and
 * care-rules-file.test.ts (`call visits.save` over the SQLite file), so that both refuse the same visits.
 */
import { addDays, format } from 'date-fns';
import type { TreatmentInput, VisitInput } from '@shared/schemas';
import { testActor as actor } from './store';
import type { ParsingServices } from './surface';
import { lidExtraction } from './visitInputs';

const tomorrow = () => format(addDays(new Date(), 1), 'yyyy-MM-dd');

/** Over the services `s`: a practice with a newborn (born 2026-01-01), a 7-year-old, a girl turning 12 on 2026-01-10, an adult and one dermatologist. */
export async function careRulesClinic<S extends ParsingServices>(s: S) {
  const okafor = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const baby = await s.patients.create(actor, { givenName: 'Noor', familyName: 'Haddad', dateOfBirth: '2026-01-01', sex: 'female' });
  const child = await s.patients.create(actor, { givenName: 'Tom', familyName: 'Berg', dateOfBirth: '2019-03-01', sex: 'male' });
  const preteen = await s.patients.create(actor, { givenName: 'Lea', familyName: 'Moser', dateOfBirth: '2014-01-10', sex: 'female' });
  const adult = await s.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  const man = await s.patients.create(actor, { givenName: 'Omar', familyName: 'Said', dateOfBirth: '1990-05-05', sex: 'male' });
  const minocycline: TreatmentInput = {
    kind: 'oral_minocycline',
    site: 'cheek',
    side: 'left',
    lesionsTreated: 0,
    performedBy: okafor.id,
    details: { doseMg: 100 },
  };
  const tretinoin: TreatmentInput = {
    kind: 'topical_retinoid',
    site: 'cheek',
    side: 'left',
    lesionsTreated: 0,
    performedBy: okafor.id,
    details: { product: 'tretinoin' },
  };
  const retinoid = (product: 'tretinoin' | 'adapalene' | 'tazarotene' | 'retinol'): TreatmentInput => ({ ...tretinoin, details: { product } });
  const observation: TreatmentInput = { kind: 'observation', site: 'nose', lesionsTreated: 0, performedBy: okafor.id };
  const visit = (patientId: number, date: string, extra: Partial<VisitInput> = {}): VisitInput => ({
    patientId,
    date,
    clinicianId: okafor.id,
    presentations: [{ type: 'primary', site: 'cheek', side: 'left', count: 4 }],
    treatments: [],
    ...extra,
  });
  /** The harmful visits of issue 12, each with the whole sentence it is refused with. */
  const harmful: Array<[string, VisitInput, string]> = [
    [
      'a future visit date',
      visit(adult.id, tomorrow(), { treatments: [observation] }),
      `Check the visit: date: must not be after today, ${format(new Date(), 'yyyy-MM-dd')}: record a visit on the day it happens.`,
    ],
    [
      'neonatal milia in a 7-year-old',
      visit(child.id, '2026-06-01', { presentations: [{ type: 'neonatal', site: 'nose', count: 10 }] }),
      'Check the visit: presentations[0].type: must not be neonatal milia for a patient 7 years old at the visit: neonatal milia are recorded for babies under 3 months only, so choose another type.',
    ],
    [
      'eyelid extraction in a 3-week-old',
      visit(baby.id, '2026-01-22', {
        presentations: [{ type: 'neonatal', site: 'upper_eyelid', side: 'left', count: 6 }],
        treatments: [lidExtraction(okafor.id)],
      }),
      'Check the visit: treatments[0].kind: must be observation for a baby 21 days old: milia in babies under 3 months clear by themselves and are not treated.',
    ],
    [
      'tretinoin for a 19-day-old',
      visit(baby.id, '2026-01-20', { treatments: [observation, tretinoin] }),
      'Check the visit: treatments[1].kind: must be observation for a baby 19 days old: milia in babies under 3 months clear by themselves and are not treated.',
    ],
    [
      'minocycline for a 7-year-old',
      visit(child.id, '2026-06-01', { treatments: [minocycline] }),
      'Check the visit: treatments[0].kind: must not be oral minocycline for a child 7 years old: minocycline is not given to children under 12 (it stains growing teeth).',
    ],
    [
      'tretinoin for a 7-year-old',
      visit(child.id, '2026-06-01', { treatments: [tretinoin] }),
      'Check the visit: treatments[0].kind: must not be a topical retinoid for a child 7 years old: retinoids are not given to children under 12 unless a dermatologist records the reason to override this.',
    ],
    [
      'a retinoid for a woman not asked about pregnancy',
      visit(adult.id, '2026-06-01', { treatments: [tretinoin] }),
      'Check the visit: pregnancyStatus: must be answered (pregnant, breastfeeding or neither) before a topical retinoid or oral minocycline is saved.',
    ],
    [
      'minocycline for a woman recorded as not asked',
      visit(adult.id, '2026-06-01', { pregnancyStatus: 'not_asked', treatments: [minocycline] }),
      'Check the visit: pregnancyStatus: must be answered (pregnant, breastfeeding or neither) before a topical retinoid or oral minocycline is saved.',
    ],
    ...(['tretinoin', 'adapalene', 'tazarotene'] as const).map((product): [string, VisitInput, string] => [
      `${product} in pregnancy`,
      visit(adult.id, '2026-06-01', { pregnancyStatus: 'pregnant', treatments: [observation, retinoid(product)] }),
      `Check the visit: treatments[1].details.product: must not be ${product} while the patient is pregnant: its label contraindicates it in pregnancy.`,
    ]),
    [
      'retinol in pregnancy',
      visit(adult.id, '2026-06-01', { pregnancyStatus: 'pregnant', treatments: [observation, retinoid('retinol')] }),
      'Check the visit: treatments[1].details.product: must not be retinol while the patient is pregnant: retinoids are avoided in pregnancy, retinol as a precaution.',
    ],
    [
      'minocycline in pregnancy',
      visit(adult.id, '2026-06-01', { pregnancyStatus: 'pregnant', treatments: [minocycline] }),
      "Check the visit: treatments[0].kind: must not be oral minocycline while the patient is pregnant: it harms the baby's teeth and bones.",
    ],
    [
      'minocycline while breastfeeding',
      visit(adult.id, '2026-06-01', { pregnancyStatus: 'breastfeeding', treatments: [minocycline] }),
      "Check the visit: treatments[0].kind: must not be oral minocycline while the patient is breastfeeding: it harms the baby's teeth and bones.",
    ],
  ];
  return { s, okafor, baby, child, preteen, adult, man, retinoid, visit, harmful, minocycline, tretinoin, observation };
}
