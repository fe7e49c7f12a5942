/**
 * Signing a draft visit (dermatologists): what still stops it, in the service's own
 * sentences, and a "Sign visit" that asks once, since a signed visit is final. What is
 * signed is the visit as saved, so unsaved changes are saved first.
 */
import { Alert, Button, Group, List, Paper, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Visit } from '@shared/types';
import { useApiMutation } from '../../api';
import { notifySaved } from '../../lib/notify';
import { useActor } from '../../session/context';
import { ConfirmDialog } from '../ConfirmDialog';
import { PersonName } from '../PersonName';

export function SignPanel({ visit, dirty }: { visit: Visit; dirty: boolean }) {
  const actor = useActor();
  const sign = useApiMutation('visits.sign');
  const [confirming, confirm] = useDisclosure(false);
  const blockers = visit.signBlockers;
  const ready = blockers.length === 0 && !dirty;

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="sign-title">
      <Stack gap="xs">
        <Group justify="space-between" align="center">
          <Text fw={600} id="sign-title">
            Sign visit
          </Text>
          <Button
            onClick={() => {
              sign.reset();
              confirm.open();
            }}
            disabled={!ready}
          >
            Sign visit
          </Button>
        </Group>
        {blockers.length > 0 && (
          <Alert color="orange" variant="light" title="Before this visit can be signed" classNames={{ title: 'warning-title' }}>
            <List size="sm" spacing={2}>
              {blockers.map((b) => (
                <List.Item key={b}>{b}</List.Item>
              ))}
            </List>
          </Alert>
        )}
        {dirty && <Text size="sm">This visit has unsaved changes. Save it first: what is signed is the visit as saved.</Text>}
        {ready && <Text size="sm">Nothing stops this visit from being signed.</Text>}
      </Stack>
      <ConfirmDialog
        opened={confirming}
        title="Sign this visit?"
        confirmLabel="Sign visit"
        pending={sign.isPending}
        error={sign.error}
        onConfirm={() =>
          sign.mutate(
            { id: visit.id },
            {
              onSuccess: () => {
                confirm.close();
                notifySaved(
                  <>
                    Signed by <PersonName name={actor.name} />.
                  </>,
                  'Visit signed',
                );
              },
            },
          )
        }
        onClose={confirm.close}
      >
        You sign as <PersonName name={actor.name} />. A signed visit is final: nobody can change it afterwards, and corrections are added as addenda.
      </ConfirmDialog>
    </Paper>
  );
}
