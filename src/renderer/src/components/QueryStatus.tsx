/**
 * The two states every screen shows before its data: a quiet spinner that says what it is
 * waiting for, and a failure that says what went wrong and, when asking again can help,
 * offers to try again.
 */
import { Alert, Button, Center, Group, Loader, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { ApiFailure } from '../api';
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

/** A record that is not there, or an input refused, stays so however often it is asked for. */
const worthRetrying = (error: unknown): boolean => !(error instanceof ApiFailure && (error.error.kind === 'not_found' || error.error.kind === 'validation'));

interface LoadFailureProps {
  title: string;
  /** The failed call, or null when the title says it all. */
  error: unknown;
  onRetry?: () => void;
  /** Where to go instead, e.g. back to the search. */
  children?: ReactNode;
}

export function LoadFailure({ title, error, onRetry, children }: LoadFailureProps) {
  return (
    <Alert color="red" variant="light" title={title} role="alert" my="md">
      {error != null && <Text size="sm">{failureMessage(error)}</Text>}
      <Group gap="sm" mt="sm">
        {onRetry && error != null && worthRetrying(error) && (
          <Button variant="default" size="xs" onClick={onRetry}>
            Try again
          </Button>
        )}
        {children}
      </Group>
    </Alert>
  );
}
