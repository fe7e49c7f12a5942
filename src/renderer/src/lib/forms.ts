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
