/**
 * A save answers with the visit built from what it wrote (services/visitsWritten.ts), not
 * read back: on random new visits, updates (findings replaced, follow-ups kept by id, changed,
 * removed and added, a kept follow-up's notes left as they were) and red-flag decisions, the
 * visit a save returns equals, field for field, the visit read afterwards.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { FollowUpInput, PresentationInput, TreatmentInput, VisitInput } from '@shared/schemas';
import { differentials, distributions, redFlags, type MiliaType } from '@shared/vocabulary';
import { needsDecision } from '@shared/decisions';
import { engineServices } from '../support/engine';
import { testActor as actor } from '../support/store';
import { assertProperty } from '../support/property';

async function clinic() {
  const s = engineServices();
  const okafor = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const nurse = await s.clinicians.save(actor, { name: 'Nurse Per Lindqvist', role: 'nurse' });
  // Inactive: a treatment by them is kept, and blocks signing.
  const gone = await s.clinicians.save(actor, { name: 'Dr Lena Vogel', role: 'dermatologist', active: false });
  const zoe = await s.patients.create(actor, { givenName: 'Zoë', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female' });
  return { s, clinicians: [okafor.id, nurse.id, gone.id], patientId: zoe.id };
}

const text = fc.constantFrom('', 'Six milia, left upper lid.', '  spaced  ', 'Zeile 1\r\nZeile 2', 'Ωμέγα é');
const sited = fc.oneof(
  fc.record({ site: fc.constant('cheek' as const), side: fc.constantFrom('left' as const, 'right' as const, 'bilateral' as const) }),
  fc.record({ site: fc.constant('nose' as const), side: fc.constantFrom(undefined, 'midline' as const) }),
);
const subset = <T>(codes: readonly T[]) => fc.subarray([...codes], { maxLength: 2 });

const presentation: fc.Arbitrary<PresentationInput> = fc
  .record({
    type: fc.constantFrom<MiliaType>('primary', 'secondary', 'milia_en_plaque'),
    where: sited,
    count: fc.integer({ min: 1, max: 500 }),
    sizeMm: fc.constantFrom(undefined, 0.1, 2.5, 10),
    distribution: fc.constantFrom(undefined, ...distributions.codes),
    burn: fc.boolean(),
    redFlags: subset(redFlags.codes),
    differentials: subset(differentials.codes),
    notes: text,
    decide: fc.constantFrom(undefined, 'biopsy' as const, 'referral' as const, 'proceed' as const),
  })
  .map(({ where, burn, decide, ...p }) => {
    const given: PresentationInput = { ...p, ...where, triggers: p.type === 'secondary' && burn ? ['burn'] : [] };
    if (decide === undefined || !needsDecision({ type: p.type, redFlags: p.redFlags, differentials: p.differentials })) return given;
    return { ...given, decision: decide, decisionNote: decide === 'proceed' ? 'Typical milia on dermoscopy.' : '' };
  });

const treatment = (clinicians: number[]): fc.Arbitrary<TreatmentInput> =>
  fc
    .record({ where: sited, by: fc.constantFrom(...clinicians), lesions: fc.integer({ min: 0, max: 500 }), notes: text, pick: fc.nat(5) })
    .map(({ where, by, lesions, notes, pick }): TreatmentInput => {
      const common = { ...where, performedBy: by, notes };
      const procedure = { ...common, lesionsTreated: lesions, anesthesia: 'topical' as const, consent: true as const };
      switch (pick) {
        case 0:
          // -0 as a number a form may send: stored and read back as 0.
          return { ...common, kind: 'observation', lesionsTreated: -0 };
        case 1:
          return { ...procedure, kind: 'extraction', details: { instrument: 'needle' } };
        case 2:
          return { ...procedure, kind: 'cryotherapy', details: { method: 'spray', freezeSeconds: 5 } };
        case 3:
          return { ...procedure, kind: 'chemical_peel', details: { agent: 'glycolic', concentrationPercent: 35.5, depth: 'epidermal' } };
        case 4:
          return { ...common, kind: 'topical_retinoid', lesionsTreated: 0, details: { product: 'adapalene', strengthPercent: 0.1 } };
        default:
          return { ...procedure, kind: 'other' };
      }
    });

const followUp: fc.Arbitrary<FollowUpInput> = fc
  .record({
    due: fc.integer({ min: 1, max: 28 }),
    reason: fc.constantFrom(undefined, 'Check clearance'),
    done: fc.constantFrom('scheduled', 'completed', 'missed'),
  })
  .map(({ due, reason, done }): FollowUpInput => {
    const dueDate = `2025-07-${String(due).padStart(2, '0')}`;
    const base = { dueDate, ...(reason === undefined ? {} : { reason }) };
    return done === 'completed'
      ? { ...base, status: 'completed', outcome: 'improved', completedDate: dueDate }
      : { ...base, status: done as 'scheduled' | 'missed' };
  });

const findings = (clinicians: number[]) =>
  fc.record({
    notes: text,
    presentations: fc.array(presentation, { maxLength: 3 }),
    treatments: fc.array(treatment(clinicians), { maxLength: 3 }),
    followUps: fc.array(followUp, { maxLength: 2 }),
    /** Which of the stored follow-ups an update keeps (by id), each changed to the drawn one. */
    keep: fc.array(fc.boolean(), { minLength: 2, maxLength: 2 }),
    clinician: fc.constantFrom(...clinicians),
  });

