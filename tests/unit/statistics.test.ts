/**
 * The practice statistics (`statistics.md`, procedure codes in `vocabulary.md`) over a real
 * record, SQLite file or practice server. Every expected figure is either written out by hand
 * below (the worked fixture) or computed by the plain TypeScript model at the end of this file
 * from the fixture's own input: never by the service itself.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '@shared/errors';
import type { FollowUpInput, PresentationInput, TreatmentInput, VisitInput } from '@shared/schemas';
import type { StatsSummary, TreatmentRow } from '@shared/stats';
import type { Side, Site, TreatmentKind } from '@shared/vocabulary';
import { engineServices, rawSql } from '../support/engine';
import { testActor as actor } from '../support/store';

type Services = ReturnType<typeof engineServices>;

// ---------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------

/**
 * A key whose count is zero may be left out (`statistics.md`), so both sides of a
 * comparison drop zeros and the objects they leave empty. Anything else (null, a negative,
 * a string) is kept and so still fails the comparison.
 */
function nz(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const kept = nz(v);
    if (kept === 0) continue;
    if (kept !== null && typeof kept === 'object' && !Array.isArray(kept) && Object.keys(kept).length === 0) continue;
    out[k] = kept;
  }
  return out;
}

/** The summary with zero counts dropped from every count map; months and followUps kept whole. */
function comparable(s: StatsSummary) {
  return {
    period: s.period,
    visits: s.visits,
    patients: s.patients,
    newPatients: s.newPatients,
    presentationsByType: nz(s.presentationsByType),
    presentationsBySite: nz(s.presentationsBySite),
    redFlagged: s.redFlagged,
    treatmentsByKind: nz(s.treatmentsByKind),
    // Every month stays, empty or not; only zero kinds inside a month may be left out.
    treatmentsByMonth: s.treatmentsByMonth.map((m) => ({ month: m.month, kinds: nz(m.kinds) })),
    treatmentsByClinician: nz(s.treatmentsByClinician),
    procedureCodes: nz(s.procedureCodes),
    // Always all five keys: compared exactly.
    followUps: s.followUps,
    outcomesByKind: nz(s.outcomesByKind),
  };
}

const followUpKeys = ['cancelled', 'completed', 'missed', 'overdue', 'scheduled'];

/** A procedure (consent and anaesthesia recorded), with an optional side and details. */
function proc(kind: TreatmentKind, site: Site, lesionsTreated: number, performedBy: number, side?: Side, details?: Record<string, unknown>): TreatmentInput {
  return {
    kind,
    site,
    ...(side ? { side } : {}),
    lesionsTreated,
    anesthesia: 'none',
    consent: true,
    performedBy,
    ...(details ? { details } : {}),
  } as TreatmentInput;
}

const peel = (site: Site, depth: 'epidermal' | 'dermal', lesions: number, by: number, side?: Side): TreatmentInput =>
  proc('chemical_peel', site, lesions, by, side, { agent: depth === 'dermal' ? 'tca' : 'glycolic', depth });

function pres(type: PresentationInput['type'], site: Site, count: number, extra: Partial<PresentationInput> = {}): PresentationInput {
  return { type, site, count, ...extra };
}

const due = (dueDate: string): FollowUpInput => ({ dueDate, status: 'scheduled' });

/** A small practice: clinicians, a patient factory and a visit factory. */
async function practiceBase() {
  const s = engineServices();
  const ada = await s.clinicians.save(actor, { name: 'Dr Ada Okafor', role: 'dermatologist' });
  const per = await s.clinicians.save(actor, { name: 'Nurse Per Lindqvist', role: 'nurse' });
  const ben = await s.clinicians.save(actor, { name: 'Dr Ben Mensah', role: 'dermatologist' });
  // Sees patients but performs nothing: must not appear in treatmentsByClinician.
  const cara = await s.clinicians.save(actor, { name: 'Dr Cara Diallo', role: 'dermatologist' });
  const patient = async (givenName: string, dateOfBirth = '1980-01-01') =>
    await s.patients.create(actor, {
      givenName,
      familyName: 'Tester',
      dateOfBirth,
      sex: 'female',
      email: `${givenName.toLowerCase()}@example.org`,
    });
  const visit = async (patientId: number, date: string, clinicianId: number, parts: Partial<VisitInput> = {}) =>
    await s.visits.save(actor, { patientId, date, clinicianId, pregnancyStatus: 'neither', ...parts });
  return { s, ada, per, ben, cara, patient, visit };
}

const summaryOf = async (s: Services, from: string, to: string, asOf?: string) =>
  await s.stats.summary(actor, asOf === undefined ? { from, to } : { from, to, asOf });

const auditLines = async (s: Services) =>
  await rawSql(s.store).all("select actor, action, entity, entity_id, detail from audit_log where entity = 'statistics' order by id");

// ---------------------------------------------------------------------------------------
// The worked fixture: a period 2025-11-15 to 2026-02-10 (crosses a year end, cuts
// November and February), asOf 2026-01-20. Every figure below is counted by hand.
// ---------------------------------------------------------------------------------------

const FROM = '2025-11-15';
const TO = '2026-02-10';
const AS_OF = '2026-01-20';

