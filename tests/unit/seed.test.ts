/** Synthetic data: reproducible from its seed, plausible, and loaded by the importer. */
import { describe, expect, it } from 'vitest';
import { documentText, exportDocument } from '../../src/main/interchange/export';
import { seed, seedDocument } from '../../src/main/seed';
import type { TestServices as Services } from '../support/surface';
import { isDestructive, needsDecision } from '@shared/decisions';
import { followUpStatuses, treatmentKinds } from '@shared/vocabulary';
import { testActor as actor, testServices } from '../support/store';

const today = '2025-06-30';
const exportText = async (services: Services): Promise<string> => [...documentText(await exportDocument(services.store.records))].join('');
const dayNumber = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000;

describe('seeding', () => {
  it('gives the same export for the same seed in two fresh databases', async () => {
    const a = testServices();
    const b = testServices();
    const summary = await seed(a.store.records, actor, { patients: 40, seed: 7, today });
    await seed(b.store.records, actor, { patients: 40, seed: 7, today });
    expect(await exportText(a)).toBe(await exportText(b));
    expect(summary.imported.patients).toBe(40);
    expect(Object.keys(summary.visitIds)[0]).toBe('SYN7-000001-v01');

    const other = testServices();
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
    const services = testServices();
    await seed(services.store.records, actor, { patients: 5, seed: 7, today });
    const again = await seed(services.store.records, actor, { patients: 5, seed: 7, today });
    expect(again.imported).toMatchObject({ clinicians: 0, patients: 5 });
    expect(Object.keys(again.visitIds)[0]).toBe('SYN7-000006-v01');
    const names = services.store.sqlite.prepare('select given_name || family_name from patients order by id').pluck().all() as string[];
    expect(names.slice(5)).not.toEqual(names.slice(0, 5));
  });
});

describe('the synthetic record', () => {
  const doc = seedDocument({ patients: 800, seed: 1, today });
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
    const waiting = visits.filter(({ visit }) => visit.presentations?.some((p) => needsDecision(judged(p))));
    expect(waiting.length).toBeGreaterThan(50);
    for (const { visit } of waiting) expect(visit.treatments?.filter((t) => isDestructive(t.kind))).toEqual([]);
  });
});
