/**
 * The vocabulary module against docs/spec/vocabulary.md itself, and every rule of the
 * spec accepted and refused by the shared schemas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TreatmentInput, FollowUpInput, PresentationInput, PatientCreate } from '@shared/schemas';
import { fieldIssues } from '@shared/errors';
import * as v from '@shared/vocabulary';

const spec = readFileSync(join(__dirname, '../../docs/spec/vocabulary.md'), 'utf8');

/** The codes of the markdown table under a heading (first column, in backticks). */
function tableCodes(heading: string): string[] {
  const section = spec.split(/^## /m).find((s) => s.startsWith(heading));
  if (!section) throw new Error(`no section ${heading}`);
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}
/** The backticked codes of a section's first paragraph list. */
function listCodes(heading: string): string[] {
  const section = spec.split(/^## /m).find((s) => s.startsWith(heading))!;
  const para = section
    .slice(section.indexOf('\n') + 1)
    .trim()
    .split('\n\n')[0]!;
  return [...para.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
}

describe('vocabulary matches the spec', () => {
  it.each([
    ['Milia type', v.miliaTypes.codes],
    ['Anatomical site', v.sites.codes],
    ['Red flags', v.redFlags.codes],
    ['Treatment kind', v.treatmentKinds.codes],
    ['Procedure codes', v.procedureCodes.codes],
  ])('%s', (heading, codes) => {
    expect([...codes]).toEqual(tableCodes(heading));
  });

  it.each([
    ['Trigger of secondary milia', v.triggers.codes],
    ['Distribution', v.distributions.codes],
    ['Differential diagnoses', v.differentials.codes],
  ])('%s', (heading, codes) => {
    expect([...codes]).toEqual(listCodes(heading));
  });

  it('labels treatment kinds and types as the spec does', () => {
    const labels = [...spec.matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)];
    for (const [, code, label] of labels) {
      if ((v.treatmentKinds.codes as readonly string[]).includes(code!) && !['other'].includes(code!)) {
        expect(v.treatmentKinds.label(code as v.TreatmentKind)).toBe(label!.trim());
      }
    }
  });

  it('marks paired sites and the face as the spec does', () => {
    const paired = [...spec.matchAll(/^\| `(\w+)` \| [^|]+ \| (yes|no) \|/gm)];
    expect(paired).toHaveLength(20);
    for (const [, site, yes] of paired) expect(v.isPairedSite(site as v.Site)).toBe(yes === 'yes');
    expect(v.faceSites[0]).toBe('scalp');
    expect(v.faceSites.at(-1)).toBe('neck');
    expect(v.isEyeAreaSite('upper_eyelid') && v.isEyeAreaSite('periorbital') && !v.isEyeAreaSite('nose')).toBe(true);
  });

  it('knows procedures, destruction kinds and default intervals', () => {
    expect(v.procedureKinds).toEqual(['extraction', 'curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation', 'chemical_peel', 'other']);
    expect(v.destructionKinds).toEqual(['curettage', 'electrodesiccation', 'cryotherapy', 'laser_ablation']);
    expect(v.defaultFollowUpWeeks).toMatchObject({ observation: 12, extraction: 4, laser_ablation: 6, topical_retinoid: 8, oral_minocycline: 8 });
    expect(v.defaultDiagnosisCode).toBe('L72.0');
  });
});

const issues = (schema: { safeParse(x: unknown): { success: boolean; error?: unknown } }, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? [] : fieldIssues(r.error as never).map((i) => `${i.path}: ${i.message}`);
};

const base = { site: 'nose', performedBy: 1, lesionsTreated: 2, anesthesia: 'none', consent: true };

describe('treatment rules', () => {
  it.each(v.procedureKinds.filter((k) => k !== 'chemical_peel'))('%s is a procedure: consent and anaesthesia required', (kind) => {
    expect(issues(TreatmentInput, { ...base, kind })).toEqual([]);
    expect(issues(TreatmentInput, { ...base, kind, consent: false })).toEqual(["consent: must be true: a procedure needs the patient's recorded consent"]);
    const { anesthesia: _a, ...noAnesthesia } = base;
    expect(issues(TreatmentInput, { ...noAnesthesia, kind })).toEqual(['anesthesia: is required']);
  });

  it.each(['observation', 'oral_minocycline'] as const)('%s is not a procedure: no lesions, no consent field', (kind) => {
    expect(issues(TreatmentInput, { kind, site: 'nose', performedBy: 1, lesionsTreated: 0 })).toEqual([]);
    expect(issues(TreatmentInput, { kind, site: 'nose', performedBy: 1, lesionsTreated: 3 })).toEqual([
      'lesionsTreated: must be 0 for observation and for drugs',
    ]);
    expect(issues(TreatmentInput, { kind, site: 'nose', performedBy: 1, lesionsTreated: 0, consent: true })).toEqual([
      'consent: is not a known field: check its spelling',
    ]);
  });

  it('chemical peel needs agent and depth; retinoid needs a product', () => {
    expect(issues(TreatmentInput, { ...base, kind: 'chemical_peel' })).toEqual(['details: is required']);
    expect(issues(TreatmentInput, { ...base, kind: 'chemical_peel', details: { agent: 'tca' } })).toEqual(['details.depth: is required']);
    expect(issues(TreatmentInput, { ...base, kind: 'chemical_peel', details: { agent: 'tca', depth: 'dermal', concentrationPercent: 35 } })).toEqual([]);
    const drug = { kind: 'topical_retinoid', site: 'cheek', side: 'left', performedBy: 1, lesionsTreated: 0 };
    expect(issues(TreatmentInput, { ...drug, details: { product: 'adapalene', frequency: 'nightly' } })).toEqual([]);
    expect(issues(TreatmentInput, { ...drug, details: { product: 'isotretinoin' } })[0]).toMatch(/^details.product: must be one of: tretinoin/);
  });

  it('checks kind-specific details', () => {
    const cryo = { ...base, kind: 'cryotherapy' };
    expect(issues(TreatmentInput, { ...cryo, details: { method: 'spray', freezeSeconds: 10, cycles: 2 } })).toEqual([]);
    expect(issues(TreatmentInput, { ...cryo, details: { freezeSeconds: 61, cycles: 4 } })).toEqual([
      'details.freezeSeconds: must be a whole number from 1 to 60',
      'details.cycles: must be a whole number from 1 to 3',
    ]);
    expect(issues(TreatmentInput, { ...base, kind: 'extraction', details: { instrument: 'blade_11', extractor: true } })).toEqual([]);
    expect(issues(TreatmentInput, { ...base, kind: 'extraction', details: { laser: 'co2' } })).toEqual([
      'details.laser: is not a known field: check its spelling',
    ]);
    expect(issues(TreatmentInput, { ...base, kind: 'zap' })[0]).toMatch(/^kind: must be one of: observation, extraction/);
  });

  it('needs a side on a paired site and none on a midline site', () => {
    expect(issues(TreatmentInput, { ...base, kind: 'curettage', site: 'cheek' })).toEqual([
      'side: is required for cheek (Cheek), a paired site: choose left, right, bilateral',
    ]);
    expect(issues(TreatmentInput, { ...base, kind: 'curettage', site: 'cheek', side: 'bilateral' })).toEqual([]);
    expect(issues(TreatmentInput, { ...base, kind: 'curettage', site: 'nose', side: 'midline' })).toEqual([]);
    expect(issues(TreatmentInput, { ...base, kind: 'curettage', site: 'nose', side: 'left' })).toEqual([
      'side: must be left out (or midline) for nose (Nose), a midline site',
    ]);
  });
});

describe('presentation rules', () => {
  const p = { type: 'primary', site: 'upper_eyelid', side: 'right', count: 4 };
  it('takes counts from 1 to 500 and sizes from 0.1 to 10 mm', () => {
    expect(issues(PresentationInput, p)).toEqual([]);
    expect(issues(PresentationInput, { ...p, count: 0 })).toEqual(['count: must be a whole number from 1 to 500']);
    expect(issues(PresentationInput, { ...p, count: 2.5 })).toEqual(['count: must be a whole number from 1 to 500']);
    expect(issues(PresentationInput, { ...p, sizeMm: 11 })).toEqual(['sizeMm: must be a number from 0.1 to 10']);
  });
  it('records triggers for secondary milia only', () => {
    expect(issues(PresentationInput, { ...p, type: 'secondary', triggers: ['burn', 'topical_steroid'] })).toEqual([]);
    expect(issues(PresentationInput, { ...p, triggers: ['burn'] })).toEqual([
      'triggers: are recorded for secondary milia only: clear them or set the type to secondary',
    ]);
    expect(issues(PresentationInput, { ...p, type: 'secondary', triggers: ['burn', 'burn'] })).toEqual(['triggers: must not name the same code twice']);
  });
  it('records a decision only for a red flag, with a reason to proceed', () => {
    expect(issues(PresentationInput, { ...p, redFlags: ['growth'], decision: 'biopsy' })).toEqual([]);
    expect(issues(PresentationInput, { ...p, redFlags: ['growth'], decision: 'proceed' })).toEqual([
      'decisionNote: must give the reason to proceed despite the red flag',
    ]);
    expect(issues(PresentationInput, { ...p, decision: 'referral' })).toEqual([
      'decision: is only recorded for a presentation with a red flag, milia en plaque or basal cell carcinoma among its differentials',
    ]);
  });
  it('judges the side, the triggers and the decision of one presentation together, each fault named', () => {
    expect(issues(PresentationInput, { ...p, site: 'nose', side: 'left', triggers: ['burn'], decision: 'proceed' })).toEqual([
      'side: must be left out (or midline) for nose (Nose), a midline site',
      'triggers: are recorded for secondary milia only: clear them or set the type to secondary',
      'decisionNote: must give the reason to proceed despite the red flag',
      'decision: is only recorded for a presentation with a red flag, milia en plaque or basal cell carcinoma among its differentials',
    ]);
  });
});

describe('follow-up rules', () => {
  it('records an outcome only on a completed follow-up', () => {
    expect(issues(FollowUpInput, { dueDate: '2026-02-12', status: 'completed', completedDate: '2026-02-12', outcome: 'cleared' })).toEqual([]);
    expect(issues(FollowUpInput, { dueDate: '2026-02-12', status: 'completed' })).toEqual([
      'outcome: is required on a completed follow-up',
      'completedDate: is required on a completed follow-up',
    ]);
    expect(issues(FollowUpInput, { dueDate: '2026-02-12', status: 'missed', outcome: 'cleared' })).toEqual([
      'outcome: is only recorded on a completed follow-up, not a missed one',
    ]);
    expect(issues(FollowUpInput, { dueDate: '2026-02-30', status: 'scheduled' })).toEqual(['dueDate: must be a real date written YYYY-MM-DD, from 1900 on']);
  });
});

describe('patient fields', () => {
  it('trims names and refuses empty ones, bad sex codes and Fitzpatrick types', () => {
    const r = PatientCreate.safeParse({ givenName: '  Zoë ', familyName: 'Nguyễn', dateOfBirth: '1987-03-14', sex: 'female', fitzpatrick: 3 });
    expect(r.success && r.data.givenName).toBe('Zoë');
    expect(issues(PatientCreate, { givenName: ' ', familyName: 'X', dateOfBirth: '1987-03-14', sex: 'f', fitzpatrick: 7 })).toEqual([
      'givenName: must not be empty',
      'sex: must be one of: female, male, other, unknown',
      'fitzpatrick: must be a whole number from 1 to 6',
    ]);
    expect(issues(PatientCreate, { givenName: 'A', familyName: 'B', dateOfBirth: '1987-03-14', sex: 'male', email: 'not-an-email' })).toEqual([
      'email: must be an email address like name@example.org',
    ]);
  });
});
