/**
 * Settings → Users: everyone who can sign in, with their role and clinician profile. The
 * administrator adds users, changes them, resets a password, and deactivates someone who
 * has left (a user is never deleted: their name stays on what they documented).
 */
import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useId, useState } from 'react';
import type { User } from '@shared/types';
import { roles } from '@shared/vocabulary';
import { useApiMutation, useApiQuery } from '../api';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { LoadFailure, Loading } from '../components/QueryStatus';
import { PasswordDialog } from '../components/users/PasswordDialog';
import { UserDialog } from '../components/users/UserDialog';
import { formatDateTime } from '../lib/dates';
import { notifySaved } from '../lib/notify';
import { useActor } from '../session/context';
import { PersonName } from '../components/PersonName';

type Editing = { user: User | null } | null;

export function UsersScreen() {
  useDocumentTitle('Users · Milia Notes');
  const users = useApiQuery('users.list', {});
  const [editing, setEditing] = useState<Editing>(null);
  const [resetting, setResetting] = useState<User | null>(null);
  const [toggling, setToggling] = useState<User | null>(null);

  if (users.isPending) return <Loading label="Loading the users…" />;
  if (users.isError) return <LoadFailure title="The users could not be loaded" error={users.error} onRetry={() => void users.refetch()} />;

  return (
    <Stack gap="md" maw={1100}>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>Users</Title>
          <Text c="dimmed" size="sm">
            Everyone signs in as themselves. Users are deactivated, never deleted, so their names stay on what they documented.
          </Text>
        </div>
        <Button onClick={() => setEditing({ user: null })}>Add user</Button>
      </Group>
      <Table.ScrollContainer minWidth={900}>
        <Table verticalSpacing="xs" fz="sm" highlightOnHover aria-label="Users">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Name</Table.Th>
              <Table.Th scope="col">Role</Table.Th>
              <Table.Th scope="col">Clinician profile</Table.Th>
              <Table.Th scope="col">Status</Table.Th>
              <Table.Th scope="col">Actions</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data.map((user) => (
              <UserRow key={user.id} user={user} onEdit={() => setEditing({ user })} onReset={() => setResetting(user)} onToggle={() => setToggling(user)} />
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <UserDialog
        opened={editing !== null}
        user={editing?.user ?? null}
        onClose={() => setEditing(null)}
        onSaved={(user, added) => {
          setEditing(null);
          notifySaved(
            <>
              <PersonName name={user.name} />
              {added ? ` added as ${roles.label(user.role).toLowerCase()}.` : ' saved.'}
            </>,
          );
        }}
      />
      <PasswordDialog
        user={resetting}
        onClose={() => setResetting(null)}
        onSaved={(user) => {
          setResetting(null);
          notifySaved(
            <>
              New password set for <PersonName name={user.name} />.
            </>,
          );
        }}
      />
      <ActiveChange user={toggling} onClose={() => setToggling(null)} />
    </Stack>
  );
}

function UserRow({ user, onEdit, onReset, onToggle }: { user: User; onEdit(): void; onReset(): void; onToggle(): void }) {
  const me = useActor();
  const nameId = useId();
  const profile = user.clinician;
  return (
    <Table.Tr>
      <Table.Td>
        <Text fw={600} size="sm" id={nameId}>
          <PersonName name={user.name} />
        </Text>
        <Text size="xs" c="dimmed" ff="monospace">
          {user.username}
        </Text>
      </Table.Td>
      <Table.Td>{roles.label(user.role)}</Table.Td>
      <Table.Td>
        {profile ? (
          <>
            <Text size="sm">{[roles.label(profile.role), profile.title].filter(Boolean).join(' · ')}</Text>
            {profile.registrationNumber && (
              <Text size="xs" c="dimmed">
                Registration {profile.registrationNumber}
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed">
            None
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4}>
          {user.active ? (
            <Badge color="teal" variant="light">
              Active
            </Badge>
          ) : (
            <Badge color="gray" variant="light">
              Deactivated
            </Badge>
          )}
          {!user.hasPassword && (
            <Badge color="orange" variant="light" c="orange.9">
              No password yet
            </Badge>
          )}
        </Group>
        {user.lockedUntil && (
          <Text size="xs" c="red.8">
            Locked after wrong passwords until {formatDateTime(user.lockedUntil)}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={6} wrap="nowrap">
          <Button size="xs" variant="default" onClick={onEdit} aria-describedby={nameId}>
            Edit
          </Button>
          <Button size="xs" variant="default" onClick={onReset} aria-describedby={nameId}>
            Reset password
          </Button>
          {/* Nobody deactivates themselves: the practice would lose its way in. */}
          {user.id !== me.userId && (
            <Button size="xs" variant="subtle" color={user.active ? 'red' : undefined} onClick={onToggle} aria-describedby={nameId}>
              {user.active ? 'Deactivate' : 'Reactivate'}
            </Button>
          )}
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

function ActiveChange({ user, onClose }: { user: User | null; onClose(): void }) {
  const setActive = useApiMutation('users.setActive');
  const deactivating = user?.active ?? true;
  const close = () => {
    setActive.reset();
    onClose();
  };
  return (
    <ConfirmDialog
      opened={user !== null}
      title={deactivating ? 'Deactivate this user?' : 'Reactivate this user?'}
      confirmLabel={deactivating ? 'Deactivate' : 'Reactivate'}
      danger={deactivating}
      pending={setActive.isPending}
      error={setActive.error}
      onConfirm={() =>
        user &&
        setActive.mutate(
          { id: user.id, active: !user.active },
          {
            onSuccess: (saved) => {
              close();
              notifySaved(
                <>
                  <PersonName name={saved.name} /> {saved.active ? 'reactivated' : 'deactivated'}.
                </>,
              );
            },
          },
        )
      }
      onClose={close}
    >
      {user && (
        <>
          <PersonName name={user.name} />
          {deactivating
            ? ' will no longer be able to sign in, and is signed out now if signed in. Everything they documented keeps their name. They can be reactivated later.'
            : ' will be able to sign in again with their password.'}
        </>
      )}
    </ConfirmDialog>
  );
}
