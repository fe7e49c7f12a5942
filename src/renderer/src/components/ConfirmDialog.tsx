/**
 * A short "are you sure" for actions that change a record in one click (archiving a patient,
 * marking a follow-up missed). Focus starts on the safe choice, so Enter never confirms by
 * accident; Escape or the close button back out.
 */
import { Alert, Button, Group, Modal, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { failureMessage } from '../lib/messages';

interface ConfirmDialogProps {
  opened: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  /** Red for an action that takes something away. */
  danger?: boolean;
  pending?: boolean;
  error?: unknown;
  onConfirm(): void;
  onClose(): void;
  /** After the dialog has gone, e.g. to place the focus when its trigger went with the change. */
  onExited?(): void;
}

export function ConfirmDialog({ opened, title, children, confirmLabel, danger, pending, error, onConfirm, onClose, onExited }: ConfirmDialogProps) {
  return (
    <Modal opened={opened} onClose={onClose} onExitTransitionEnd={onExited} title={title} closeButtonProps={{ 'aria-label': 'Close' }} centered>
      <Text size="sm">{children}</Text>
      {error != null && (
        <Alert color="red" variant="light" mt="md" role="alert">
          {failureMessage(error)}
        </Alert>
      )}
      <Group justify="flex-end" mt="lg">
        <Button variant="default" onClick={onClose} data-autofocus>
          Go back
        </Button>
        <Button color={danger ? 'red' : undefined} loading={pending} onClick={onConfirm}>
          {confirmLabel}
        </Button>
      </Group>
    </Modal>
  );
}
