/**
 * Writing an addendum to a signed visit: a correction or a later fact, signed by its author
 * as it is added, shown under the visit and never edited afterwards.
 */
import { Alert, Button, Group, Stack, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { AddendumInput } from '@shared/schemas';
import { useApiMutation } from '../../api';
import { failureMessage, fieldError } from '../../lib/messages';
import { notifySaved } from '../../lib/notify';
import { useActor } from '../../session/context';
import { useUnsavedChanges } from '../../lib/unsaved';

export function AddendumForm({ visitId }: { visitId: number }) {
  const actor = useActor();
  const add = useApiMutation('visits.addAddendum');
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  useUnsavedChanges(text.trim() !== '');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = AddendumInput.safeParse({ visitId, text });
    const issue = parsed.error?.issues.find((i) => i.path[0] === 'text');
    setProblem(fieldError(issue, 'The addendum'));
    if (!parsed.success) return;
    add.mutate(parsed.data, {
      onSuccess: () => {
        setText('');
        notifySaved('Addendum added and signed.');
      },
    });
  };

  return (
    <form noValidate onSubmit={submit} aria-labelledby="addendum-title">
      <Stack gap="sm">
        <Text fw={600} id="addendum-title">
          Add addendum
        </Text>
        {add.isError && (
          <Alert color="red" variant="light" role="alert" title="The addendum was not added">
            {failureMessage(add.error)}
          </Alert>
        )}
        <Textarea
          label="Addendum"
          description={`Signed as ${actor.name} when added. It cannot be changed afterwards.`}
          autosize
          minRows={3}
          maxRows={12}
          value={text}
          onChange={(e) => setText(e.currentTarget.value)}
          error={problem}
        />
        <Group>
          <Button type="submit" loading={add.isPending}>
            Add addendum
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
