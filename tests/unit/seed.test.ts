/** Synthetic data: reproducible from its seed, plausible, safe by the services' own rules, and loaded by the importer. */
import { differenceInDays, parseISO } from 'date-fns';
import { describe, expect, it } from 'vitest';
import { documentText, exportDocument } from '../../src/main/interchange/export';
import { seed, seedDocument, synthesize } from '../../src/main/seed';
import { careIssues } from '../../src/main/services/careRules';
import { passwords } from '../../src/main/services/passwords';
import { isDestructive, needsDecision, undecided } from '@shared/decisions';
import type { Sex } from '@shared/vocabulary';
import { followUpStatuses, treatmentKinds } from '@shared/vocabulary';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor, testPasswordCost } from '../support/store';

type Services = ReturnType<typeof engineServices>;

const today = '2025-06-30';
const exportText = async (services: Services): Promise<string> => [...documentText(await exportDocument(services.store.records))].join('');
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('seeding', () => {
  it('gives the same export for the same seed in two fresh databases', async () => {
    const a = engineServices();
    const b = engineServices();
    const summary = await seed(a.store.records, actor, { patients: 40, seed: 7, today });
    await seed(b.store.records, actor, { patients: 40, seed: 7, today });
    expect(await exportText(a)).toBe(await exportText(b));
    expect(summary.imported.patients).toBe(40);
    expect(Object.keys(summary.visitIds)[0]).toBe('SYN7-000001-v01');

    const other = engineServices();
    await seed(other.store.records, actor, { patients: 40, seed: 8, today });
    expect(await exportText(other)).not.toBe(await exportText(a));
  });

  it('on another day gives the same record shifted in time', async () => {
    const shift = (iso: string) => new Date((dayNumber(iso) + 100) * 86_400_000).toISOString().slice(0, 10);
    const later = JSON.stringify(seedDocument({ patients: 30, seed: 2, today: shift(today) }));
    const shifted = JSON.stringify(seedDocument({ patients: 30, seed: 2, today })).replace(/"(\d{4}-\d{2}-\d{2})"/g, (_, iso: string) => `"${shift(iso)}"`);
    expect(later).toBe(shifted);
  });

  it('adds other people after the ones already seeded, without colliding', async () => {
    const services = engineServices();
    await seed(services.store.records, actor, { patients: 5, seed: 7, today });
    const again = await seed(services.store.records, actor, { patients: 5, seed: 7, today });
    expect(again.imported).toMatchObject({ clinicians: 0, patients: 5 });
    expect(Object.keys(again.visitIds)[0]).toBe('SYN7-000006-v01');
    const names = await rawSql(services.store).column<string>('select given_name || family_name from patients order by id');
    expect(names.slice(5)).not.toEqual(names.slice(0, 5));
  });
});

describe('the synthetic record', () => {
  const { document: doc, decisions } = synthesize({ patients: 800, seed: 1, today });
  const visits = doc.patients!.flatMap((p) => (p.visits ?? []).map((v) => ({ patient: p, visit: v })));
  const presentations = visits.flatMap(({ visit }) => visit.presentations ?? []);
  const treatments = visits.flatMap(({ visit }) => visit.treatments ?? []);
  const followUps = visits.flatMap(({ visit }) => visit.followUps ?? []);

  it('has about 7.5 visits per patient over ten years up to the last day', async () => {
    expect(visits.length / doc.patients!.length).toBeGreaterThan(6.5);
    expect(visits.length / doc.patients!.length).toBeLessThan(8.5);
    const days = visits.map(({ visit }) => visit.date).sort();
    expect(days.at(-1)! <= today).toBe(true);
    expect(dayNumber(today) - dayNumber(days[0]!)).toBeGreaterThan(9 * 365);
    expect(dayNumber(today) - dayNumber(days[0]!)).toBeLessThanOrEqual(3650);
  });

  it('has neonatal milia only in infants under three months, and only observed', async () => {
    const neonatal = visits.filter(({ visit }) => visit.presentations?.some((p) => p.type === 'neonatal'));
    expect(neonatal.length).toBeGreaterThan(5);
    for (const { patient, visit } of neonatal) {
      expect(dayNumber(visit.date) - dayNumber(patient.dateOfBirth)).toBeLessThan(90);
      expect(visit.treatments?.map((t) => t.kind).every((k) => k === 'observation')).toBe(true);
    }
  });

  it('has names in many scripts, every treatment kind and every follow-up status', async () => {
    const names = doc.patients!.map((p) => `${p.givenName} ${p.familyName}`).join(' ');
    for (const script of ['Latin', 'Greek', 'Cyrillic', 'Han', 'Hangul', 'Arabic', 'Hebrew']) expect(names).toMatch(new RegExp(`\\p{Script=${script}}`, 'u'));
    expect(names).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/u);
    expect(new Set(treatments.map((t) => t.kind))).toEqual(new Set(treatmentKinds.codes));
    expect(new Set(followUps.map((f) => f.status))).toEqual(new Set(followUpStatuses.codes));
    const scheduled = followUps.filter((f) => f.status === 'scheduled');
    expect(scheduled.some((f) => f.dueDate < today)).toBe(true);
    expect(scheduled.some((f) => f.dueDate > today)).toBe(true);
  });

  it('is clinically plausible: eyelids and cheeks for primary milia, triggers for secondary, minocycline for milia en plaque', async () => {
    const primary = presentations.filter((p) => p.type === 'primary');
    const eyesAndCheeks = primary.filter((p) => ['upper_eyelid', 'lower_eyelid', 'cheek', 'periorbital'].includes(p.site));
    expect(eyesAndCheeks.length / primary.length).toBeGreaterThan(0.7);
    for (const p of presentations) expect((p.triggers?.length ?? 0) > 0).toBe(p.type === 'secondary');
    expect(presentations.some((p) => (p.redFlags?.length ?? 0) > 0)).toBe(true);
    const plaqueVisits = visits.filter(({ visit }) => visit.presentations?.some((p) => p.type === 'milia_en_plaque'));
    expect(plaqueVisits.some(({ visit }) => visit.treatments?.some((t) => t.kind === 'oral_minocycline'))).toBe(true);
    const roles = new Set(doc.clinicians!.map((c) => c.role));
    expect(roles).toEqual(new Set(['dermatologist', 'nurse']));
  });

  it('destroys no lesion on a visit whose presentation waits for a decision (red flag, milia en plaque, possible basal cell carcinoma)', async () => {
    const judged = (p: (typeof presentations)[number]) => ({ type: p.type, redFlags: p.redFlags ?? [], differentials: p.differentials ?? [] });
    // Destroyed only where every such presentation was decided at the visit, and decided to proceed.
    const held = visits.filter(({ visit }) =>
      visit.presentations?.some((p, i) => needsDecision(judged(p)) && decisions.get(visit.key)?.[i]?.decision !== 'proceed'),
    );
    expect(held.length).toBeGreaterThan(50);
    for (const { visit } of held) expect(visit.treatments?.filter((t) => isDestructive(t.kind))).toEqual([]);
  });
});