async function practice() {
  const base = await practiceBase();
  const { s, ada, per, ben, cara, patient, visit } = base;
  // Created in reverse, so patient ids do not match the pseudonyms' order of first appearance.
  const eve = await patient('Eve');
  // A newborn: neonatal milia are recorded for babies under 3 months only.
  const dee = await patient('Dee', '2025-10-29');
  const cy = await patient('Cy');
  const bea = await patient('Bea');
  const ann = await patient('Ann');

  // --- Outside the period -------------------------------------------------------------
  // V0: Ann's first visit ever, before the period: Ann is not a new patient. Its follow-up
  // is due inside the period and completed: counts in followUps.completed, not in outcomes.
  const v0 = await visit(ann.id, '2025-10-01', ada.id, {
    presentations: [pres('primary', 'nose', 2)],
    treatments: [proc('extraction', 'nose', 2, ada.id)],
    followUps: [due('2025-12-01')],
  });
  // V_out1: the day before `from`; Bea's first visit. Red flag and a follow-up due that day.
  await visit(bea.id, '2025-11-14', ada.id, {
    presentations: [pres('primary', 'forehead', 1, { redFlags: ['growth'], decision: 'biopsy' })],
    treatments: [proc('curettage', 'forehead', 1, ada.id)],
    followUps: [due('2025-11-14')],
  });
  // V_out2: the day after `to`; a follow-up due that same day.
  await visit(cy.id, '2026-02-11', ben.id, {
    presentations: [pres('primary', 'chin', 3)],
    treatments: [proc('cryotherapy', 'chin', 3, ben.id)],
    followUps: [due('2026-02-11')],
  });

  // --- Inside the period (V5 saved before the others to test ordering by date) -------------
  // V5, last day: epidermal peels on the trunk (15792), the cheek and the forehead (15788 once).
  // Its follow-up is due after the period but the visit is inside: its outcome counts.
  const v5 = await visit(eve.id, '2026-02-10', ada.id, {
    presentations: [pres('primary', 'trunk', 3), pres('primary', 'cheek', 2, { side: 'right' }), pres('primary', 'forehead', 1)],
    treatments: [peel('trunk', 'epidermal', 3, ada.id), peel('cheek', 'epidermal', 2, ada.id, 'right'), peel('forehead', 'epidermal', 1, ada.id)],
    followUps: [due('2026-03-10')],
  });
  // V1, first day: two extractions (10040 once) and cryotherapy 5 lesions (17110).
  const v1 = await visit(ann.id, '2025-11-15', ada.id, {
    presentations: [
      pres('primary', 'upper_eyelid', 3, { side: 'left' }),
      pres('primary', 'upper_eyelid', 2, { side: 'right' }),
      pres('primary', 'cheek', 5, { side: 'right' }),
    ],
    treatments: [
      proc('extraction', 'upper_eyelid', 3, ada.id, 'left', { instrument: 'needle' }),
      proc('cryotherapy', 'cheek', 5, per.id, 'right', { method: 'spray' }),
      proc('extraction', 'upper_eyelid', 2, ada.id, 'right'),
    ],
    followUps: [due('2025-12-13')],
  });
  // V2: seen by Cara, treated by Per; destruction 7 + 7 = 14 across two kinds -> 17110.
  const v2 = await visit(bea.id, '2025-12-05', cara.id, {
    presentations: [
      pres('secondary', 'trunk', 10, { triggers: ['burn'], redFlags: ['growth'], decision: 'biopsy' }),
      pres('secondary', 'cheek', 1, { side: 'left', triggers: ['burn'] }),
    ],
    treatments: [proc('curettage', 'trunk', 7, per.id), proc('electrodesiccation', 'trunk', 7, per.id)],
    // Due before asOf (overdue) and due on asOf (not overdue).
    followUps: [due('2026-01-05'), due('2026-01-20')],
  });
  // V3: seen by Ada, treated by Ben; destruction 10 + 5 = 15 -> 17111. Two red flags on one
  // presentation count once. Follow-ups to be missed and cancelled.
  const v3 = await visit(cy.id, '2025-12-20', ada.id, {
    presentations: [
      pres('multiple_eruptive', 'upper_limb', 20, {
        side: 'bilateral',
        redFlags: ['rapid_spread', 'pain'],
        decision: 'proceed',
        decisionNote: 'Typical pearly papules',
      }),
      pres('multiple_eruptive', 'upper_limb', 5, { side: 'left' }),
    ],
    treatments: [proc('cryotherapy', 'upper_limb', 10, ben.id, 'bilateral'), proc('laser_ablation', 'upper_limb', 5, ben.id, 'left', { laser: 'co2' })],
    followUps: [due('2026-01-17'), due('2026-02-10')],
  });
  // V4: January's only visit, no treatment: January is an empty month.
  await visit(dee.id, '2026-01-08', cara.id, { presentations: [pres('neonatal', 'nose', 6)] });
  // V6: dermal peels on the neck (face, 15789) and the palate (just past `neck`: elsewhere,
  // 15793), a retinoid and observation (0 lesions). Completed follow-up: outcome under each kind once.
  const v6 = await visit(ann.id, '2026-02-01', ben.id, {
    presentations: [pres('primary', 'neck', 1), pres('primary', 'nose', 1, { redFlags: ['uncertain_diagnosis'], decision: 'referral' })],
    treatments: [
      peel('neck', 'dermal', 1, ben.id),
      peel('oral_mucosa', 'dermal', 1, ben.id),
      { kind: 'topical_retinoid', site: 'cheek', side: 'left', lesionsTreated: 0, performedBy: per.id, details: { product: 'adapalene' } },
      { kind: 'observation', site: 'nose', lesionsTreated: 0, performedBy: ben.id },
    ],
    followUps: [due('2026-02-09')],
  });
  // V7: cryotherapy with 0 lesions (the schema allows it): no destruction code at all.
  await visit(cy.id, '2026-02-05', ada.id, {
    presentations: [pres('primary', 'nose', 2)],
    treatments: [proc('cryotherapy', 'nose', 0, ada.id), proc('other', 'nose', 1, ada.id)],
    followUps: [due('2026-02-10')],
  });

  // --- Follow-up outcomes ------------------------------------------------------------------
  await s.followUps.complete(actor, { id: v0.followUps[0]!.id, outcome: 'improved', completedDate: '2025-12-01' });
  await s.followUps.complete(actor, { id: v1.followUps[0]!.id, outcome: 'cleared', completedDate: '2025-12-13' });
  await s.followUps.miss(actor, { id: v3.followUps[0]!.id });
  await s.followUps.cancel(actor, { id: v3.followUps[1]!.id });
  await s.followUps.complete(actor, { id: v5.followUps[0]!.id, outcome: 'improved', completedDate: '2026-03-10' });
  await s.followUps.complete(actor, { id: v6.followUps[0]!.id, outcome: 'unchanged', completedDate: '2026-02-09' });

  return { ...base, ann, bea, cy, dee, eve, v2 };
}

/** The worked fixture's summary, counted by hand (see the comments in `practice`). */
const expectedSummary: StatsSummary = {
  period: { from: FROM, to: TO, asOf: AS_OF },
  visits: 7, // V1, V2, V3, V4, V5, V6, V7
  patients: 5, // Ann, Bea, Cy, Dee, Eve
  newPatients: 3, // Cy, Dee, Eve (Ann and Bea were first seen before the 15th of November)
  presentationsByType: {
    primary: { presentations: 9, lesions: 20 }, // V1 3+2+5, V5 3+2+1, V6 1+1, V7 2
    secondary: { presentations: 2, lesions: 11 },
    multiple_eruptive: { presentations: 2, lesions: 25 },
    neonatal: { presentations: 1, lesions: 6 },
  },
  presentationsBySite: {
    upper_eyelid: { presentations: 2, lesions: 5 }, // left 3 + right 2
    cheek: { presentations: 3, lesions: 8 }, // V1 right 5, V2 left 1, V5 right 2
    trunk: { presentations: 2, lesions: 13 },
    upper_limb: { presentations: 2, lesions: 25 }, // bilateral 20 + left 5
    nose: { presentations: 3, lesions: 9 }, // V4 6, V6 1, V7 2
    neck: { presentations: 1, lesions: 1 },
    forehead: { presentations: 1, lesions: 1 }, // V5 only; V_out1's is outside
  },
  redFlagged: 3, // V2 trunk, V3 bilateral arm (two flags), V6 nose
  treatmentsByKind: {
    extraction: { treatments: 2, lesionsTreated: 5, patients: 1 },
    cryotherapy: { treatments: 3, lesionsTreated: 15, patients: 2 }, // Ann 5, Cy 10 + 0
    curettage: { treatments: 1, lesionsTreated: 7, patients: 1 },
    electrodesiccation: { treatments: 1, lesionsTreated: 7, patients: 1 },
    laser_ablation: { treatments: 1, lesionsTreated: 5, patients: 1 },
    chemical_peel: { treatments: 5, lesionsTreated: 8, patients: 2 }, // Eve 3+2+1, Ann 1+1
    topical_retinoid: { treatments: 1, lesionsTreated: 0, patients: 1 },
    observation: { treatments: 1, lesionsTreated: 0, patients: 1 },
    other: { treatments: 1, lesionsTreated: 1, patients: 1 },
  },
  treatmentsByMonth: [
    { month: '2025-11', kinds: { extraction: 2, cryotherapy: 1 } },
    { month: '2025-12', kinds: { curettage: 1, electrodesiccation: 1, cryotherapy: 1, laser_ablation: 1 } },
    { month: '2026-01', kinds: {} },
    { month: '2026-02', kinds: { chemical_peel: 5, topical_retinoid: 1, observation: 1, cryotherapy: 1, other: 1 } },
  ],
  treatmentsByClinician: {
    'Dr Ada Okafor': { extraction: 2, chemical_peel: 3, cryotherapy: 1, other: 1 },
    'Nurse Per Lindqvist': { cryotherapy: 1, curettage: 1, electrodesiccation: 1, topical_retinoid: 1 },
    'Dr Ben Mensah': { cryotherapy: 1, laser_ablation: 1, chemical_peel: 2, observation: 1 },
  },
  procedureCodes: { '10040': 1, '17110': 2, '17111': 1, '15788': 1, '15789': 1, '15792': 1, '15793': 1 },
  // Due in the period: V0 12-01 completed, V1 12-13 completed, V2 01-05 and 01-20 scheduled,
  // V3 01-17 missed and 02-10 cancelled, V6 02-09 completed, V7 02-10 scheduled.
  followUps: { scheduled: 3, completed: 3, missed: 1, cancelled: 1, overdue: 1 },
  outcomesByKind: {
    extraction: { cleared: 1 }, // V1: two extractions, counted once
    cryotherapy: { cleared: 1 },
    chemical_peel: { improved: 1, unchanged: 1 }, // V5 and V6
    topical_retinoid: { unchanged: 1 },
    observation: { unchanged: 1 },
  },
};