describe('the visit a save returns', () => {
  it('equals the visit read back, for new visits, updates, follow-up changes and decisions', async () => {
    const { s, clinicians, patientId } = await clinic();
    let compared = 0;
    await assertProperty(
      fc.asyncProperty(findings(clinicians), fc.array(findings(clinicians), { maxLength: 3 }), async (first, updates) => {
        const input = (f: typeof first, id?: number, kept: FollowUpInput[] = []): VisitInput => ({
          ...(id === undefined ? {} : { id }),
          patientId,
          date: '2025-06-01',
          clinicianId: f.clinician,
          notes: f.notes,
          pregnancyStatus: 'neither',
          presentations: f.presentations,
          treatments: f.treatments,
          followUps: [...kept, ...f.followUps],
        });
        const save = async (v: VisitInput) => {
          try {
            const saved = await s.visits.save(actor, v);
            const read = await s.visits.get(actor, { id: saved.id });
            expect(saved).toStrictEqual(read);
            // In the same order too: the command line prints a saved visit as it prints one read.
            expect(JSON.stringify(saved)).toBe(JSON.stringify(read));
            compared++;
            return saved;
          } catch (error) {
            // A destructive treatment beside an undecided red flag is refused: nothing to compare.
            if (error instanceof AppError && error.kind === 'validation') return undefined;
            throw error;
          }
        };
        let visit = await save(input(first));
        if (visit === undefined) return;
        for (const u of updates) {
          // A scheduled follow-up missed between two saves: its notes are the record's, not the form's.
          const scheduled = (await s.visits.get(actor, { id: visit.id })).followUps.find((f) => f.status === 'scheduled');
          if (scheduled) await s.followUps.miss(actor, { id: scheduled.id, notes: 'Did not attend.' });
          const current = await s.visits.get(actor, { id: visit.id });
          const kept = current.followUps
            .filter((_, i) => u.keep[i])
            .map((f, i): FollowUpInput => {
              const changed = u.followUps[i];
              return changed
                ? { ...changed, id: f.id }
                : { id: f.id, dueDate: f.dueDate, reason: f.reason, status: f.status === 'scheduled' ? 'scheduled' : 'missed' };
            });
          visit = (await save(input({ ...u, followUps: u.followUps.slice(kept.length) }, visit.id, kept))) ?? visit;
        }
      }),
      { numRuns: 60 },
    );
    // Most saves are compared, not refused.
    expect(compared).toBeGreaterThan(100);
  });
});