describe('the seeded database', () => {
  /** Every seeded visit with its patient, as the record layer reads them back. */
  async function seeded(services: Services) {
    const patients = await rawSql(services.store).all<{ id: number; dateOfBirth: string; sex: Sex }>(
      'select id, date_of_birth as "dateOfBirth", sex from patients order by id',
    );
    const visits = await services.store.records.read(async (tx) =>
      (await Promise.all(patients.map(async (patient) => (await tx.visits.load({ patientId: patient.id })).map((visit) => ({ patient, visit }))))).flat(),
    );
    return visits;
  }

  it('obeys every care rule of the services on every visit: type and treatment by age, pregnancy asked and answered, no date after today', async () => {
    const services = engineServices();
    await seed(services.store.records, actor, { patients: 800, seed: 1, today });
    const visits = await seeded(services);
    expect(visits.length).toBeGreaterThan(5000);
    // As the service judges a visit; the record's nulls (side, size, not recorded) stand for fields left out.
    type Judged = Parameters<typeof careIssues>[1];
    const judged = (visit: (typeof visits)[number]['visit']): Judged =>
      ({ ...visit, pregnancyStatus: visit.pregnancyStatus ?? undefined, retinoidOverride: visit.retinoidOverride ?? undefined }) as unknown as Judged;
    const issues = visits.flatMap(({ patient, visit }) =>
      careIssues(patient, judged(visit), today).map((issue) => `${visit.key} ${issue.path} ${issue.message}`),
    );
    expect(issues).toEqual([]);
    // The rules had something to judge: babies, children, and women given what pregnancy rules out.
    const years = ({ patient, visit }: (typeof visits)[number]) => differenceInDays(parseISO(visit.date), parseISO(patient.dateOfBirth)) / 365.25;
    const given = (kind: string) => visits.filter(({ visit }) => visit.treatments.some((t) => t.kind === kind));
    expect(visits.filter((v) => years(v) < 0.25).length).toBeGreaterThan(5);
    expect(visits.filter((v) => years(v) < 12).length).toBeGreaterThan(100);
    expect(given('oral_minocycline').filter(({ visit }) => visit.pregnancyStatus === 'neither').length).toBeGreaterThan(2);
    expect(given('topical_retinoid').filter(({ visit }) => visit.pregnancyStatus === 'neither').length).toBeGreaterThan(50);
  });

  it('decides at the visit most presentations that need a decision, so that the demo Review list holds those of the last four months and a few forgotten', async () => {
    const services = engineServices();
    await seed(services.store.records, actor, { patients: 200, seed: 1, today, hashPassword: passwords(testPasswordCost).hash });
    const visits = await seeded(services);
    const needing = visits.flatMap(({ visit }) => visit.presentations.filter(needsDecision).map((p) => ({ visit, p })));
    const waiting = needing.filter(({ p }) => undecided(p));
    expect(needing.length).toBeGreaterThan(100);
    expect(new Set(needing.map(({ p }) => p.decision))).toEqual(new Set(['biopsy', 'referral', 'proceed', null]));
    for (const { p } of needing) if (p.decision === 'proceed') expect(p.decisionNote).not.toBe('');
    const list = await services.signing.toReview(actor, {});
    expect(list.length).toBe(waiting.length);
    expect(list.length).toBeGreaterThanOrEqual(5);
    expect(list.length).toBeLessThanOrEqual(20);
    const recent = waiting.filter(({ visit }) => differenceInDays(parseISO(today), parseISO(visit.date)) < 120);
    expect(recent.length).toBeGreaterThan(0);
    expect(waiting.length - recent.length).toBeLessThan(needing.length * 0.05);
  });
});
