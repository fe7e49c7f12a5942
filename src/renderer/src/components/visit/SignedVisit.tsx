/**
 * A signed visit: final, so shown read-only with no editing controls, who signed it and
 * when, its addenda under it in order, and (for dermatologists) the form to add one.
 */
import { Alert, Anchor, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import type { Patient, Visit } from '@shared/types';
import { formatDate } from '../../lib/dates';
import { useMay } from '../../session/context';
import { Addenda } from '../chart/Addenda';
import { VisitContent } from '../chart/VisitContent';
import { signatureSentence, VisitStatusBadge } from '../chart/VisitStatus';
import { PatientBanner } from '../PatientBanner';
import { AddendumForm } from './AddendumForm';
import { PersonName } from '../PersonName';

export function SignedVisit({ patient, visit }: { patient: Patient; visit: Visit }) {
  const can = useMay();
  return (
    <Stack gap="md" maw={960}>
      <PatientBanner patient={patient} />
      <Group gap="sm" align="baseline">
        <Title order={2} id="visit-title">
          Visit of {formatDate(visit.date)}
        </Title>
        <VisitStatusBadge visit={visit} />
      </Group>
      <Alert color="teal" variant="light" title={signatureSentence(visit)}>
        A signed visit is final: nobody can change it. Corrections and later facts are added as addenda below, each signed by its author.
      </Alert>
      <Paper withBorder p="md">
        <Text size="sm" c="dimmed" mb="xs">
          Clinician: <PersonName name={visit.clinicianName} /> · documented by <PersonName name={visit.createdBy} />
        </Text>
        <VisitContent visit={visit} describedBy="visit-title" canPrint={can('handouts.print')} />
      </Paper>
      <section aria-labelledby="addenda-title">
        <Title order={3} id="addenda-title" mb="xs">
          Addenda
        </Title>
        {visit.addenda.length === 0 ? (
          <Text size="sm" c="dimmed">
            None yet.
          </Text>
        ) : (
          <Addenda addenda={visit.addenda} headingLevel="h4" />
        )}
      </section>
      {can('visits.sign') && (
        <Paper withBorder p="md">
          <AddendumForm visit={visit} />
        </Paper>
      )}
      <Anchor component={Link} to={`/patients/${patient.id}`} size="sm">
        Back to the chart
      </Anchor>
    </Stack>
  );
}
