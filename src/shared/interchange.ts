/**
 * The interchange file of docs/spec/interchange.md: `milia-notes/5`, which an export writes,
 * and `milia-notes/4`, `/3`, `/2` and `/1`, which are still read exactly as before. Version 2
 * adds a visit's signature and addenda, version 3 its pregnancy status and a dermatologist's
 * reason to give a retinoid to a child under 12, version 4 a presentation's decision (biopsy,
 * referral, proceed) and its note, and the presentation a decision addendum decides, version 5
 * the moment a patient was archived and a clinician's inactive state; as every object is
 * strict (an unknown field is an error, so a misspelt field is never silently dropped), an
 * older reader could not have taken them as optional fields, hence each new version.
 * Cross-record rules (unique keys, clinician references, MRNs already in the database, the
 * presentation a decision addendum names, an archive time against the date of birth and the
 * clock) are checked by the importer, which knows the database and sees the whole record.
 */
import * as z from 'zod';
import { checkFollowUp, checkSide, checkTriggers, followUpFields, presentationFields, treatmentSchema } from './clinical';
import { bool, code, multiLineText, name, notes, text, wholeNumber } from './fields';
import { pregnancyStatuses, reviewDecisions, roles } from './vocabulary';
import { checkDecision, patientFields, PresentationInput, VisitInput } from './schemas';

/** The formats this app reads, oldest first; an export writes the newest. */
export const interchangeFormats = ['milia-notes/1', 'milia-notes/2', 'milia-notes/3', 'milia-notes/4', 'milia-notes/5'] as const;
export type InterchangeFormat = (typeof interchangeFormats)[number];
export const interchangeFormat: InterchangeFormat = 'milia-notes/5';

const key = () => text(1, 100);

const clinicianFields = { key: key(), name: name(), role: code(roles.codes) };

/** A clinician of versions 1 to 4: every one active. */
const InterchangeClinicianV1 = z.strictObject(clinicianFields);

/**
 * A clinician (version 5): `active` is false for a clinician no longer active (who may not be
 * chosen for new documentation); absent, or true, for an active one.
 */
export const InterchangeClinician = z.strictObject({ ...clinicianFields, active: bool().optional() });
export type InterchangeClinician = z.output<typeof InterchangeClinician>;

/** A clinician as each format writes one. */
export const interchangeClinicians: Record<InterchangeFormat, z.ZodType<InterchangeClinician>> = {
  'milia-notes/1': InterchangeClinicianV1,
  'milia-notes/2': InterchangeClinicianV1,
  'milia-notes/3': InterchangeClinicianV1,
  'milia-notes/4': InterchangeClinicianV1,
  'milia-notes/5': InterchangeClinician,
};

/** A presentation of versions 1 to 3: no decision. */
const InterchangePresentationV1 = z.strictObject(presentationFields).superRefine(checkSide).superRefine(checkTriggers);

/**
 * A presentation (version 4): with the decision and its note under the app's own rules
 * (`checkDecision`). The note may be as long as an addendum's text, from which a decision
 * made after signing takes it (`decisionWords`).
 */
export const InterchangePresentation = z
  .strictObject({
    ...presentationFields,
    decision: PresentationInput.shape.decision,
    decisionNote: multiLineText(0, 10_000).optional(),
  })
  .superRefine(checkSide)
  .superRefine(checkTriggers)
  .superRefine(checkDecision);

/** `performedBy` names a clinician key and defaults to the visit's clinician. */
export const InterchangeTreatment = treatmentSchema(key().optional());

export const InterchangeFollowUp = z.strictObject(followUpFields).superRefine(checkFollowUp);

/** A moment as the app records one (`toISOString`), a real UTC time kept exactly as written. */
const time = () =>
  z.iso.datetime({
    error: (iss) => (iss.input === undefined ? 'is required' : 'must be a UTC time written YYYY-MM-DDTHH:MM:SSZ, such as 2026-01-15T16:02:11.000Z'),
  });

/** Who signed a visit and when, in the record the file comes from (`by` is the signer's name). */
export const InterchangeSignature = z.strictObject({ by: name(), at: time() });

const addendumFields = { text: multiLineText(1, 10_000), by: name(), at: time() };

/** A correction written after signing, signed by its author (`by`) when written (versions 2 and 3). */
const InterchangeAddendumV2 = z.strictObject(addendumFields);

/**
 * An addendum (version 4): a decision addendum also names the presentation of its visit it
 * decides, by its number in the visit's `presentations` (from 1), and the decision, as the
 * database's `addenda_decision_matches` demands: both or neither. That the number names a
 * presentation of the visit with the same decision is checked by the importer, which sees the visit.
 */
