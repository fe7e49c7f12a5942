/**
 * Username and password, and one plain sentence when they are not accepted. Used by the
 * sign-in screen and by "Switch user" on the lock screen.
 */
import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { failureMessage } from '../lib/messages';
import { useSessionCall } from './context';
import { loadSignedInApp } from './signedInApp';

/** Empties a form's password box and puts the cursor there. */
export function clear(form: HTMLFormElement): void {
  const box = form.elements.namedItem('password');
  if (!(box instanceof HTMLInputElement)) return;
  box.value = '';
  box.focus();
}

/** Asks for the signed-in app's code; a failure here is shown once signed in, where it is needed. */
const fetchSignedInApp = (): void => void loadSignedInApp().catch(() => undefined);

interface SignInFormProps {
  /** Under the button: "Back" on the lock screen. */
  extra?: ReactNode;
}

export function SignInForm({ extra }: SignInFormProps) {
  const signIn = useSessionCall('session.signIn');
  const [missing, setMissing] = useState(false);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const username = String(data.get('username') ?? '').trim();
    const password = String(data.get('password') ?? '');
    setMissing(username === '' || password === '');
    if (username === '' || password === '') return;
    // Asked for again in case the first key's fetch failed.
    fetchSignedInApp();
    // A refused password is cleared for the next try.
    signIn.mutate({ username, password }, { onError: () => clear(form) });
  };

  const problem = missing ? 'Enter your username and your password.' : signIn.isError ? failureMessage(signIn.error) : null;
  return (
    // The app's code comes while the person types, not after they press Enter: fetched and
    // compiled then, it shared the machine with the password check (about 0.1 s longer to sign in).
    <form noValidate onSubmit={submit} onInput={fetchSignedInApp} aria-label="Sign in">
      <Stack gap="sm">
        {problem && (
          <Alert color="red" variant="light" role="alert">
            {problem}
          </Alert>
        )}
        <TextInput label="Username" name="username" autoComplete="username" autoCapitalize="none" spellCheck={false} autoFocus />
        <PasswordInput label="Password" name="password" autoComplete="current-password" />
        <Stack gap="xs" align="flex-start">
          <Button type="submit" loading={signIn.isPending}>
            Sign in
          </Button>
          {extra}
        </Stack>
      </Stack>
    </form>
  );
}
