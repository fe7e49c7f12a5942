/**
 * The front door. A new, empty record offers synthetic demo patients (to learn the app on)
 * or a first real patient; once there are patients it goes straight to the patient search.
 */
import { Alert, Button, Center, Group, List, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Navigate, useNavigate } from 'react-router';
import { useApiMutation, useApiQuery } from '../api';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { failureMessage } from '../lib/messages';

export function FirstRunScreen() {
  useDocumentTitle('Welcome · Milia Notes');
  const status = useApiQuery('app.status', {});
  const navigate = useNavigate();
  const loadDemo = useApiMutation('app.loadDemo');

  if (status.isPending) return <Loading label="Opening the record…" />;
  if (status.isError) return <LoadFailure title="The record could not be opened" error={status.error} onRetry={() => void status.refetch()} />;
  // While demo data loads the record stops being empty; stay on this page until it is done.
  if (!status.data.empty && !loadDemo.isPending) return <Navigate to="/patients" replace />;

  const load = () => loadDemo.mutate({}, { onSuccess: () => void navigate('/patients') });

  return (
    <Center py="xl">
      <Paper withBorder p="xl" maw={560} w="100%" shadow="xs">
        <Stack gap="md">
          <Title order={2}>Welcome to Milia Notes</Title>
          <Text>This record has no patients yet. You can start in one of two ways:</Text>
          <List spacing="xs">
            <List.Item>
              <Text span fw={600}>
                Demo data
              </Text>{' '}
              fills the record with synthetic patients, visits and follow-ups, so you can try every screen. None of them is a real person.
            </List.Item>
            <List.Item>
              <Text span fw={600}>
                An empty record
              </Text>{' '}
              starts with your first real patient.
            </List.Item>
          </List>
          {loadDemo.isError && (
            <Alert color="red" variant="light" role="alert" title="The demo data was not loaded">
              {failureMessage(loadDemo.error)}
            </Alert>
          )}
          {/* Always present, so that screen readers announce the progress when it appears. */}
          <div role="status">
            {loadDemo.isPending && (
              <Group gap="sm" py={6}>
                <Loader size="sm" />
                <Text>Loading demo data…</Text>
              </Group>
            )}
          </div>
          {!loadDemo.isPending && (
            <Group gap="sm">
              <Button onClick={load}>Load demo data</Button>
              <Button variant="default" onClick={() => void navigate('/patients/new')}>
                Start with an empty record
              </Button>
            </Group>
          )}
          <Text size="xs" c="dimmed">
            Record file: {status.data.databasePath}
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
