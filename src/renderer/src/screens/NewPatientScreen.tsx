/** Registering a patient; on saving, their (empty) chart opens, ready for the first visit. */
import { Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useNavigate } from 'react-router';
import { PatientForm } from '../components/PatientForm';
import { notifySaved } from '../lib/notify';
import { PatientName } from '../components/PersonName';

export function NewPatientScreen() {
  useDocumentTitle('New patient · Milia Notes');
  const navigate = useNavigate();
  return (
    <Stack gap="md" maw={760}>
      <div>
        <Title order={2}>New patient</Title>
        <Text c="dimmed" size="sm">
          Fields marked * are required. Check the name and date of birth against an ID document.
        </Text>
      </div>
      <Paper withBorder p="lg">
        <PatientForm
          onSaved={(patient) => {
            notifySaved(
              <>
                <PatientName patient={patient} />, MRN {patient.mrn}
              </>,
              'Patient saved',
            );
            void navigate(`/patients/${patient.id}`);
          }}
          onCancel={() => void navigate('/patients')}
        />
      </Paper>
    </Stack>
  );
}
