/**
 * The front door of a record with no users: set up the practice (its name and numbers, as
 * handouts print them) and its first administrator, who then adds everyone else; or fill the
 * record with synthetic demo data to learn the app on, which brings its own users (their
 * usernames and passwords are shown, here or on the sign-in screen that follows).
 */
import { zodResolver } from '@hookform/resolvers/zod';
import { Alert, Button, Center, Divider, Fieldset, Group, Loader, Paper, SimpleGrid, Stack, Text, Textarea, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useForm } from 'react-hook-form';
import * as z from 'zod';
import { PracticeSetup } from '@shared/users';
import { call } from '../api';
import { PasswordFields, passwordPair } from '../components/users/PasswordFields';
import { showFailure } from '../lib/forms';
import { failureMessage, fieldError } from '../lib/messages';
import { sessionKey, useSessionCall } from '../session/context';
import { DemoUsers } from '../session/DemoUsers';
import type { SessionState } from '@shared/types';

const SetupForm = z.object({
  practice: PracticeSetup.shape.practice,
  admin: PracticeSetup.shape.admin.omit({ password: true }),
  passwords: passwordPair,
});
type SetupValues = z.input<typeof SetupForm>;
type SetupParsed = z.output<typeof SetupForm>;

const blank: SetupValues = {
  practice: { practiceName: '', address: '', phone: '', afterHoursPhone: '' },
  admin: { username: '', name: '' },
  passwords: { password: '', confirm: '' },
};

export function FirstRunScreen({ session }: { session: SessionState }) {
  useDocumentTitle('Welcome · Milia Notes');
  return (
    <Center component="main" py="xl" px="md">
      <Paper withBorder p="xl" maw={720} w="100%" shadow="xs">
        <Stack gap="lg">
          <div>
            <Title order={1} size="h2">
              Welcome to Milia Notes
            </Title>
            <Text>This record is new. Set up your practice and its first administrator, who then adds the clinicians and staff in Settings → Users.</Text>
          </div>
          <SetupPractice />
          <Divider label="Or, to learn the app first" labelPosition="center" />
          <DemoData session={session} />
        </Stack>
      </Paper>
    </Center>
  );
}

function SetupPractice() {
  const setup = useSessionCall('practice.setup');
  const [failure, setFailure] = useState<string | null>(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm<SetupValues, unknown, SetupParsed>({ resolver: zodResolver(SetupForm), defaultValues: blank });

  const save = async ({ practice, admin, passwords }: SetupParsed) => {
    setFailure(null);
    try {
      // The answer signs the administrator in, which opens the app on the settings.
      await setup.mutateAsync({ practice, admin: { ...admin, password: passwords.password } });
    } catch (error) {
      setFailure(showFailure(error, setError));
    }
  };

  return (
    <form noValidate onSubmit={(event) => void handleSubmit(save)(event)} aria-labelledby="setup-title">
      <Stack gap="md">
        <Title order={2} size="h3" id="setup-title">
          Set up the practice
        </Title>
        {failure && (
          <Alert color="red" variant="light" role="alert" title="The practice was not set up">
            {failure}
          </Alert>
        )}
        <Fieldset legend="Practice">
          <Text size="sm" c="dimmed" mb="sm">
            Printed at the top of aftercare handouts, with the after-hours number patients should call with a problem. You can change these later in Settings.
          </Text>
          <Stack gap="sm">
            <TextInput
              label="Practice name"
              required
              {...register('practice.practiceName')}
              error={fieldError(errors.practice?.practiceName, 'Practice name')}
            />
            <Textarea
              label="Address"
              autosize
              minRows={2}
              maxRows={5}
              {...register('practice.address')}
              error={fieldError(errors.practice?.address, 'Address')}
            />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label="Phone"
                type="tel"
                required
                description="Printed on every aftercare handout"
                {...register('practice.phone')}
                error={fieldError(errors.practice?.phone, 'Phone')}
              />
              <TextInput
                label="After-hours phone"
                type="tel"
                {...register('practice.afterHoursPhone')}
                error={fieldError(errors.practice?.afterHoursPhone, 'After-hours phone')}
              />
            </SimpleGrid>
          </Stack>
        </Fieldset>
        <Fieldset legend="First administrator">
          <Text size="sm" c="dimmed" mb="sm">
            Manages users, settings, backups and the audit trail. An administrator does not document visits unless also given a clinical role.
          </Text>
          <Stack gap="sm">
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <TextInput
                label="Username"
                description="Lower-case letters, digits, . _ or -"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                {...register('admin.username')}
                error={fieldError(errors.admin?.username, 'Username')}
              />
              <TextInput
                label="Display name"
                description="As the app shows it: “Sam Patel”"
                required
                {...register('admin.name')}
                error={fieldError(errors.admin?.name, 'Display name')}
              />
            </SimpleGrid>
            <PasswordFields
              password={register('passwords.password')}
              confirm={register('passwords.confirm')}
              passwordError={fieldError(errors.passwords?.password, 'Password')}
              confirmError={fieldError(errors.passwords?.confirm, 'Confirm password')}
            />
          </Stack>
        </Fieldset>
        <Group>
          <Button type="submit" loading={isSubmitting}>
            Set up the practice
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Synthetic patients, visits and users; afterwards the sign-in screen lists the demo users. */
function DemoData({ session }: { session: SessionState }) {
  const queryClient = useQueryClient();
  const load = useMutation({
    mutationFn: () => call('app.loadDemo', {}),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: sessionKey }),
  });
  return (
    <Stack gap="sm">
      <Text>
        <Text span fw={600}>
          Demo data
        </Text>{' '}
        fills the record with synthetic patients, visits and follow-ups, and a user for each role with a known password, so you can try every screen. None of
        them is a real person; do not use a demo record for real patients.
      </Text>
      <DemoUsers users={session.demoUsers} />
      {load.isError && (
        <Alert color="red" variant="light" role="alert" title="The demo data was not loaded">
          {failureMessage(load.error)}
        </Alert>
      )}
      {/* Always present, so that screen readers announce the progress when it appears. */}
      <div role="status">
        {load.isPending && (
          <Group gap="sm" py={6}>
            <Loader size="sm" />
            <Text>Loading demo data…</Text>
          </Group>
        )}
      </div>
      {!load.isPending && (
        <Group>
          <Button variant="default" onClick={() => load.mutate()}>
            Load demo data
          </Button>
        </Group>
      )}
    </Stack>
  );
}
