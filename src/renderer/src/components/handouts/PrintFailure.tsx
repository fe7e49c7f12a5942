/**
 * A print that failed, said in an alert. The refusal to print before the practice's name and
 * phone are set is the service's sentence alone (it already says what to do), with the way to
 * the settings for a user who may change them.
 */
import { Alert, Anchor, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { isPracticeContactRefusal } from '@shared/practiceContact';
import { failureMessage } from '../../lib/messages';
import { useMay } from '../../session/context';

/** What to say of a failed print: `lead` and the reason, or the practice-contact refusal as it is. */
export function printFailureMessage(lead: string, error: unknown): string {
  const reason = failureMessage(error);
  return isPracticeContactRefusal(reason) ? reason : `${lead} ${reason}`;
}

export function PrintFailure({ message }: { message: string }) {
  const may = useMay();
  return (
    <Alert color="red" variant="light" p="xs" role="alert">
      <Stack gap={4}>
        <Text size="sm">{message}</Text>
        {isPracticeContactRefusal(message) && may('practice.manage') && (
          <Anchor component={Link} to="/settings" size="sm" fw={700} underline="always" w="fit-content">
            Open Settings → Practice
          </Anchor>
        )}
      </Stack>
    </Alert>
  );
}
