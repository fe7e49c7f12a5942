import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import type { FieldIssue } from '@shared/errors';
import { ApiFailure } from '../api';

/**
 * Shows the service's field issues at their fields (paths like `treatments[1].consent` map
 * to `treatments.1.consent`). Returns the message for the form's banner.
 */
export function showFailure<T extends FieldValues>(error: unknown, setError: UseFormSetError<T>): string {
  if (!(error instanceof ApiFailure)) return 'Something went wrong and nothing was saved. Try again.';
  const issues: FieldIssue[] = error.error.issues ?? [];
  for (const issue of issues) {
    if (issue.path) setError(issue.path.replace(/\[(\d+)\]/g, '.$1') as Path<T>, { type: 'server', message: issue.message });
  }
  return error.message;
}

/** The service's field issues of a failed call (none when it failed otherwise). */
export const failureIssues = (error: unknown): FieldIssue[] => (error instanceof ApiFailure ? (error.error.issues ?? []) : []);

/**
 * The mouse wheel over a focused number field steps its value in Chromium: a count of 12
 * became 11 while scrolling the form. Taking the focus away first lets the wheel scroll the
 * page and leaves the value alone. For a form's (or any container's) `onWheel`.
 */
export function keepWheelFromNumbers(event: { target: EventTarget }): void {
  const { target } = event;
  if (target instanceof HTMLInputElement && target.type === 'number' && target === document.activeElement) target.blur();
}
