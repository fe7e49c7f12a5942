/** A patient's row as either engine reads it, given as the contract's summary: one shape for every list and banner. */
import type { PatientSummary } from '@shared/types';

/** The columns a summary needs, as both schemas type them. */
export interface SummaryRow {
  id: number;
  mrn: string;
  givenName: string;
  familyName: string;
  dateOfBirth: string;
  sex: PatientSummary['sex'];
  archivedAt: string | null;
}

export const toSummary = (r: SummaryRow): PatientSummary => ({
  id: r.id,
  mrn: r.mrn,
  givenName: r.givenName,
  familyName: r.familyName,
  dateOfBirth: r.dateOfBirth,
  sex: r.sex,
  archived: r.archivedAt !== null,
});
