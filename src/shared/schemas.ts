/**
 * The inputs of the app's API, parsed in the main process before any service runs. The
 * screens use the same schemas for their forms, so a message shown at a field is the
 * message the service would give.
 */
import * as z from 'zod';
import { bounds } from './bounds';
import { needsDecision } from './decisions';
import { checkFollowUp, checkSide, checkTriggers, followUpFields, presentationFields, treatmentSchema } from './clinical';
import { code, isoDate, isoTimestamp, multiLineText, name, notes, recordId, text, wholeNumber } from './fields';
import { textProblem } from './plainText';
import { dateOrders } from './typedDates';
import {
  defaultDiagnosisCode,
  defaultFollowUpWeeks,
  diagnosisCodes,
  outcomes,
  pregnancyStatuses,
  reviewDecisions,
  type ReviewDecision,
  roles,
  sexes,
  treatmentKinds,
} from './vocabulary';

const id = (what: string) => recordId().describe(what);

const mrnSchema = text(1, 50).refine((v) => /^[\p{L}\p{N}][\p{L}\p{N}\-_./]*$/u.test(v), {
  error: 'must be letters and digits, optionally with - _ . /',
});

const optionalContact = (max: number) =>
  text(0, max)
    .optional()
    .transform((v) => (v === '' ? undefined : v));
const email = () =>
  optionalContact(254).refine((v) => v === undefined || /^[^\s@]+@[^\s@]+$/.test(v), { error: 'must be an email address like name@example.org' });

export const patientFields = {
  mrn: mrnSchema,
  givenName: name(),
  familyName: name(),
  dateOfBirth: isoDate(),
  sex: code(sexes.codes),
  fitzpatrick: wholeNumber(bounds.fitzpatrick.min, bounds.fitzpatrick.max).optional(),
  phone: optionalContact(50),
  email: email(),
};

