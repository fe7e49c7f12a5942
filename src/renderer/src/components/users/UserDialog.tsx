/**
 * Adding a user, or changing one: name, role and, for clinicians, the clinician profile
 * visits name them by (clinical role, title, registration number). A new user gets a
 * password typed twice; an existing one keeps theirs (reset it from the list).
 */
import { Alert, Button, Checkbox, Fieldset, Group, Modal, NativeSelect, SimpleGrid, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useForm, useWatch } from 'react-hook-form';
import type { User } from '@shared/types';
import type { UserCreate, UserUpdate } from '@shared/users';
import { roles } from '@shared/vocabulary';
import { useApiMutation } from '../../api';
import { showFailure } from '../../lib/forms';
import { fieldError } from '../../lib/messages';
import { optionsOf } from '../../lib/selects';
import { PasswordFields } from './PasswordFields';
import { createResolver, hasProfile, isClinicalRole, updateResolver, userValues, type UserValues } from './userForm';
import { PersonName } from '../PersonName';

const roleOptions = optionsOf(roles, 'Choose…');
const clinicalRoleOptions = [
  { value: '', label: 'Choose…' },
  { value: 'dermatologist', label: roles.label('dermatologist') },
  { value: 'nurse', label: roles.label('nurse') },
];

const roleHelp: Record<string, string> = {
  dermatologist: 'Everything clinical: documents, signs visits and decides red flags.',
  nurse: 'Patients and charts; documents visits in draft, records follow-ups and prints aftercare. Cannot sign or decide red flags.',
  manager: 'Statistics and their de-identified exports, and the follow-up list without clinical notes. No charts.',
  admin: 'Users, practice settings, backups and the audit trail. No clinical documentation unless also a clinician.',
};

interface UserDialogProps {
  opened: boolean;
  /** The user to change; a new user when null. */
  user: User | null;
  onClose(): void;
  onSaved(user: User, added: boolean): void;
}

export function UserDialog({ opened, user, onClose, onSaved }: UserDialogProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={
        user ? (
          <>
            Edit <PersonName name={user.name} />
          </>
        ) : (
          'Add a user'
        )
      }
      size="lg"
      closeButtonProps={{ 'aria-label': 'Close' }}
    >
      {/* A new form each time it opens, from the user as they are now. */}
      {opened && <UserForm key={user?.id ?? 'new'} user={user} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function UserForm({ user, onCancel, onSaved }: { user: User | null; onCancel(): void; onSaved: UserDialogProps['onSaved'] }) {
  const create = useApiMutation('users.create');
  const update = useApiMutation('users.update');
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    control,
    formState: { errors, isSubmitting },
  } = useForm<UserValues, unknown, UserCreate | UserUpdate>({
    resolver: user ? updateResolver(user) : createResolver,
    defaultValues: userValues(user ?? undefined),
  });
  const [role, asClinician] = useWatch({ control, name: ['role', 'asClinician'] });

  const save = async (input: UserCreate | UserUpdate) => {
    setFailure(null);
    try {
      if (user) onSaved(await update.mutateAsync(input as UserUpdate), false);
      else {
        // The confirmation was only for this form.
        const { confirm: _confirm, ...created } = input as UserCreate & { confirm: string };
        onSaved(await create.mutateAsync(created), true);
      }
    } catch (error) {
      setFailure(showFailure(error, setError));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(save)(event)}>
      <Stack gap="md">
        {failure && (
          <Alert color="red" variant="light" role="alert" title="The user was not saved">
            {failure}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          {user ? (
            <TextInput label="Username" value={user.username} readOnly variant="filled" description="A username stays as it was made." />
          ) : (
            <TextInput
              label="Username"
              description="Lower-case letters, digits, . _ or -"
              autoComplete="off"
              autoCapitalize="none"
              spellCheck={false}
              required
              data-autofocus
              {...register('username')}
              error={fieldError(errors.username, 'Username')}
            />
          )}
          <TextInput
            label="Display name"
            description="As the app and the notes show it: “Dr Ada Okafor”"
            required
            {...register('name')}
            error={fieldError(errors.name, 'Display name')}
          />
        </SimpleGrid>
        <NativeSelect
          label="Role"
          required
          data={roleOptions}
          description={role ? roleHelp[role] : 'What the user may do.'}
          {...register('role')}
          error={fieldError(errors.role, 'Role')}
        />
        {role === 'admin' && <Checkbox label="Also a clinician (documents visits)" {...register('asClinician')} />}
        {hasProfile({ role, asClinician }) && (
          <Fieldset legend="Clinician profile">
            <Text size="sm" c="dimmed" mb="sm">
              Visits name this profile as their clinician and as who performed a treatment.
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              {isClinicalRole(role) ? (
                <Text size="sm" style={{ gridColumn: '1 / -1' }}>
                  Clinical role: {roles.label(role)}, as the user&apos;s role.
                </Text>
              ) : (
                <NativeSelect
                  label="Clinical role"
                  required
                  data={clinicalRoleOptions}
                  {...register('clinician.role')}
                  error={fieldError(errors.clinician?.role, 'Clinical role')}
                  style={{ gridColumn: '1 / -1' }}
                />
              )}
              <TextInput
                label="Title"
                description="e.g. Consultant dermatologist"
                {...register('clinician.title')}
                error={fieldError(errors.clinician?.title, 'Title')}
              />
              <TextInput
                label="Registration number"
                description="e.g. GMC 1234567"
                {...register('clinician.registrationNumber')}
                error={fieldError(errors.clinician?.registrationNumber, 'Registration number')}
              />
            </SimpleGrid>
          </Fieldset>
        )}
        {!user && (
          <PasswordFields
            password={register('password')}
            confirm={register('confirm')}
            passwordError={fieldError(errors.password, 'Password')}
            confirmError={fieldError(errors.confirm, 'Confirm password')}
          />
        )}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onCancel}>
            Cancel
          </Button>
          <Button type="submit" loading={isSubmitting}>
            {user ? 'Save changes' : 'Add user'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
