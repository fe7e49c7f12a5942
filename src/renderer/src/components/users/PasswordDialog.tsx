/**
 * Setting a new password for a user who forgot theirs (or a clinician carried over from
 * before sign-in existed, who has none yet). The administrator tells them the new one.
 */
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import type { User } from '@shared/types';
import { useApiMutation } from '../../api';
import { showFailure } from '../../lib/forms';
import { fieldError } from '../../lib/messages';
import { PasswordFields } from './PasswordFields';
import { passwordResolver } from './userForm';
import { PersonName } from '../PersonName';

interface PasswordDialogProps {
  user: User | null;
  onClose(): void;
  onSaved(user: User): void;
}

export function PasswordDialog({ user, onClose, onSaved }: PasswordDialogProps) {
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={
        user ? (
          <>
            New password for <PersonName name={user.name} />
          </>
        ) : (
          ''
        )
      }
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {user && <PasswordForm key={user.id} user={user} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

type Values = { password: string; confirm: string };

function PasswordForm({ user, onCancel, onSaved }: { user: User; onCancel(): void; onSaved(user: User): void }) {
  const reset = useApiMutation('users.resetPassword');
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<Values, unknown, Values & { id: number }>({ resolver: passwordResolver(user), defaultValues: { password: '', confirm: '' } });

  const save = async ({ id, password }: Values & { id: number }) => {
    setFailure(null);
    try {
      onSaved(await reset.mutateAsync({ id, password }));
    } catch (error) {
      setFailure(showFailure(error, setError));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(save)(event)}>
      <Stack gap="md">
        <Text size="sm">
          The new password replaces the one <bdi>{user.username}</bdi> had, at once. Tell them the new one in person.
        </Text>
        {failure && (
          <Alert color="red" variant="light" role="alert" title="The password was not changed">
            {failure}
          </Alert>
        )}
        <PasswordFields
          label="New password"
          password={register('password')}
          confirm={register('confirm')}
          passwordError={fieldError(errors.password, 'New password')}
          confirmError={fieldError(errors.confirm, 'Confirm new password')}
        />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={isSubmitting}>
            Set password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
