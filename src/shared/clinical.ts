/**
 * The clinical rules of vocabulary.md as zod schemas: presentations, the treatment
 * discriminated union (kind-specific details, consent and anaesthesia for procedures) and
 * follow-ups. The API and the interchange file both build on these; they differ only in how
 * a clinician is named (an id in the app, a `key` in the file).
 */
import * as z from 'zod';
import { bounds, type Range } from './bounds';
import { bool, code, codeList, decimal, isoDate, multiLineText, notes, text, wholeNumber } from './fields';
import {
  anesthesias,
  cryoMethods,
  differentials,
  distributions,
  extractionInstruments,
  followUpStatuses,
  isPairedSite,
  lasers,
  miliaTypes,
  outcomes,
  pairedSides,
  peelAgents,
  peelDepths,
  redFlags,
  retinoidProducts,
  sides,
  sites,
  treatmentKinds,
  triggers,
  type Side,
  type Site,
  type TreatmentKind,
} from './vocabulary';

const whole = ({ min, max }: Range) => wholeNumber(min, max);
const dec = ({ min, max }: Range) => decimal(min, max);

/** `side` follows the site: left, right or bilateral on a paired site; absent or midline otherwise. */
export function checkSide(value: { site: Site; side?: Side | undefined }, ctx: z.RefinementCtx): void {
  if (isPairedSite(value.site)) {
    if (value.side === undefined || value.side === 'midline') {
      ctx.addIssue({
        code: 'custom',
        path: ['side'],
        message: `is required for ${value.site} (${sites.label(value.site)}), a paired site: choose ${pairedSides.codes.join(', ')}`,
      });
    }
  } else if (value.side !== undefined && value.side !== 'midline') {
    ctx.addIssue({
      code: 'custom',
      path: ['side'],
      message: `must be left out (or midline) for ${value.site} (${sites.label(value.site)}), a midline site`,
    });
  }
}

export const presentationFields = {
  type: code(miliaTypes.codes),
  site: code(sites.codes),
  side: code(sides.codes).optional(),
  count: whole(bounds.count),
  sizeMm: dec(bounds.sizeMm).optional(),
  distribution: code(distributions.codes).optional(),
  triggers: codeList(triggers.codes).default([]),
  redFlags: codeList(redFlags.codes).default([]),
  differentials: codeList(differentials.codes).default([]),
  notes: notes().default(''),
};

/** Triggers belong to secondary milia only. */
export function checkTriggers(value: { type: string; triggers: readonly string[] }, ctx: z.RefinementCtx): void {
  if (value.type !== 'secondary' && value.triggers.length > 0) {
    ctx.addIssue({ code: 'custom', path: ['triggers'], message: 'are recorded for secondary milia only: clear them or set the type to secondary' });
  }
}

/** The details each kind of treatment records; `check` judges a stored treatment's details with these. */
export const detailsByKind = {
  observation: z.strictObject({}),
  extraction: z.strictObject({
    instrument: code(extractionInstruments.codes).optional(),
    extractor: bool().optional(),
  }),
  curettage: z.strictObject({}),
  electrodesiccation: z.strictObject({}),
  cryotherapy: z.strictObject({
    method: code(cryoMethods.codes).optional(),
    freezeSeconds: whole(bounds.freezeSeconds).optional(),
    cycles: whole(bounds.cycles).optional(),
  }),
  laser_ablation: z.strictObject({
    laser: code(lasers.codes).optional(),
    settings: text(0, 500).optional(),
  }),
  chemical_peel: z.strictObject({
    agent: code(peelAgents.codes),
    concentrationPercent: dec(bounds.concentrationPercent).optional(),
    depth: code(peelDepths.codes),
  }),
  topical_retinoid: z.strictObject({
    product: code(retinoidProducts.codes),
    strengthPercent: dec(bounds.strengthPercent).optional(),
    frequency: text(0, 100).optional(),
  }),
  oral_minocycline: z.strictObject({
    doseMg: dec(bounds.doseMg).optional(),
    durationWeeks: whole(bounds.durationWeeks).optional(),
  }),
  other: z.strictObject({}),
} satisfies Record<TreatmentKind, z.ZodType>;

const consentError = () => "must be true: a procedure needs the patient's recorded consent";
const noLesionsError = (iss: { input?: unknown }) => (iss.input === undefined ? 'is required' : 'must be 0 for observation and for drugs');

/**
 * The treatment union for a given way of naming who performed it. Procedures require
 * `consent: true` and an `anesthesia`; the others take neither and treat 0 lesions.
 */
export function treatmentSchema<P extends z.ZodType>(performedBy: P) {
  const common = <K extends TreatmentKind>(kind: K) => ({
    kind: z.literal(kind),
    site: code(sites.codes),
    side: code(sides.codes).optional(),
    performedBy,
    notes: notes().default(''),
  });
  const procedure = <K extends TreatmentKind, D extends z.ZodType>(kind: K, details: D) =>
    z.strictObject({
      ...common(kind),
      details,
      lesionsTreated: whole(bounds.lesionsTreated),
      anesthesia: code(anesthesias.codes),
      consent: z.literal(true, { error: consentError }),
    });
  const nonProcedure = <K extends TreatmentKind, D extends z.ZodType>(kind: K, details: D) =>
    z.strictObject({ ...common(kind), details, lesionsTreated: z.literal(0, { error: noLesionsError }) });
  const d = detailsByKind;
  return z
    .discriminatedUnion(
      'kind',
      [
        nonProcedure('observation', d.observation.default({})),
        procedure('extraction', d.extraction.default({})),
        procedure('curettage', d.curettage.default({})),
        procedure('electrodesiccation', d.electrodesiccation.default({})),
        procedure('cryotherapy', d.cryotherapy.default({})),
        procedure('laser_ablation', d.laser_ablation.default({})),
        procedure('chemical_peel', d.chemical_peel),
        nonProcedure('topical_retinoid', d.topical_retinoid),
        nonProcedure('oral_minocycline', d.oral_minocycline.default({})),
        procedure('other', d.other.default({})),
      ],
      { error: (iss) => (iss.input === undefined ? 'is required' : `must be one of: ${treatmentKinds.codes.join(', ')}`) },
    )
    .superRefine(checkSide);
}

export const followUpFields = {
  dueDate: isoDate(),
  reason: multiLineText(0, 500).default(''),
  status: code(followUpStatuses.codes),
  completedDate: isoDate().optional(),
  outcome: code(outcomes.codes).optional(),
};

/** A completed follow-up has an outcome and a completed date; other statuses have neither. */
export function checkFollowUp(value: { status: string; completedDate?: string | undefined; outcome?: string | undefined }, ctx: z.RefinementCtx): void {
  if (value.status === 'completed') {
    if (value.outcome === undefined) ctx.addIssue({ code: 'custom', path: ['outcome'], message: 'is required on a completed follow-up' });
    if (value.completedDate === undefined) ctx.addIssue({ code: 'custom', path: ['completedDate'], message: 'is required on a completed follow-up' });
  } else {
    if (value.outcome !== undefined)
      ctx.addIssue({ code: 'custom', path: ['outcome'], message: `is only recorded on a completed follow-up, not a ${value.status} one` });
    if (value.completedDate !== undefined)
      ctx.addIssue({ code: 'custom', path: ['completedDate'], message: `is only recorded on a completed follow-up, not a ${value.status} one` });
  }
}
