/**
 * Who this chart belongs to, on every chart screen, so that nobody documents on the wrong
 * patient: full name, date of birth with age, and MRN.
 */
import { Badge, Group, Paper, Text, Title } from '@mantine/core';
import type { Patient } from '@shared/types';
import { sexes } from '@shared/vocabulary';
import { ageOn, formatDate } from '../lib/dates';
import { PatientName } from './PersonName';

export function PatientBanner({ patient }: { patient: Patient }) {
  return (
    <Paper withBorder p="sm" mb="md" role="region" aria-label="Patient" bg="var(--mantine-color-teal-light)">
      <Group justify="space-between" wrap="wrap" gap="xs">
        <Title order={2} size="h3" data-testid="patient-name">
          <PatientName patient={patient} />
        </Title>
        <Group gap="lg" wrap="wrap">
          <Text>
            <Text span c="dimmed">
              Born{' '}
            </Text>
            {formatDate(patient.dateOfBirth)} ({ageOn(patient.dateOfBirth)})
          </Text>
          <Text>
            <Text span c="dimmed">
              Sex{' '}
            </Text>
            {sexes.label(patient.sex)}
          </Text>
          <Text>
            <Text span c="dimmed">
              MRN{' '}
            </Text>
            <Text span fw={700} ff="monospace">
              {patient.mrn}
            </Text>
          </Text>
          {patient.archived && <Badge color="gray">Archived</Badge>}
        </Group>
      </Group>
    </Paper>
  );
}
