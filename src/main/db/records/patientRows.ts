/** A patient's row as either engine reads it, given as the contract's summary (one shape for every list and banner) or as the whole patient. */
import type { Patient, PatientSummary } from '@shared/types';

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

/** The columns a whole patient needs besides its summary's. */
export interface PatientRow extends SummaryRow {
  fitzpatrick: Patient['fitzpatrick'];
  phone: Patient['phone'];
  email: Patient['email'];
  createdAt: string;
  updatedAt: string;
}

/** A whole patient, written out field by field: a spread of the summary cost every save's patient read microseconds. */
export const toPatient = (r: PatientRow): Patient => ({
  id: r.id,
  mrn: r.mrn,
  givenName: r.givenName,
  familyName: r.familyName,
  dateOfBirth: r.dateOfBirth,
  sex: r.sex,
  archived: r.archivedAt !== null,
  fitzpatrick: r.fitzpatrick,
  phone: r.phone,
  email: r.email,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
});

/** A whole patient with the moment it was archived (null when it is not): what an export writes. */
export const toPatientRecord = (r: PatientRow): Patient & { archivedAt: string | null } => ({ ...toPatient(r), archivedAt: r.archivedAt });