describe('the summary of a period that crosses a year end and cuts two months', () => {
  it('matches the hand-counted figures of the worked fixture', async () => {
    const { s } = await practice();
    const summary = await summaryOf(s, FROM, TO, AS_OF);
    expect(comparable(summary)).toEqual(comparable(expectedSummary));
    expect(Object.keys(summary.followUps).sort()).toEqual(followUpKeys);
  });

  it('leaves out the visits of the day before and the day after, and includes both end days', async () => {
    const { s } = await practice();
    // Widening by one day on each side brings in V_out1 (Bea) and V_out2 (Cy): two more visits,
    // a curettage and a cryotherapy, and no new patient (both have visits already counted).
    const wide = await summaryOf(s, '2025-11-14', '2026-02-11', AS_OF);
    expect(wide.visits).toBe(9);
    expect(wide.patients).toBe(5);
    expect(wide.newPatients).toBe(4); // Bea's first visit (11-14) is now inside
    expect(nz(wide.treatmentsByKind.curettage)).toEqual({ treatments: 2, lesionsTreated: 8, patients: 1 });
    expect(nz(wide.treatmentsByKind.cryotherapy)).toEqual({ treatments: 4, lesionsTreated: 18, patients: 2 });
    expect(wide.redFlagged).toBe(4);
    // Only the end days: V1 on the first and V5 on the last.
    expect((await summaryOf(s, FROM, FROM, AS_OF)).visits).toBe(1);
    expect((await summaryOf(s, TO, TO, AS_OF)).visits).toBe(1);
  });

  it('lists every month the period touches, in order, with empty January present', async () => {
    const { s } = await practice();
    const summary = await summaryOf(s, FROM, TO, AS_OF);
    expect(summary.treatmentsByMonth.map((m) => m.month)).toEqual(['2025-11', '2025-12', '2026-01', '2026-02']);
    expect(nz(summary.treatmentsByMonth[2]!.kinds)).toEqual({});
  });

  it('counts as new only patients whose first visit ever is in the period', async () => {
    const { s } = await practice();
    expect((await summaryOf(s, FROM, TO, AS_OF)).newPatients).toBe(3);
    // From the 1st of October Ann's first visit (V0) is inside too.
    expect((await summaryOf(s, '2025-10-01', TO, AS_OF)).newPatients).toBe(5);
    // A period holding only Ann's later visit: she is a patient of the period, not a new one.
    const feb1 = await summaryOf(s, '2026-02-01', '2026-02-01', AS_OF);
    expect([feb1.patients, feb1.newPatients]).toEqual([1, 0]);
  });

  it('counts both sides of a paired site together and a presentation with several red flags once', async () => {
    const { s } = await practice();
    const summary = await summaryOf(s, FROM, TO, AS_OF);
    expect(summary.presentationsBySite.upper_limb).toEqual({ presentations: 2, lesions: 25 });
    expect(summary.presentationsBySite.cheek).toEqual({ presentations: 3, lesions: 8 });
    expect(summary.redFlagged).toBe(3);
    // December alone: V2's trunk and V3's arm with two flags -> 2.
    expect((await summaryOf(s, '2025-12-01', '2025-12-31', AS_OF)).redFlagged).toBe(2);
  });

  it('keys treatments by who performed them, not by the clinician of the visit', async () => {
    const { s } = await practice();
    const byClinician = (await summaryOf(s, FROM, TO, AS_OF)).treatmentsByClinician;
    // Cara saw Bea (V2) and Dee (V4) but performed nothing.
    expect(byClinician['Dr Cara Diallo']).toBeUndefined();
    // December: V2 (visit by Cara, done by Per) and V3 (visit by Ada, done by Ben).
    expect(nz((await summaryOf(s, '2025-12-01', '2025-12-31', AS_OF)).treatmentsByClinician)).toEqual({
      'Nurse Per Lindqvist': { curettage: 1, electrodesiccation: 1 },
      'Dr Ben Mensah': { cryotherapy: 1, laser_ablation: 1 },
    });
  });

  it('counts distinct patients per treatment kind', async () => {
    const { s } = await practice();
    const byKind = (await summaryOf(s, FROM, TO, AS_OF)).treatmentsByKind;
    // Cy has two cryotherapies (V3, V7) and Ann one: 3 treatments, 2 patients.
    expect(byKind.cryotherapy).toEqual({ treatments: 3, lesionsTreated: 15, patients: 2 });
    // Ann's two extractions on one visit: 1 patient.
    expect(byKind.extraction).toEqual({ treatments: 2, lesionsTreated: 5, patients: 1 });
  });

  it('follows an edited visit into another period', async () => {
    const { s, v2, bea, cara } = await practice();
    // V2 moves from December to January: December loses its curettage, January gains it.
    await s.visits.save(actor, {
      id: v2.id,
      patientId: bea.id,
      pregnancyStatus: 'neither',
      date: '2026-01-02',
      clinicianId: cara.id,
      treatments: [proc('curettage', 'trunk', 7, v2.treatments[0]!.performedById)],
      followUps: v2.followUps.map((f) => ({ id: f.id, dueDate: f.dueDate, status: f.status })),
    });
    const months = (await summaryOf(s, FROM, TO, AS_OF)).treatmentsByMonth;
    expect(months.map((m) => nz(m.kinds))).toEqual([
      { extraction: 2, cryotherapy: 1 },
      { cryotherapy: 1, laser_ablation: 1 },
      { curettage: 1 },
      { chemical_peel: 5, topical_retinoid: 1, observation: 1, cryotherapy: 1, other: 1 },
    ]);
  });

  it('defaults asOf to today on this workstation', async () => {
    const { s } = await practice();
    const now = new Date();
    const today = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
    expect((await summaryOf(s, FROM, TO)).period).toEqual({ from: FROM, to: TO, asOf: today });
  });

  it('reads figures without leaving an audit line', async () => {
    const { s } = await practice();
    await summaryOf(s, FROM, TO, AS_OF);
    expect(await auditLines(s)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Procedure codes, one rule at a time on small fixtures
// ---------------------------------------------------------------------------------------

describe('procedure codes', () => {
  it('earns 17110 for 1-14 destruction lesions on a visit and 17111 for 15 or more, never both', async () => {
    const { s, ada, per, patient, visit } = await practiceBase();
    const p = await patient('Ann');
    // 14 across two kinds; the extraction's and the peel's lesions do not add to destruction.
    await visit(p.id, '2026-03-02', ada.id, {
      treatments: [
        proc('cryotherapy', 'nose', 9, ada.id),
        proc('curettage', 'chin', 5, per.id),
        proc('extraction', 'forehead', 20, ada.id),
        peel('trunk', 'epidermal', 10, ada.id),
      ],
    });
    // 15 across two kinds.
    await visit(p.id, '2026-03-03', ada.id, { treatments: [proc('electrodesiccation', 'nose', 8, ada.id), proc('laser_ablation', 'chin', 7, ada.id)] });
    // 1 lesion: the lower end of 17110.
    await visit(p.id, '2026-03-04', ada.id, { treatments: [proc('curettage', 'nose', 1, ada.id)] });
    // 0 lesions on a destruction kind is allowed by the schema: neither code.
    await visit(p.id, '2026-03-05', ada.id, { treatments: [proc('cryotherapy', 'nose', 0, ada.id), proc('laser_ablation', 'chin', 0, ada.id)] });

    const codes = (await summaryOf(s, '2026-03-01', '2026-03-31', '2026-03-31')).procedureCodes;
    expect(nz(codes)).toEqual({ '10040': 1, '17110': 2, '17111': 1, '15792': 1 });

    const rows = (await s.stats.exportData(actor, { from: '2026-03-01', to: '2026-03-31', format: 'csv' })).rows;
    expect(rows.map((r) => [r.visitDate, r.kind, r.lesionsTreated, r.procedureCode])).toEqual([
      ['2026-03-02', 'cryotherapy', 9, '17110'],
      ['2026-03-02', 'curettage', 5, '17110'],
      ['2026-03-02', 'extraction', 20, '10040'],
      ['2026-03-02', 'chemical_peel', 10, '15792'],
      ['2026-03-03', 'electrodesiccation', 8, '17111'],
      ['2026-03-03', 'laser_ablation', 7, '17111'],
      ['2026-03-04', 'curettage', 1, '17110'],
      ['2026-03-05', 'cryotherapy', 0, null],
      ['2026-03-05', 'laser_ablation', 0, null],
    ]);
  });

  it('counts 10040 once per visit with extractions, whatever their number', async () => {
    const { s, ada, patient, visit } = await practiceBase();
    const ann = await patient('Ann');
    const bea = await patient('Bea');
    await visit(ann.id, '2026-03-02', ada.id, {
      treatments: [proc('extraction', 'nose', 4, ada.id), proc('extraction', 'cheek', 3, ada.id, 'left'), proc('extraction', 'chin', 1, ada.id)],
    });
    await visit(bea.id, '2026-03-09', ada.id, { treatments: [proc('extraction', 'nose', 1, ada.id)] });
    expect(nz((await summaryOf(s, '2026-03-01', '2026-03-31', '2026-03-31')).procedureCodes)).toEqual({ '10040': 2 });
    expect(nz((await summaryOf(s, '2026-03-01', '2026-03-08', '2026-03-31')).procedureCodes)).toEqual({ '10040': 1 });
  });

  it('codes peels by depth and by face or head (scalp to neck) against elsewhere, once per visit', async () => {
    const { s, ada, patient, visit } = await practiceBase();
    const p = await patient('Ann');
    // Epidermal on the trunk and on the cheek: one visit under 15792 and under 15788.
    await visit(p.id, '2026-03-02', ada.id, { treatments: [peel('trunk', 'epidermal', 2, ada.id), peel('cheek', 'epidermal', 3, ada.id, 'left')] });
    // Dermal on the scalp (first face site) twice on one visit: 15789 once.
    await visit(p.id, '2026-03-03', ada.id, { treatments: [peel('scalp', 'dermal', 1, ada.id), peel('scalp', 'dermal', 1, ada.id)] });
    // Dermal on the arm: 15793; epidermal on the neck (last face site): 15788.
    await visit(p.id, '2026-03-04', ada.id, { treatments: [peel('upper_limb', 'dermal', 2, ada.id, 'right'), peel('neck', 'epidermal', 1, ada.id)] });
    // Epidermal on the palate (the site right after neck): elsewhere, 15792.
    await visit(p.id, '2026-03-05', ada.id, { treatments: [peel('oral_mucosa', 'epidermal', 1, ada.id)] });

    expect(nz((await summaryOf(s, '2026-03-01', '2026-03-31', '2026-03-31')).procedureCodes)).toEqual({ '15788': 2, '15789': 1, '15792': 2, '15793': 1 });
    const rows = (await s.stats.exportData(actor, { from: '2026-03-01', to: '2026-03-31', format: 'xlsx' })).rows;
    expect(rows.map((r) => [r.site, r.procedureCode])).toEqual([
      ['trunk', '15792'],
      ['cheek', '15788'],
      ['scalp', '15789'],
      ['scalp', '15789'],
      ['upper_limb', '15793'],
      ['neck', '15788'],
      ['oral_mucosa', '15792'],
    ]);
  });

  it('gives no code to observation, drugs and other', async () => {
    const { s, ada, patient, visit } = await practiceBase();
    const p = await patient('Ann');
    await visit(p.id, '2026-03-02', ada.id, {
      treatments: [
        { kind: 'observation', site: 'nose', lesionsTreated: 0, performedBy: ada.id },
        { kind: 'topical_retinoid', site: 'nose', lesionsTreated: 0, performedBy: ada.id, details: { product: 'tretinoin' } },
        { kind: 'oral_minocycline', site: 'trunk', lesionsTreated: 0, performedBy: ada.id, details: { doseMg: 100 } },
        proc('other', 'nose', 3, ada.id),
      ],
    });
    expect(nz((await summaryOf(s, '2026-03-01', '2026-03-31', '2026-03-31')).procedureCodes)).toEqual({});
    const rows = (await s.stats.exportData(actor, { from: '2026-03-01', to: '2026-03-31', format: 'csv' })).rows;
    expect(rows.map((r) => r.procedureCode)).toEqual([null, null, null, null]);
  });
});

// ---------------------------------------------------------------------------------------
// Follow-ups: counted by due date, overdue judged on asOf, outcomes by the visit's kinds
// ---------------------------------------------------------------------------------------

describe('follow-ups', () => {
  it('judges overdue on asOf: due before it is overdue, due on it is not', async () => {
    const { s } = await practice();
    // Scheduled and due in the period: 2026-01-05, 2026-01-20, 2026-02-10.
    const overdue = async (asOf: string) => (await summaryOf(s, FROM, TO, asOf)).followUps.overdue;
    expect(await overdue('2026-01-05')).toBe(0);
    expect(await overdue('2026-01-06')).toBe(1);
    expect(await overdue('2026-01-20')).toBe(1);
    expect(await overdue('2026-01-21')).toBe(2);
    expect(await overdue('2026-02-10')).toBe(2);
    expect(await overdue('2026-02-11')).toBe(3);
    // Scheduled follow-ups due outside the period (11-14, 02-11) never count, however late.
    expect((await summaryOf(s, FROM, TO, '2027-06-01')).followUps).toEqual({ scheduled: 3, completed: 3, missed: 1, cancelled: 1, overdue: 3 });
  });

  it('drops a follow-up from overdue once it is completed, missed or cancelled', async () => {
    const { s, v2 } = await practice();
    const asOf = '2026-02-11';
    expect((await summaryOf(s, FROM, TO, asOf)).followUps).toEqual({ scheduled: 3, completed: 3, missed: 1, cancelled: 1, overdue: 3 });
    await s.followUps.complete(actor, { id: v2.followUps[0]!.id, outcome: 'worsened', completedDate: '2026-01-07' });
    await s.followUps.miss(actor, { id: v2.followUps[1]!.id });
    expect((await summaryOf(s, FROM, TO, asOf)).followUps).toEqual({ scheduled: 1, completed: 4, missed: 2, cancelled: 1, overdue: 1 });
  });

  it('counts an outcome once under every distinct kind of its visit', async () => {
    const { s, ada, patient, visit } = await practiceBase();
    const p = await patient('Ann');
    const v = await visit(p.id, '2026-03-02', ada.id, {
      treatments: [proc('extraction', 'nose', 2, ada.id), proc('cryotherapy', 'chin', 1, ada.id), proc('extraction', 'cheek', 1, ada.id, 'right')],
      followUps: [due('2026-03-30')],
    });
    await s.followUps.complete(actor, { id: v.followUps[0]!.id, outcome: 'cleared', completedDate: '2026-03-30' });
    expect(nz((await summaryOf(s, '2026-03-01', '2026-03-31', '2026-03-31')).outcomesByKind)).toEqual({
      extraction: { cleared: 1 },
      cryotherapy: { cleared: 1 },
    });
  });

  it('counts outcomes by the period of the original visit, not of the due date', async () => {
    const { s } = await practice();
    // V0 (2025-10-01) has its completed follow-up due 2025-12-01, inside: no outcome.
    // V5 (2026-02-10) has its completed follow-up due 2026-03-10, outside: its outcome counts.
    const summary = await summaryOf(s, FROM, TO, AS_OF);
    expect(nz(summary.outcomesByKind)).toEqual(nz(expectedSummary.outcomesByKind));
    // From October, V0's extraction outcome joins.
    expect(nz((await summaryOf(s, '2025-10-01', TO, AS_OF)).outcomesByKind.extraction)).toEqual({ cleared: 1, improved: 1 });
    // February only: V5 and V6 (V1 is November).
    expect(nz((await summaryOf(s, '2026-02-01', '2026-02-28', AS_OF)).outcomesByKind)).toEqual({
      chemical_peel: { improved: 1, unchanged: 1 },
      topical_retinoid: { unchanged: 1 },
      observation: { unchanged: 1 },
    });
  });
});

// ---------------------------------------------------------------------------------------
// Empty databases and empty periods
// ---------------------------------------------------------------------------------------

describe('nothing to count', () => {
  const empty = (from: string, to: string, asOf: string, months: string[]): StatsSummary => ({
    period: { from, to, asOf },
    visits: 0,
    patients: 0,
    newPatients: 0,
    presentationsByType: {},
    presentationsBySite: {},
    redFlagged: 0,
    treatmentsByKind: {},
    treatmentsByMonth: months.map((month) => ({ month, kinds: {} })),
    treatmentsByClinician: {},
    procedureCodes: {},
    followUps: { scheduled: 0, completed: 0, missed: 0, cancelled: 0, overdue: 0 },
    outcomesByKind: {},
  });

  it('gives zeros and every month on an empty database', async () => {
    const s = engineServices();
    const summary = await summaryOf(s, FROM, TO, AS_OF);
    expect(comparable(summary)).toEqual(comparable(empty(FROM, TO, AS_OF, ['2025-11', '2025-12', '2026-01', '2026-02'])));
    expect(Object.keys(summary.followUps).sort()).toEqual(followUpKeys);
    const data = await s.stats.exportData(actor, { from: FROM, to: TO, asOf: AS_OF, format: 'csv' });
    expect(data.rows).toEqual([]);
    expect(comparable(data.summary)).toEqual(comparable(empty(FROM, TO, AS_OF, ['2025-11', '2025-12', '2026-01', '2026-02'])));
  });

  it('gives zeros for a period with no visits in a busy database', async () => {
    const { s } = await practice();
    expect(comparable(await summaryOf(s, '2026-06-01', '2026-08-31', AS_OF))).toEqual(
      comparable(empty('2026-06-01', '2026-08-31', AS_OF, ['2026-06', '2026-07', '2026-08'])),
    );
    // One day is one month; a two-day period across New Year is two.
    expect((await summaryOf(s, '2026-06-15', '2026-06-15', AS_OF)).treatmentsByMonth).toEqual([{ month: '2026-06', kinds: {} }]);
    expect((await summaryOf(s, '2026-12-31', '2027-01-01', AS_OF)).treatmentsByMonth.map((m) => m.month)).toEqual(['2026-12', '2027-01']);
    // A whole year and a day: 13 months, in order.
    expect((await summaryOf(s, '2027-01-01', '2028-01-01', AS_OF)).treatmentsByMonth.map((m) => m.month)).toEqual([
      '2027-01',
      '2027-02',
      '2027-03',
      '2027-04',
      '2027-05',
      '2027-06',
      '2027-07',
      '2027-08',
      '2027-09',
      '2027-10',
      '2027-11',
      '2027-12',
      '2028-01',
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Exports
// ---------------------------------------------------------------------------------------

describe('the export data', () => {
  /** The worked fixture's rows, by hand: visit date, then visit, then treatment position. */
  const expectedRows: TreatmentRow[] = [
    // V1, Ann: first to appear -> P-00001
    {
      visitDate: '2025-11-15',
      patient: 'P-00001',
      clinician: 'Dr Ada Okafor',
      kind: 'extraction',
      site: 'upper_eyelid',
      side: 'left',
      lesionsTreated: 3,
      procedureCode: '10040',
    },
    {
      visitDate: '2025-11-15',
      patient: 'P-00001',
      clinician: 'Nurse Per Lindqvist',
      kind: 'cryotherapy',
      site: 'cheek',
      side: 'right',
      lesionsTreated: 5,
      procedureCode: '17110',
    },
    {
      visitDate: '2025-11-15',
      patient: 'P-00001',
      clinician: 'Dr Ada Okafor',
      kind: 'extraction',
      site: 'upper_eyelid',
      side: 'right',
      lesionsTreated: 2,
      procedureCode: '10040',
    },
    // V2, Bea -> P-00002; 7 + 7 = 14
    {
      visitDate: '2025-12-05',
      patient: 'P-00002',
      clinician: 'Nurse Per Lindqvist',
      kind: 'curettage',
      site: 'trunk',
      side: null,
      lesionsTreated: 7,
      procedureCode: '17110',
    },
    {
      visitDate: '2025-12-05',
      patient: 'P-00002',
      clinician: 'Nurse Per Lindqvist',
      kind: 'electrodesiccation',
      site: 'trunk',
      side: null,
      lesionsTreated: 7,
      procedureCode: '17110',
    },
    // V3, Cy -> P-00003; 10 + 5 = 15
    {
      visitDate: '2025-12-20',
      patient: 'P-00003',
      clinician: 'Dr Ben Mensah',
      kind: 'cryotherapy',
      site: 'upper_limb',
      side: 'bilateral',
      lesionsTreated: 10,
      procedureCode: '17111',
    },
    {
      visitDate: '2025-12-20',
      patient: 'P-00003',
      clinician: 'Dr Ben Mensah',
      kind: 'laser_ablation',
      site: 'upper_limb',
      side: 'left',
      lesionsTreated: 5,
      procedureCode: '17111',
    },
    // V6, Ann again
    {
      visitDate: '2026-02-01',
      patient: 'P-00001',
      clinician: 'Dr Ben Mensah',
      kind: 'chemical_peel',
      site: 'neck',
      side: null,
      lesionsTreated: 1,
      procedureCode: '15789',
    },
    {
      visitDate: '2026-02-01',
      patient: 'P-00001',
      clinician: 'Dr Ben Mensah',
      kind: 'chemical_peel',
      site: 'oral_mucosa',
      side: null,
      lesionsTreated: 1,
      procedureCode: '15793',
    },
    {
      visitDate: '2026-02-01',
      patient: 'P-00001',
      clinician: 'Nurse Per Lindqvist',
      kind: 'topical_retinoid',
      site: 'cheek',
      side: 'left',
      lesionsTreated: 0,
      procedureCode: null,
    },
    {
      visitDate: '2026-02-01',
      patient: 'P-00001',
      clinician: 'Dr Ben Mensah',
      kind: 'observation',
      site: 'nose',
      side: null,
      lesionsTreated: 0,
      procedureCode: null,
    },
    // V7, Cy again; destruction 0
    {
      visitDate: '2026-02-05',
      patient: 'P-00003',
      clinician: 'Dr Ada Okafor',
      kind: 'cryotherapy',
      site: 'nose',
      side: null,
      lesionsTreated: 0,
      procedureCode: null,
    },
    {
      visitDate: '2026-02-05',
      patient: 'P-00003',
      clinician: 'Dr Ada Okafor',
      kind: 'other',
      site: 'nose',
      side: null,
      lesionsTreated: 1,
      procedureCode: null,
    },
    // V5, Eve -> P-00004 (saved first of all period visits, yet last by date)
    {
      visitDate: '2026-02-10',
      patient: 'P-00004',
      clinician: 'Dr Ada Okafor',
      kind: 'chemical_peel',
      site: 'trunk',
      side: null,
      lesionsTreated: 3,
      procedureCode: '15792',
    },
    {
      visitDate: '2026-02-10',
      patient: 'P-00004',
      clinician: 'Dr Ada Okafor',
      kind: 'chemical_peel',
      site: 'cheek',
      side: 'right',
      lesionsTreated: 2,
      procedureCode: '15788',
    },
    {
      visitDate: '2026-02-10',
      patient: 'P-00004',
      clinician: 'Dr Ada Okafor',
      kind: 'chemical_peel',
      site: 'forehead',
      side: null,
      lesionsTreated: 1,
      procedureCode: '15788',
    },
  ];

  it('gives one row per treatment in order, pseudonyms by first appearance and codes per treatment', async () => {
    const { s } = await practice();
    const data = await s.stats.exportData(actor, { from: FROM, to: TO, asOf: AS_OF, format: 'csv' });
    expect(data.format).toBe('csv');
    expect(data.rows).toEqual(expectedRows);
    // The export's summary is the same hand-counted summary.
    expect(comparable(data.summary)).toEqual(comparable(expectedSummary));
  });

  it('orders visits of one day by visit, then by treatment position', async () => {
    const { s, ada, patient, visit } = await practiceBase();
    const ann = await patient('Ann');
    const bea = await patient('Bea');
    await visit(bea.id, '2026-03-02', ada.id, { treatments: [proc('curettage', 'nose', 1, ada.id), proc('extraction', 'chin', 1, ada.id)] });
    await visit(ann.id, '2026-03-02', ada.id, { treatments: [proc('cryotherapy', 'nose', 1, ada.id)] });
    await visit(ann.id, '2026-03-01', ada.id, { treatments: [proc('laser_ablation', 'nose', 1, ada.id)] });
    const rows = (await s.stats.exportData(actor, { from: '2026-03-01', to: '2026-03-02', format: 'csv' })).rows;
    expect(rows.map((r) => [r.visitDate, r.patient, r.kind])).toEqual([
      ['2026-03-01', 'P-00001', 'laser_ablation'],
      ['2026-03-02', 'P-00002', 'curettage'],
      ['2026-03-02', 'P-00002', 'extraction'],
      ['2026-03-02', 'P-00001', 'cryotherapy'],
    ]);
  });

  it('carries no name, MRN, date of birth, phone or email', async () => {
    const { s, ann, bea, cy, dee, eve } = await practice();
    const text = JSON.stringify(await s.stats.exportData(actor, { from: FROM, to: TO, asOf: AS_OF, format: 'xlsx' }));
    for (const p of [ann, bea, cy, dee, eve]) {
      for (const identifier of [p.givenName, p.familyName, p.mrn, p.dateOfBirth, `${p.givenName.toLowerCase()}@example.org`]) {
        expect(text).not.toContain(identifier);
      }
    }
  });

  it('writes one audit line per export with its format, period and size', async () => {
    const { s } = await practice();
    await s.stats.exportData(actor, { from: FROM, to: TO, asOf: AS_OF, format: 'csv' });
    await s.stats.exportData(actor, { from: '2026-02-01', to: TO, format: 'xlsx' });
    expect(await auditLines(s)).toEqual([
      { actor: 'Test Runner (command line)', action: 'export', entity: 'statistics', entity_id: null, detail: 'csv, 2025-11-15 to 2026-02-10, 16 treatments' },
      { actor: 'Test Runner (command line)', action: 'export', entity: 'statistics', entity_id: null, detail: 'xlsx, 2026-02-01 to 2026-02-10, 9 treatments' },
    ]);
  });
});

// ---------------------------------------------------------------------------------------
// Invalid input
// ---------------------------------------------------------------------------------------

describe('invalid input', () => {
  /** The error thrown, which must be a validation AppError. */
  async function refusal(run: () => Promise<unknown>): Promise<AppError> {
    try {
      await run();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).kind).toBe('validation');
      return e as AppError;
    }
    throw new Error('expected a validation error, but the call succeeded');
  }

  it('refuses a period that ends before it starts, bad dates and extra keys, with plain messages', async () => {
    const s = engineServices();
    expect((await refusal(async () => await s.stats.summary(actor, { from: '2026-02-10', to: '2026-02-09' }))).message).toBe(
      'Check the statistics period: to: must be on or after the "from" day: swap the two days.',
    );
    expect((await refusal(async () => await s.stats.summary(actor, { from: '2026-02-30', to: '2026-03-01' }))).issues).toEqual([
      { path: 'from', message: 'must be a real date written YYYY-MM-DD, from 1900 on' },
    ]);
    expect((await refusal(async () => await s.stats.summary(actor, { from: '2026-1-5', to: '2026-12-01' }))).issues.map((i) => i.path)).toEqual(['from']);
    expect(
      (await refusal(async () => await s.stats.summary(actor, { from: '2026-01-01', to: '2026-03-01', asOf: 'yesterday' }))).issues.map((i) => i.path),
    ).toEqual(['asOf']);
    expect((await refusal(async () => await s.stats.summary(actor, { from: '2026-01-01' }))).issues).toEqual([{ path: 'to', message: 'is required' }]);
    expect((await refusal(async () => await s.stats.summary(actor, { from: '2026-01-01', to: '2026-03-01', clinician: 'Ada' }))).issues).toEqual([
      { path: 'clinician', message: 'is not a known field: check its spelling' },
    ]);
    // The summary takes no format.
    expect(
      (await refusal(async () => await s.stats.summary(actor, { from: '2026-01-01', to: '2026-03-01', format: 'csv' }))).issues.map((i) => i.path),
    ).toEqual(['format']);
  });

  it('refuses an unknown export format or a reversed period, and audits nothing', async () => {
    const s = engineServices();
    expect((await refusal(async () => await s.stats.exportData(actor, { from: '2026-01-01', to: '2026-03-01', format: 'pdf' }))).message).toBe(
      'Check the statistics export: format: must be csv or xlsx.',
    );
    expect((await refusal(async () => await s.stats.exportData(actor, { from: '2026-01-01', to: '2026-03-01' }))).issues.map((i) => i.path)).toEqual([
      'format',
    ]);
    expect(
      (await refusal(async () => await s.stats.exportData(actor, { from: '2026-03-02', to: '2026-03-01', format: 'csv' }))).issues.map((i) => i.path),
    ).toEqual(['to']);
    expect(await auditLines(s)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------
// Against a plain model: seeded random practices, every figure recomputed in TypeScript
// ---------------------------------------------------------------------------------------

/** A small seeded generator (mulberry32), so a failure can be replayed by its seed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(list: readonly T[]): T => list[int(0, list.length - 1)]!;
  return { next, int, pick };
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The model's view of what was saved: enough to compute every figure. */
interface ModelVisit {
  id: number;
  patientId: number;
  date: string;
  presentations: { type: string; site: Site; count: number; flagged: boolean }[];
  treatments: { kind: TreatmentKind; site: Site; side: Side | null; lesions: number; performer: string; depth?: 'epidermal' | 'dermal' }[];
  followUps: { dueDate: string; status: 'scheduled' | 'completed' | 'missed' | 'cancelled'; outcome?: string }[];
}

const faceAndHead: Site[] = [
  'scalp',
  'forehead',
  'glabella',
  'temple',
  'upper_eyelid',
  'lower_eyelid',
  'periorbital',
  'nose',
  'cheek',
  'ear',
  'perioral',
  'chin',
  'jaw',
  'neck',
];
const pairedSiteList: Site[] = ['temple', 'upper_eyelid', 'lower_eyelid', 'periorbital', 'cheek', 'ear', 'jaw', 'upper_limb', 'lower_limb'];
const allSites: Site[] = [...faceAndHead, 'oral_mucosa', 'trunk', 'upper_limb', 'lower_limb', 'genital', 'other'];
const destructive: TreatmentKind[] = ['curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation'];

/** Every figure of `statistics.md`, computed by looping over the model. */
function model(visits: ModelVisit[], from: string, to: string, asOf: string) {
  const inPeriod = (d: string) => d >= from && d <= to;
  const sorted = [...visits].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  const period = sorted.filter((v) => inPeriod(v.date));
  const add = (o: Record<string, number>, k: string, n = 1) => (o[k] = (o[k] ?? 0) + n);

  const patients = new Set(period.map((v) => v.patientId));
  let newPatients = 0;
  for (const p of patients) if (!visits.some((v) => v.patientId === p && v.date < from)) newPatients++;

  const byType: Record<string, { presentations: number; lesions: number }> = {};
  const bySite: Record<string, { presentations: number; lesions: number }> = {};
  let redFlagged = 0;
  const byKind: Record<string, { treatments: number; lesionsTreated: number; patients: number }> = {};
  const kindPatients: Record<string, Set<number>> = {};
  const byClinician: Record<string, Record<string, number>> = {};
  const codes: Record<string, number> = {};
  const outcomes: Record<string, Record<string, number>> = {};
  const rows: TreatmentRow[] = [];
  const pseudonyms = new Map<number, string>();

  // Months from the month of `from` to the month of `to`, by calendar arithmetic.
  const monthList: string[] = [];
  for (let d = new Date(`${from.slice(0, 7)}-01T00:00:00Z`); d.toISOString().slice(0, 7) <= to.slice(0, 7); d.setUTCMonth(d.getUTCMonth() + 1)) {
    monthList.push(d.toISOString().slice(0, 7));
  }
  const byMonth: Record<string, Record<string, number>> = Object.fromEntries(monthList.map((m) => [m, {}]));

  for (const v of period) {
    for (const p of v.presentations) {
      const t = (byType[p.type] ??= { presentations: 0, lesions: 0 });
      t.presentations++;
      t.lesions += p.count;
      const s = (bySite[p.site] ??= { presentations: 0, lesions: 0 });
      s.presentations++;
      s.lesions += p.count;
      if (p.flagged) redFlagged++;
    }
    const destroyed = v.treatments.filter((t) => destructive.includes(t.kind)).reduce((n, t) => n + t.lesions, 0);
    const visitCodes = new Set<string>();
    for (const t of v.treatments) {
      const k = (byKind[t.kind] ??= { treatments: 0, lesionsTreated: 0, patients: 0 });
      k.treatments++;
      k.lesionsTreated += t.lesions;
      (kindPatients[t.kind] ??= new Set()).add(v.patientId);
      add(byMonth[v.date.slice(0, 7)]!, t.kind);
      add((byClinician[t.performer] ??= {}), t.kind);

      let code: string | null = null;
      if (t.kind === 'extraction') code = '10040';
      else if (destructive.includes(t.kind)) code = destroyed >= 15 ? '17111' : destroyed >= 1 ? '17110' : null;
      else if (t.kind === 'chemical_peel') {
        const face = faceAndHead.includes(t.site);
        code = t.depth === 'epidermal' ? (face ? '15788' : '15792') : face ? '15789' : '15793';
      }
      if (code) visitCodes.add(code);

      if (!pseudonyms.has(v.patientId)) pseudonyms.set(v.patientId, `P-${String(pseudonyms.size + 1).padStart(5, '0')}`);
      rows.push({
        visitDate: v.date,
        patient: pseudonyms.get(v.patientId)!,
        clinician: t.performer,
        kind: t.kind,
        site: t.site,
        side: t.side,
        lesionsTreated: t.lesions,
        procedureCode: code as TreatmentRow['procedureCode'],
      });
    }
    for (const c of visitCodes) add(codes, c);

    const kinds = new Set(v.treatments.map((t) => t.kind));
    for (const f of v.followUps) if (f.status === 'completed') for (const k of kinds) add((outcomes[k] ??= {}), f.outcome!);
  }
  for (const [k, set] of Object.entries(kindPatients)) byKind[k]!.patients = set.size;

  const followUps = { scheduled: 0, completed: 0, missed: 0, cancelled: 0, overdue: 0 };
  for (const v of visits) {
    for (const f of v.followUps) {
      if (!inPeriod(f.dueDate)) continue;
      followUps[f.status]++;
      if (f.status === 'scheduled' && f.dueDate < asOf) followUps.overdue++;
    }
  }

  const summary: StatsSummary = {
    period: { from, to, asOf },
    visits: period.length,
    patients: patients.size,
    newPatients,
    presentationsByType: byType,
    presentationsBySite: bySite,
    redFlagged,
    treatmentsByKind: byKind,
    treatmentsByMonth: monthList.map((month) => ({ month, kinds: byMonth[month]! })),
    treatmentsByClinician: byClinician,
    procedureCodes: codes,
    followUps,
    outcomesByKind: outcomes,
  };
  return { summary, rows };
}

/** A random but valid practice, saved through the services and mirrored in the model. */
async function randomPractice(seed: number) {
  const r = rng(seed);
  const { s, ada, per, ben, patient } = await practiceBase();
  const clinicians = [ada, per, ben];
  const people = [];
  for (const n of ['Ann', 'Bea', 'Cy', 'Dee', 'Eve', 'Fay', 'Gus', 'Hal']) people.push(await patient(n));
  const kinds: TreatmentKind[] = [
    'observation',
    'extraction',
    'curettage',
    'electrodesiccation',
    'cryotherapy',
    'laser_ablation',
    'chemical_peel',
    'topical_retinoid',
    'oral_minocycline',
    'other',
  ];
  const sideFor = (site: Site): Side | undefined => (pairedSiteList.includes(site) ? r.pick<Side>(['left', 'right', 'bilateral']) : undefined);
  const visits: ModelVisit[] = [];

  for (let i = 0; i < 45; i++) {
    const patientId = r.pick(people).id;
    const date = addDays('2025-10-01', r.int(0, 240));
    const presentations: PresentationInput[] = [];
    const mp: ModelVisit['presentations'] = [];
    for (let j = r.int(0, 3); j > 0; j--) {
      const site = r.pick(allSites);
      // Not neonatal: these adults may not have it, and it would allow observation only.
      const type = r.pick(['primary', 'secondary', 'milia_en_plaque'] as const);
      const count = r.int(1, 12);
      const flagged = r.next() < 0.25;
      const side = sideFor(site);
      presentations.push({
        type,
        site,
        count,
        ...(side ? { side } : {}),
        ...(type === 'secondary' ? { triggers: ['burn'] } : {}),
        // Decided, as milia en plaque always must be, so that any treatment may follow on the visit.
        ...(flagged
          ? { redFlags: r.next() < 0.5 ? ['growth'] : ['pain', 'ulceration'], decision: 'biopsy' }
          : type === 'milia_en_plaque'
            ? { decision: 'referral' }
            : {}),
      } as PresentationInput);
      mp.push({ type, site, count, flagged });
    }
    const treatments: TreatmentInput[] = [];
    const mt: ModelVisit['treatments'] = [];
    for (let j = r.int(0, 4); j > 0; j--) {
      const kind = r.pick(kinds);
      const site = r.pick(allSites);
      const side = sideFor(site);
      const by = r.pick(clinicians);
      const drug = kind === 'observation' || kind === 'topical_retinoid' || kind === 'oral_minocycline';
      // Destruction lesions up to 9 per treatment so visits land on both sides of 14/15.
      const lesions = drug ? 0 : r.int(0, 9);
      const depth = r.pick(['epidermal', 'dermal'] as const);
      if (drug) {
        treatments.push({
          kind,
          site,
          ...(side ? { side } : {}),
          lesionsTreated: 0,
          performedBy: by.id,
          ...(kind === 'topical_retinoid' ? { details: { product: 'tretinoin' } } : {}),
        } as TreatmentInput);
      } else {
        treatments.push(proc(kind, site, lesions, by.id, side, kind === 'chemical_peel' ? { agent: 'salicylic', depth } : undefined));
      }
      mt.push({ kind, site, side: side ?? null, lesions, performer: by.name, ...(kind === 'chemical_peel' ? { depth } : {}) });
    }
    const followUps: FollowUpInput[] = [];
    const mf: ModelVisit['followUps'] = [];
    for (let j = r.int(0, 2); j > 0; j--) {
      const dueDate = addDays(date, r.int(0, 70));
      const status = r.pick(['scheduled', 'scheduled', 'completed', 'missed', 'cancelled'] as const);
      const outcome = r.pick(['cleared', 'improved', 'unchanged', 'worsened', 'recurred'] as const);
      followUps.push(status === 'completed' ? { dueDate, status, outcome, completedDate: dueDate } : { dueDate, status });
      mf.push(status === 'completed' ? { dueDate, status, outcome } : { dueDate, status });
    }
    const saved = await s.visits.save(actor, {
      patientId,
      date,
      clinicianId: r.pick(clinicians).id,
      pregnancyStatus: 'neither',
      presentations,
      treatments,
      followUps,
    });
    visits.push({ id: saved.id, patientId, date, presentations: mp, treatments: mt, followUps: mf });
  }
  return { s, r, visits };
}

describe('against a plain model of the figures', () => {
  it.each([1, 2, 3, 20251115])('agrees on random practices and periods (seed %i)', async (seed) => {
    const { s, r, visits } = await randomPractice(seed);
    for (let i = 0; i < 15; i++) {
      const from = addDays('2025-09-15', r.int(0, 260));
      const to = addDays(from, r.int(0, 150));
      const asOf = addDays('2025-10-01', r.int(0, 300));
      const want = model(visits, from, to, asOf);
      const context = `seed ${seed}, ${from} to ${to}, asOf ${asOf}`;
      expect(comparable(await summaryOf(s, from, to, asOf)), context).toEqual(comparable(want.summary));
      expect((await s.stats.exportData(actor, { from, to, asOf, format: 'csv' })).rows, context).toEqual(want.rows);
    }
  });
});
