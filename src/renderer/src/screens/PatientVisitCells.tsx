/**
 * The first two cells of a row in the Review and "To sign" lists: the patient (name and MRN)
 * and the link to the visit, which the patient's name describes for a screen reader; what the
 * list adds about the visit goes under the link.
 */
import { Anchor, Table, Text } from '@mantine/core';
import { useId, type ReactNode } from 'react';
import { Link } from 'react-router';
import type { PatientSummary } from '@shared/types';
import { formatDate } from '../lib/dates';
import { patientName } from '../lib/describe';

export function PatientVisitCells({ patient, visitId, date, children }: { patient: PatientSummary; visitId: number; date: string; children: ReactNode }) {
  const nameId = useId();
  return (
    <>
      <Table.Td>
        <Text fw={600} size="sm" id={nameId}>
          <bdi>{patientName(patient)}</bdi>
        </Text>
        <Text size="xs" c="dimmed">
          MRN {patient.mrn}
        </Text>
      </Table.Td>
      <Table.Td>
        <Anchor component={Link} to={`/patients/${patient.id}/visits/${visitId}`} size="sm" aria-describedby={nameId}>
          Visit of {formatDate(date)}
        </Anchor>
        {children}
      </Table.Td>
    </>
  );
}
