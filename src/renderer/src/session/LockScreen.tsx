/**
 * Over the app while the session is locked. It names only the user (never a patient) and asks
 * for that user's password; "Switch user" lets someone else sign in instead, which first
 * says so if there are unsaved changes (a visit, the settings), since those are then discarded.
 * The app stays mounted underneath, hidden and inert, so unlocking loses nothing.
 */
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { Actor } from '@shared/types';
import { failureMessage } from '../lib/messages';
import { hasUnsavedChanges } from '../lib/unsaved';
import { useSessionCall } from './context';
import { clear, SignInForm } from './SignInForm';
import { roleLabel } from './roleLabel';

const lockedTitle = 'Locked · Milia Notes';

/** The window's title names the patient on many screens: while locked it says only "Locked". */
function useLockedTitle(): void {
  useEffect(() => {
    let appTitle = document.title;
    document.title = lockedTitle;
    const element = document.querySelector('title');
    const observer = new MutationObserver(() => {
      if (document.title === lockedTitle) return;
      appTitle = document.title;
      document.title = lockedTitle;
    });
    if (element) observer.observe(element, { childList: true, characterData: true, subtree: true });
    return () => {
      observer.disconnect();
      document.title = appTitle;
    };
  }, []);
}

type Step = 'unlock' | 'confirm-switch' | 'switch';

export function LockScreen({ user }: { user: Actor }) {
  useLockedTitle();
  const [step, setStep] = useState<Step>('unlock');
  const unlock = useSessionCall('session.unlock');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const password = String(new FormData(form).get('password') ?? '');
    setMissing(password === '');
    if (password !== '') unlock.mutate({ password }, { onError: () => clear(form) });
  };
  const problem = missing ? 'Enter your password.' : unlock.isError ? failureMessage(unlock.error) : null;

  return (
    <Center component="main" className="lock-screen" py="xl" px="md" aria-labelledby="lock-title">
      <Paper withBorder p="xl" maw={440} w="100%" shadow="sm">
        <Stack gap="md">
          <div>
            <Title order={1} size="h2" id="lock-title">
              Milia Notes is locked
            </Title>
            <Text c="dimmed">
              Signed in as <bdi>{user.name}</bdi> ({roleLabel(user)}).
            </Text>
          </div>
          {step === 'unlock' && (
            <form noValidate onSubmit={submit} aria-label="Unlock">
              <Stack gap="sm">
                <Text size="sm">Enter your password to carry on where you left off.</Text>
                {problem && (
                  <Alert color="red" variant="light" role="alert">
                    {problem}
                  </Alert>
                )}
                <PasswordInput label="Password" name="password" autoComplete="current-password" autoFocus />
                <Group gap="sm">
                  <Button type="submit" loading={unlock.isPending}>
                    Unlock
                  </Button>
                  <Button variant="default" onClick={() => setStep(hasUnsavedChanges() ? 'confirm-switch' : 'switch')}>
                    Switch user
                  </Button>
                </Group>
              </Stack>
            </form>
          )}
          {step === 'confirm-switch' && (
            <Stack gap="sm">
              <Alert color="orange" variant="light" role="alert" title="Unsaved changes" classNames={{ title: 'warning-title' }}>
                Some changes being edited (a visit, the settings) are not saved. If another user signs in, they are discarded. To keep them, unlock and save
                first.
              </Alert>
              <Group gap="sm">
                <Button variant="default" onClick={() => setStep('unlock')} autoFocus>
                  Go back
                </Button>
                <Button color="red" onClick={() => setStep('switch')}>
                  Discard and switch user
                </Button>
              </Group>
            </Stack>
          )}
          {step === 'switch' && (
            <>
              <Text size="sm">Another user signs in here; the locked session ends.</Text>
              <SignInForm
                extra={
                  <Button variant="subtle" onClick={() => setStep('unlock')}>
                    Back to unlock as <bdi>{user.name}</bdi>
                  </Button>
                }
              />
            </>
          )}
        </Stack>
      </Paper>
    </Center>
  );
}
