/**
 * The first two cells of a row in the Review and "To sign" lists: the patient (name and MRN)
 * and the link to the visit, which the patient's name describes for a screen reader (by
 * `nameId`, unique to the row); what the list adds about the visit goes under the link.
 */
import { Anchor } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { PatientSummary } from '@shared/types';
import { formatDate } from '../lib/dates';
import { patientName } from '../lib/describe';
import { PatientName } from '../components/PersonName';
import text from '../components/lists/cellText.module.css';

export function PatientCell({ patient, nameId }: { patient: PatientSummary; nameId: string }) {
  return (
    <>
      <p className={text.name} id={nameId}>
        <PatientName patient={patient} />
      </p>
      <p className={text.detail}>MRN {patient.mrn}</p>
    </>
  );
}

interface VisitCellProps {
  patient: PatientSummary;
  visitId: number;
  date: string;
  nameId: string;
  children?: ReactNode;
}

export function VisitCell({ patient, visitId, date, nameId, children }: VisitCellProps) {
  return (
    <>
      <Anchor component={Link} to={`/patients/${patient.id}/visits/${visitId}`} size="sm" aria-describedby={nameId}>
        Visit of {formatDate(date)}
      </Anchor>
      {children}
    </>
  );
}

/** Orders rows by the patient's name as the lists write it (family name first), regardless of case. */
export const byPatient = (a: { patient: PatientSummary }, b: { patient: PatientSummary }) =>
  patientName(a.patient).localeCompare(patientName(b.patient), undefined, { sensitivity: 'base' });
