/**
 * The way in: username and password. Nothing of the record shows before sign-in, not even
 * the practice's name; a record holding only demo data lists its demo users.
 */
import { Center, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { SessionState } from '@shared/types';
import { DemoUsers } from '../session/DemoUsers';
import { SignInForm } from '../session/SignInForm';

export function SignInScreen({ session }: { session: SessionState }) {
  useDocumentTitle('Sign in · Milia Notes');
  return (
    <Center component="main" py="xl" px="md" mih="100vh">
      <Paper withBorder p="xl" maw={440} w="100%" shadow="xs">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2">
              Milia Notes
            </Title>
            <Text c="dimmed">Sign in with your own username and password.</Text>
          </div>
          <SignInForm />
          <DemoUsers users={session.demoUsers} />
        </Stack>
      </Paper>
    </Center>
  );
}