export const InterchangeAddendum = z
  .strictObject({
    ...addendumFields,
    presentation: wholeNumber(1, 1000).optional(),
    decision: code(reviewDecisions.codes).optional(),
  })
  .superRefine((a, ctx) => {
    if (a.presentation !== undefined && a.decision === undefined)
      ctx.addIssue({ code: 'custom', path: ['decision'], message: 'is required with presentation: the decision this addendum records' });
    if (a.decision !== undefined && a.presentation === undefined)
      ctx.addIssue({ code: 'custom', path: ['presentation'], message: 'is required with decision: the number of the presentation it decides, from 1' });
  });

const visitFields = {
  key: key(),
  date: patientFields.dateOfBirth,
  clinician: key(),
  notes: notes().default(''),
  presentations: z.array(InterchangePresentationV1).default([]),
  treatments: z.array(InterchangeTreatment).default([]),
  followUps: z.array(InterchangeFollowUp).default([]),
};

const version2Fields = {
  ...visitFields,
  signature: InterchangeSignature.optional(),
  addenda: z.array(InterchangeAddendumV2).default([]),
};

const version3Fields = {
  ...version2Fields,
  pregnancyStatus: code(pregnancyStatuses.codes).optional(),
  /** Kept as recorded: an import does not judge a historical visit by the care rules. */
  retinoidOverride: VisitInput.shape.retinoidOverride,
};

export const InterchangeVisit = z.strictObject({
  ...version3Fields,
  presentations: z.array(InterchangePresentation).default([]),
  addenda: z.array(InterchangeAddendum).default([]),
});
export type InterchangeVisit = z.output<typeof InterchangeVisit>;

/** A version-1 visit: the same fields but the signature and addenda, read as a version-2 visit without them. */
const InterchangeVisitV1 = z.strictObject(visitFields).transform((v): InterchangeVisit => ({ ...v, addenda: [] }));
/** A version-2 visit: all but the pregnancy status and the retinoid override, and no decisions. */
const InterchangeVisitV2 = z.strictObject(version2Fields);
/** A version-3 visit: all but the decisions. */
const InterchangeVisitV3 = z.strictObject(version3Fields);

/** A patient of versions 1 to 4, with visits of its version: never archived. */
const patientOf = <V extends z.ZodType<InterchangeVisit>>(visit: V) => z.strictObject({ ...patientFields, visits: z.array(visit).default([]) });

/**
 * A patient (version 5): `archivedAt`, when the patient was archived in the record the file
 * comes from (a duplicate record, a patient who left), kept exactly as written; absent for a
 * patient not archived. That it is neither in the future nor before the date of birth is
 * checked by the importer, which knows the clock.
 */
export const InterchangePatient = z.strictObject({ ...patientFields, archivedAt: time().optional(), visits: z.array(InterchangeVisit).default([]) });
export type InterchangePatient = z.output<typeof InterchangePatient>;

/** A patient as each format writes one. */
export const interchangePatients: Record<InterchangeFormat, z.ZodType<InterchangePatient>> = {
  'milia-notes/1': patientOf(InterchangeVisitV1),
  'milia-notes/2': patientOf(InterchangeVisitV2),
  'milia-notes/3': patientOf(InterchangeVisitV3),
  'milia-notes/4': patientOf(InterchangeVisit),
  'milia-notes/5': InterchangePatient,
};

const formats = interchangeFormats.map((f) => `"${f}"`).join(' or ');
/** The version of a `milia-notes/N` format newer than this app reads, or null: such a file needs a newer app, not a correction. */
function newerVersion(format: unknown): number | null {
  const match = typeof format === 'string' ? /^milia-notes\/([1-9]\d{0,8})$/.exec(format) : null;
  return match && Number(match[1]) > interchangeFormats.length ? Number(match[1]) : null;
}
export const InterchangeDocument = z.strictObject({
  format: z.enum(interchangeFormats, {
    error: (iss) =>
      iss.input === undefined
        ? 'is required'
        : newerVersion(iss.input) !== null
          ? `is milia-notes/${newerVersion(iss.input)}, newer than this app reads (up to ${interchangeFormat}): update Milia Notes, or have the file exported as ${interchangeFormat}`
          : `must be ${formats}; this app reads no other format`,
  }),
  clinicians: z.array(InterchangeClinician).default([]),
  patients: z.array(InterchangePatient).default([]),
});

export type InterchangeDocument = z.output<typeof InterchangeDocument>;
export type InterchangeDocumentInput = z.input<typeof InterchangeDocument>;

/** What an import added, as `cli.md` prints it. */
export interface ImportSummary {
  imported: { clinicians: number; patients: number; visits: number; presentations: number; treatments: number; followUps: number };
  visitIds: Record<string, number>;
}
