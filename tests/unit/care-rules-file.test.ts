/**
 * Care unsafe for the patient's age, and visits dated in the future, are refused by `call
 * visits.save` as a real process over a real database file (`--db FILE`), with the whole
 * sentence pinned and nothing saved: on the SQLite file only. care-rules.test.ts runs the
 * service's refusals on both engines.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addDays, format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import type { TreatmentInput, VisitInput } from '@shared/schemas';
import { openStore } from '../../src/main/db/open';
import { cli } from '../support/cli';
import { contentHash } from '../support/contentHash';
import { testActor as actor, tempDir, testServices } from '../support/store';
import { lidExtraction } from '../support/visitInputs';

const tomorrow = () => format(addDays(new Date(), 1), 'yyyy-MM-dd');

/** A practice with a newborn (born 2026-01-01), a 7-year-old, a girl turning 12 on 2026-01-10, an adult and one dermatologist. */
async function clinic() {
  const s = testServices();
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
  // Many processes at once on shared cores: more time than one call needs.
  it('refuses each harmful visit through `call visits.save` with exit 2 and the same sentence, and the file keeps its rows', async () => {
    const { s, harmful } = await clinic();
    const before = contentHash(s.store, { except: ['audit_log'] });
    s.store.close();
    const runs = await Promise.all(
      harmful.map(([, input], i) => {
        const file = join(tempDir(), `visit-${i}.json`);
        writeFileSync(file, JSON.stringify(input));
        return cli('call', 'visits.save', '--input', file, '--db', s.dbPath);
      }),
    );
    runs.forEach((run, i) => {
      expect(run.stderr).toBe('');
      expect(run.status).toBe(2);
      expect(JSON.parse(run.stdout)).toEqual({ ok: false, error: expect.objectContaining({ kind: 'validation', message: harmful[i]![2] }) });
    });
    const after = openStore(s.dbPath);
    try {
      expect(contentHash(after, { except: ['audit_log'] })).toBe(before);
    } finally {
      after.close();
    }
  }, 120_000);
});
