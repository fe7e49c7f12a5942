/**
 * Completing a follow-up: how the patient is doing and when they were seen (today unless
 * said otherwise), checked by the service's own schema before it is sent.
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Group, Modal, NativeSelect, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { z } from 'zod';
import { FollowUpComplete } from '@shared/schemas';
import type { FollowUp, WorklistItem } from '@shared/types';
import { outcomes } from '@shared/vocabulary';
import { useApiMutation } from '../../api';
import { formatDate, readBack, todayIso } from '../../lib/dates';
import { PatientName } from '../PersonName';
import { showFailure } from '../../lib/forms';
import { fieldError } from '../../lib/messages';
import { blankIsMissing, optionsOf } from '../../lib/selects';

type Values = z.input<typeof FollowUpComplete>;
type Parsed = z.output<typeof FollowUpComplete>;

const outcomeOptions = optionsOf(outcomes, 'Choose…');

interface RecordOutcomeDialogProps {
  /** The follow-up to complete; the dialog is closed when there is none. */
  item: WorklistItem | null;
  onClose(): void;
  onDone(item: WorklistItem, followUp: FollowUp): void;
  /** After the dialog has gone (the row that opened it may have gone with it). */
  onExited(): void;
}

export function RecordOutcomeDialog({ item, onClose, onDone, onExited }: RecordOutcomeDialogProps) {
  return (
    <Modal opened={item !== null} onClose={onClose} onExitTransitionEnd={onExited} title="Record outcome" closeButtonProps={{ 'aria-label': 'Close' }} centered>
      {/* Mounted afresh for each follow-up, so that the form starts empty every time. */}
      {item && <OutcomeForm key={item.followUp.id} item={item} onClose={onClose} onDone={onDone} />}
    </Modal>
  );
}

function OutcomeForm({ item, onClose, onDone }: { item: WorklistItem; onClose(): void; onDone: RecordOutcomeDialogProps['onDone'] }) {
  const complete = useApiMutation('followUps.complete');
  const [failure, setFailure] = useState<string | null>(null);
  const today = todayIso();
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, Parsed>({
    resolver: zodResolver(FollowUpComplete),
    defaultValues: { id: item.followUp.id, completedDate: today, notes: '' },
  });
  const completedDate = useWatch({ control, name: 'completedDate' });

  const save = async (values: Parsed) => {
    setFailure(null);
    try {
      onDone(item, await complete.mutateAsync(values));
    } catch (error) {
      setFailure(showFailure(error, setError));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(save)(event)}>
      <Stack gap="sm">
        <Text size="sm">
          <Text span fw={600}>
            <PatientName patient={item.patient} />
          </Text>{' '}
          · due {formatDate(item.followUp.dueDate)} after the visit of {formatDate(item.visitDate)}
        </Text>
        {failure && (
          <Alert color="red" variant="light" role="alert">
            {failure}
          </Alert>
        )}
        <NativeSelect
          label="Outcome"
          required
          data={outcomeOptions}
          data-autofocus
          {...register('outcome', { setValueAs: blankIsMissing })}
          error={fieldError(errors.outcome, 'Outcome')}
        />
        <TextInput
          label="Completed on"
          type="date"
          required
          min={item.visitDate}
          max={today}
          description={readBack(completedDate)}
          {...register('completedDate', { setValueAs: blankIsMissing })}
          error={fieldError(errors.completedDate, 'Completed on')}
        />
        <Textarea label="Notes" description="Optional" autosize minRows={2} maxRows={6} {...register('notes')} error={fieldError(errors.notes, 'Notes')} />
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={onClose}>
            Go back
          </Button>
          <Button type="submit" loading={isSubmitting}>
            Record outcome
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
