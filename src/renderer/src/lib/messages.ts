/**
 * Messages in plain words. The schemas word a field's fault without its name ("must not be
 * empty") so that each surface can say which field it means; a form puts its label first.
 */
import type { FieldError } from 'react-hook-form';
import { ApiFailure } from '../api';

/** `Given name must not be empty`, or nothing when the field is fine. */
export function fieldError(error: Pick<FieldError, 'message'> | undefined, label: string): string | undefined {
  const message = error?.message;
  if (!message) return undefined;
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** What to tell the user about a failed call: the service's message, or a plain fallback. */
export const failureMessage = (error: unknown): string =>
  error instanceof ApiFailure ? error.message : 'Something went wrong. Try again; if it happens again, tell IT.';