/** A new patient; without an MRN the practice's next number is given. */
export const PatientCreate = z.strictObject({ ...patientFields, mrn: mrnSchema.optional() });
export const PatientUpdate = z.strictObject({ id: id('patient id'), ...patientFields });
export const PatientArchive = z.strictObject({ id: id('patient id'), archived: z.boolean() });
export const PatientSearch = z.strictObject({
  query: z
    .string()
    .max(200, { error: 'must be at most 200 characters' })
    .superRefine((value, ctx) => {
      const problem = textProblem(value, 'line');
      if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; retype the search` });
    }),
  limit: wholeNumber(1, 200).default(25),
  includeArchived: z.boolean().default(false),
});
export const PatientId = z.strictObject({ id: id('patient id') });

/**
 * A decision is recorded only for a presentation that needs one, and to proceed needs its
 * reason: for the app's form and for an interchange file (version 4) alike.
 */
export function checkDecision(
  p: Parameters<typeof needsDecision>[0] & { decision?: ReviewDecision | undefined; decisionNote?: string | undefined },
  ctx: z.RefinementCtx,
): void {
  if (p.decision === 'proceed' && (p.decisionNote ?? '') === '') {
    ctx.addIssue({ code: 'custom', path: ['decisionNote'], message: 'must give the reason to proceed despite the red flag' });
  }
  if (p.decision !== undefined && !needsDecision(p)) {
    ctx.addIssue({
      code: 'custom',
      path: ['decision'],
      message: 'is only recorded for a presentation with a red flag, milia en plaque or basal cell carcinoma among its differentials',
    });
  }
}

export const PresentationInput = z
  .strictObject({
    ...presentationFields,
    /** What was decided about a red-flagged presentation. */
    decision: code(reviewDecisions.codes).optional(),
    decisionNote: multiLineText(0, 2000).default(''),
  })
  // The three rules as one step: each step of a schema costs every save's parse more than its work.
  .superRefine((p, ctx) => {
    checkSide(p, ctx);
    checkTriggers(p, ctx);
    checkDecision(p, ctx);
  });

export const TreatmentInput = treatmentSchema(id('clinician id'));

export const FollowUpInput = z.strictObject({ id: id('follow-up id').optional(), ...followUpFields }).superRefine(checkFollowUp);

export const VisitInput = z.strictObject({
  /** Present to update a visit; absent to create one. */
  id: id('visit id').optional(),
  /**
   * With `id`: the `updatedAt` of the visit as the editor opened it. A save made after
   * someone else's is refused (`stale`) with what differs, never over theirs unseen.
   */
  baseUpdatedAt: isoTimestamp().optional(),
  patientId: id('patient id'),
  date: isoDate(),
  clinicianId: id('clinician id'),
  notes: notes().default(''),
  /** For a patient aged 12-55 who is not male: asked before a retinoid or minocycline is saved. */
  pregnancyStatus: code(pregnancyStatuses.codes).optional(),
  /** A dermatologist's reason to give a topical retinoid to a child under 12 (only they may set it). */
  retinoidOverride: multiLineText(1, 1000).optional(),
  presentations: z.array(PresentationInput).max(100).default([]),
  treatments: z.array(TreatmentInput).max(100).default([]),
  followUps: z.array(FollowUpInput).max(20).default([]),
});

export const VisitId = z.strictObject({ id: id('visit id') });

export const SuggestFollowUp = z.strictObject({
  date: isoDate(),
  kinds: z.array(code(treatmentKinds.codes)),
});

export const Worklist = z.strictObject({
  from: isoDate(),
  to: isoDate(),
  /** The day that overdue is judged on; today when left out. */
  asOf: isoDate().optional(),
  limit: wholeNumber(1, 5000).default(500),
});

export const OverdueCount = z.strictObject({
  /** The day that overdue is judged on; today when left out. */
  asOf: isoDate().optional(),
});

export const FollowUpComplete = z.strictObject({
  id: id('follow-up id'),
  outcome: code(outcomes.codes),
  completedDate: isoDate(),
  notes: notes().default(''),
});
export const FollowUpAction = z.strictObject({ id: id('follow-up id'), notes: notes().default('') });

/**
 * A clinician profile as the seed, the importer and the tests make one without an
 * administrator's screen: its user gets no password (see `users.*` for people who sign in).
 */
export const ClinicianInput = z.strictObject({
  id: id('clinician id').optional(),
  key: text(1, 50)
    .refine((v) => /^[a-z0-9][a-z0-9_.-]*$/.test(v), { error: 'must be lower-case letters, digits, _ . or -' })
    .optional(),
  name: name(),
  role: code(roles.codes),
  active: z.boolean().default(true),
});

/**
 * A correction to a signed visit, or a decision on one of its presentations (by its number
 * on the visit, from 1): the text is then the decision's note, required to proceed.
 */
export const AddendumInput = z
  .strictObject({
    visitId: id('visit id'),
    text: multiLineText(0, 10_000),
    decision: z.strictObject({ presentation: wholeNumber(1, 1000), decision: code(reviewDecisions.codes) }).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.text.trim() !== '') return;
    if (a.decision === undefined) ctx.addIssue({ code: 'custom', path: ['text'], message: 'must not be empty' });
    else if (a.decision.decision === 'proceed')
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'must give the reason to proceed despite the red flag' });
  });

const weeks = wholeNumber(bounds.followUpWeeks.min, bounds.followUpWeeks.max);
export const followUpWeeksSchema = z.strictObject(
  Object.fromEntries(treatmentKinds.codes.map((k) => [k, weeks.default(defaultFollowUpWeeks[k])])) as Record<
    (typeof treatmentKinds.codes)[number],
    z.ZodDefault<typeof weeks>
  >,
);

export const paperSizes = ['A4', 'Letter'] as const;

export const SettingsInput = z.strictObject({
  practiceName: text(0, 200).default(''),
  address: multiLineText(0, 500).default(''),
  phone: text(0, 50).default(''),
  afterHoursPhone: text(0, 50).default(''),
  diagnosisCode: code(diagnosisCodes.codes).default(defaultDiagnosisCode),
  followUpWeeks: followUpWeeksSchema.default(defaultFollowUpWeeks),
  paperSize: code(paperSizes).default('A4'),
  /** Where backups go: a second disk, a share, a USB stick; empty for the folder beside the database. */
  backupFolder: text(0, 1000).default(''),
  /** Minutes without input before a signed-in session locks. */
  idleMinutes: wholeNumber(1, 120).default(10),
  /** How a date typed with slashes is read in the patient search (ISO always works). */
  dateOrder: code(dateOrders).default('dmy'),
});

export const SeedDemo = z.strictObject({ patients: wholeNumber(1, 5000).default(200) });
export const Empty = z.strictObject({});

export type PatientCreate = z.input<typeof PatientCreate>;
export type PatientUpdate = z.input<typeof PatientUpdate>;
export type PatientSearch = z.input<typeof PatientSearch>;
export type VisitInput = z.input<typeof VisitInput>;
export type VisitData = z.output<typeof VisitInput>;
export type PresentationInput = z.input<typeof PresentationInput>;
export type TreatmentInput = z.input<typeof TreatmentInput>;
export type FollowUpInput = z.input<typeof FollowUpInput>;
export type Settings = z.output<typeof SettingsInput>;
export type ClinicianInput = z.input<typeof ClinicianInput>;
export type SettingsInput = z.input<typeof SettingsInput>;
export type Worklist = z.input<typeof Worklist>;
