/**
 * The interchange file `milia-notes/1` of docs/spec/interchange.md. Every object is
 * strict: an unknown field is an error, so a misspelt field is never silently dropped.
 * Cross-record rules (unique keys, clinician references, MRNs already in the database) are
 * checked by the importer, which knows the database.
 */
import { z } from 'zod';
import { checkFollowUp, checkSide, checkTriggers, followUpFields, presentationFields, treatmentSchema } from './clinical';
import { code, name, notes, text } from './fields';
import { roles } from './vocabulary';
import { patientFields } from './schemas';

export const interchangeFormat = 'milia-notes/1';

const key = () => text(1, 100);

export const InterchangeClinician = z.strictObject({ key: key(), name: name(), role: code(roles.codes) });

export const InterchangePresentation = z.strictObject(presentationFields).superRefine(checkSide).superRefine(checkTriggers);

/** `performedBy` names a clinician key and defaults to the visit's clinician. */
export const InterchangeTreatment = treatmentSchema(key().optional());

export const InterchangeFollowUp = z.strictObject(followUpFields).superRefine(checkFollowUp);

export const InterchangeVisit = z.strictObject({
  key: key(),
  date: patientFields.dateOfBirth,
  clinician: key(),
  notes: notes().default(''),
  presentations: z.array(InterchangePresentation).default([]),
  treatments: z.array(InterchangeTreatment).default([]),
  followUps: z.array(InterchangeFollowUp).default([]),
});

export const InterchangePatient = z.strictObject({
  ...patientFields,
  visits: z.array(InterchangeVisit).default([]),
});

export const InterchangeDocument = z.strictObject({
  format: z.literal(interchangeFormat, {
    error: (iss) => (iss.input === undefined ? 'is required' : `must be "${interchangeFormat}"; this app reads no other format`),
  }),
  clinicians: z.array(InterchangeClinician).default([]),
  patients: z.array(InterchangePatient).default([]),
});

export type InterchangeDocument = z.output<typeof InterchangeDocument>;
export type InterchangeDocumentInput = z.input<typeof InterchangeDocument>;
export type InterchangePatient = z.output<typeof InterchangePatient>;
export type InterchangeVisit = z.output<typeof InterchangeVisit>;

/** What an import added, as `cli.md` prints it. */
export interface ImportSummary {
  imported: { clinicians: number; patients: number; visits: number; presentations: number; treatments: number; followUps: number };
  visitIds: Record<string, number>;
}
