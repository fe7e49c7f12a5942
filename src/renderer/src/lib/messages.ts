/**
 * Messages in plain words. The schemas word a field's fault without its name ("must not be
 * empty") so that each surface can say which field it means; a form puts its label first.
 */
import { isValid, parseISO } from 'date-fns';
import type { FieldError } from 'react-hook-form';
import { ApiFailure } from '../api';
import { formatDate } from './dates';

/** `Given name must not be empty`, or nothing when the field is fine. */
export function fieldError(error: Pick<FieldError, 'message'> | undefined, label: string): string | undefined {
  const message = error?.message;
  if (!message) return undefined;
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** What to tell the user about a failed call: the service's message, or a plain fallback. */
export const failureMessage = (error: unknown): string =>
  error instanceof ApiFailure ? error.message : 'Something went wrong. Try again; if it happens again, tell IT.';

/** A message with its ISO dates as the screens write them: "before the visit, 30 Nov 2026". */
export const screenDates = (message: string): string => message.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (iso) => (isValid(parseISO(iso)) ? formatDate(iso) : iso));

/**
 * A field's fault as one sentence for a list of faults: "Treatment 1: Kind must not be …".
 * `where` names the card the field is on, when there are several alike.
 */
export function faultSentence(where: string | null, label: string, message: string): string {
  const said = screenDates(message);
  const sentence = /^[a-z]/.test(said) ? `${label} ${said}` : said;
  const text = where ? `${where}: ${sentence}` : sentence;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}
