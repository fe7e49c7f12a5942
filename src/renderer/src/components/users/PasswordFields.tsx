/**
 * A new password, typed twice, with the rules it must meet shown before anyone trips on
 * them. The rules are the service's own (`passwordProblem`), checked as the form is saved.
 */
import { PasswordInput, Stack } from '@mantine/core';
import type { UseFormRegisterReturn } from 'react-hook-form';
import * as z from 'zod';
import { minPasswordLength, newPassword } from '@shared/users';

export const passwordRules = `At least ${minPasswordLength} characters (spaces count), and not one of the common passwords attackers try first, such as “password1234”. A short sentence is easy to remember.`;

/** The two boxes' values, checked as the service checks a new password and against each other. */
export const passwordPair = z
  .object({ password: newPassword(), confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ['confirm'], error: 'must be the same as the password' });

interface PasswordFieldsProps {
  password: UseFormRegisterReturn;
  confirm: UseFormRegisterReturn;
  passwordError: string | undefined;
  confirmError: string | undefined;
  label?: string;
}

export function PasswordFields({ password, confirm, passwordError, confirmError, label = 'Password' }: PasswordFieldsProps) {
  return (
    <Stack gap="sm">
      <PasswordInput label={label} description={passwordRules} autoComplete="new-password" required {...password} error={passwordError} />
      <PasswordInput label={`Confirm ${label.toLowerCase()}`} autoComplete="new-password" required {...confirm} error={confirmError} />
    </Stack>
  );
}
