/**
 * Care unsafe for the patient's age, and visits dated in the future, are refused when a visit
 * is documented: through the service, on either engine, and through `call visits.save` as a
 * real process over a real database file (care-rules-file.test.ts), with the whole sentence
 * pinned and nothing saved.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import { importDocument } from '../../src/main/interchange/import';
import { engineServices, rawSql } from '../support/engine';
import { recordHash } from '../support/recordHash';
import { testActor as actor } from '../support/store';
import { userActor } from '../support/actors';
import { pdfjsPages, squash } from '../support/pdfText';
import { careRulesClinic } from '../support/careRulesClinic';

const clinic = () => careRulesClinic(engineServices());

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

  it('accepts what is safe: observation of a newborn, minocycline and tretinoin at 12, a visit dated today, retinol while breastfeeding, a man not asked', async () => {
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
    // While breastfeeding a retinoid cream is allowed (the handout asks her to talk to us first).
    const feeding = await s.visits.save(actor, visit(adult.id, '2026-06-01', { pregnancyStatus: 'breastfeeding', treatments: [retinoid('retinol')] }));
    expect((await s.visits.get(actor, { id: feeding.id })).pregnancyStatus).toBe('breastfeeding');
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
