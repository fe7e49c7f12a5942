/**
 * Errors that cross the API: a message fit to show, and for validation each field path with
 * a plain message. Services throw `AppError`; the IPC layer, the browser server and the
 * command line turn it into their own form. Anything else is a bug and is reported as such.
 */
import type { z } from 'zod';

/** `damaged`: the database file is damaged or missing; it is left as it is, for a restore. */
/** `unauthenticated`: nobody is signed in; `locked`: the session is locked until its user's password is given. */
export type ErrorKind = 'validation' | 'not_found' | 'conflict' | 'forbidden' | 'unauthenticated' | 'locked' | 'storage' | 'damaged';

export interface FieldIssue {
  /** JSON path like `patients[3].visits[0].count`; empty for the whole input. */
  path: string;
  message: string;
}

export interface ApiError {
  kind: ErrorKind | 'internal';
  message: string;
  issues?: FieldIssue[];
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export class AppError extends Error {
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }

  toJSON(): ApiError {
    return this.issues.length > 0 ? { kind: this.kind, message: this.message, issues: this.issues } : { kind: this.kind, message: this.message };
  }
}

/** `a.b[2].c` from a zod path. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** Every zod issue as a path and a plain message; unknown keys get one issue each. */
export function fieldIssues(error: z.ZodError, prefix: ReadonlyArray<PropertyKey> = []): FieldIssue[] {
  const out: FieldIssue[] = [];
  for (const issue of error.issues) {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'unrecognized_keys') {
      for (const k of issue.keys) out.push({ path: formatPath([...path, k]), message: 'is not a known field: check its spelling' });
    } else {
      out.push({ path: formatPath(path), message: issue.message });
    }
  }
  return out;
}

/** The issues as lines `path: message`. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}

/** A validation error whose message names the one fault, or counts them. */
export function invalid(what: string, issues: FieldIssue[]): AppError {
  const first = issues[0];
  const summary = issues.length === 1 && first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : `${issues.length} fields need attention`;
  return new AppError('validation', `Check ${what}: ${summary}.`, issues);
}

export function validationError(error: z.ZodError, what = 'the input'): AppError {
  return invalid(what, fieldIssues(error));
}
