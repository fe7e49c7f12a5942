/**
 * The two states every screen shows before its data: a quiet spinner that says what it is
 * waiting for, and a failure that says what went wrong and offers to try again.
 */
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import { failureMessage } from '../lib/messages';

export function Loading({ label }: { label: string }) {
  return (
    <Center py="xl" role="status">
      <Group gap="sm">
        <Loader size="sm" />
        <Text c="dimmed">{label}</Text>
      </Group>
    </Center>
  );
}

/** `error` is the failed call, or null when the title says it all. */
export function LoadFailure({ title, error, onRetry }: { title: string; error: unknown; onRetry?: () => void }) {
  return (
    <Alert color="red" variant="light" title={title} role="alert" my="md">
      {error != null && <Text size="sm">{failureMessage(error)}</Text>}
      {onRetry && (
        <Button variant="default" size="xs" mt="sm" onClick={onRetry}>
          Try again
        </Button>
      )}
    </Alert>
  );
}
