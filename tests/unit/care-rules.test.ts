/**
 * Care unsafe for the patient's age, and visits dated in the future, are refused when a visit
 * is documented: through the service, on either engine, and through `call visits.save` as a
 * real process over a real database file (care-rules-file.test.ts), with the whole sentence
 * pinned and nothing saved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { TreatmentInput, VisitInput } from '@shared/schemas';
import { importDocument } from '../../src/main/interchange/import';
import { engineServices, rawSql } from '../support/engine';
import { recordHash } from '../support/recordHash';
import { testActor as actor } from '../support/store';
import { userActor } from '../support/actors';
import { pdfjsPages, squash } from '../support/pdfText';
import { lidExtraction } from '../support/visitInputs';

const tomorrow = () => format(addDays(new Date(), 1), 'yyyy-MM-dd');

/** A practice with a newborn (born 2026-01-01), a 7-year-old, a girl turning 12 on 2026-01-10, an adult and one dermatologist. */
async function clinic() {
  const s = engineServices();
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

describe('care unsafe for the patient', () => {
  it('refuses each harmful visit through the service in one sentence naming the field, and saves nothing', async () => {
    const { s, harmful } = await clinic();
    const before = await recordHash(s.store, { except: ['audit_log'] });
    for (const [, input, sentence] of harmful) {
      const refusal = await s.visits.save(actor, input).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).kind).toBe('validation');
      expect((refusal as AppError).message).toBe(sentence);
    }
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);
  });

  it('accepts what is safe: observation of a newborn, minocycline and tretinoin at 12, a visit dated today, retinol in pregnancy, a man not asked', async () => {
    const { s, baby, preteen, adult, man, retinoid, visit, minocycline, tretinoin, observation } = await clinic();
    const newborn = await s.visits.save(
      actor,
      visit(baby.id, '2026-01-22', { presentations: [{ type: 'neonatal', site: 'nose', count: 20 }], treatments: [observation] }),
    );
    expect(newborn.treatments.map((t) => t.kind)).toEqual(['observation']);
    // Neonatal milia are still recorded on the last day before 3 months.
    await s.visits.save(actor, visit(baby.id, '2026-03-31', { presentations: [{ type: 'neonatal', site: 'nose', count: 2 }] }));
    // Minocycline and a retinoid from the twelfth birthday on.
    const twelve = await s.visits.save(actor, visit(preteen.id, '2026-01-10', { pregnancyStatus: 'neither', treatments: [minocycline, tretinoin] }));
    expect(twelve.pregnancyStatus).toBe('neither');
    expect(twelve.treatments.map((t) => t.kind)).toEqual(['oral_minocycline', 'topical_retinoid']);
    const adultCare = await s.visits.save(
      actor,
      visit(adult.id, format(new Date(), 'yyyy-MM-dd'), { pregnancyStatus: 'neither', treatments: [minocycline, tretinoin] }),
    );
    expect(adultCare.treatments.map((t) => t.kind)).toEqual(['oral_minocycline', 'topical_retinoid']);
    // Retinol in pregnancy is a precaution for the handout, tretinoin while breastfeeding is allowed.
    const pregnant = await s.visits.save(actor, visit(adult.id, '2026-06-01', { pregnancyStatus: 'pregnant', treatments: [retinoid('retinol')] }));
    expect((await s.visits.get(actor, { id: pregnant.id })).pregnancyStatus).toBe('pregnant');
    await s.visits.save(actor, visit(adult.id, '2026-06-01', { pregnancyStatus: 'breastfeeding', treatments: [tretinoin] }));
    // A man is not asked.
    await s.visits.save(actor, visit(man.id, '2026-06-01', { treatments: [minocycline, tretinoin] }));
  });

  it('gives a retinoid to a child under 12 only with the reason a dermatologist records, audited, printed nowhere; a nurse may not record it', async () => {
    const { s, child, visit, tretinoin } = await clinic();
    const reason = 'Milia en plaque of the ear for two years; parents informed of off-label use.';
    const dermatologist = await userActor(s, 'dermatologist');
    const nurse = await userActor(s, 'nurse');
    const overridden = visit(child.id, '2026-06-01', { treatments: [tretinoin], retinoidOverride: reason });

    const before = await recordHash(s.store, { except: ['audit_log'] });
    const refusal = await s.visits.save(nurse, overridden).then(
      () => null,
      (e: unknown) => e,
    );
    expect(refusal).toBeInstanceOf(AppError);
    expect((refusal as AppError).message).toBe('Only a dermatologist can record the reason to give a topical retinoid to a child under 12; leave it for them.');
    expect(await recordHash(s.store, { except: ['audit_log'] })).toBe(before);

    const saved = await s.visits.save(dermatologist, overridden);
    expect(saved.treatments.map((t) => t.kind)).toEqual(['topical_retinoid']);
    expect((await s.visits.get(dermatologist, { id: saved.id })).retinoidOverride).toBe(reason);
    const audit = async () => await rawSql(s.store).all("select username, outcome, detail from audit_log where action = 'override' order by id");
    expect(await audit()).toEqual([expect.objectContaining({ username: dermatologist.username, detail: `topical retinoid under 12: ${reason}` })]);

    // A nurse may save the visit again as long as the reason stays as the dermatologist wrote it; an unchanged reason is not audited again.
    await s.visits.save(nurse, { ...overridden, id: saved.id, notes: 'Mother asks about the cream.' });
    expect(await audit()).toHaveLength(1);

    // Printed nowhere: the family's handout carries the cream, not the reason.
    await s.settings.update(actor, { ...(await s.settings.read()), practiceName: 'Harbourside Dermatology', phone: '0117 496 0123' });
    const handout = await s.handouts.create(dermatologist, { visitId: saved.id });
    const text = squash((await pdfjsPages((await s.handouts.pdf(dermatologist, { id: handout.id })).bytes)).map((p) => p.text).join(' '));
    expect(text).toMatch(/tretinoin/i);
    expect(text).not.toContain('off-label');
    expect(text).not.toContain('two years');
  });

  it('does not judge imported historical records: the rules apply to new documentation only', async () => {
    const s = engineServices();
    const file = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'interchange', 'scripts.json'), 'utf8')) as {
      patients: Array<{ dateOfBirth: string; visits: Array<{ key: string; treatments?: unknown[] }> }>;
    };
    // A 5-year-old given minocycline in 2025, as an older record may hold.
    const patient = file.patients[0]!;
    patient.dateOfBirth = '2020-01-01';
    patient.visits.find((v) => v.key === 'vn-1')!.treatments!.push({ kind: 'oral_minocycline', site: 'cheek', side: 'left', lesionsTreated: 0 });
    await importDocument(s.store.records, actor, file);
    const kinds = await rawSql(s.store).column('select kind from treatments order by kind');
    expect(kinds).toContain('oral_minocycline');
  });
});
