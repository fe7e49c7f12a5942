/**
 * Errors that cross the API: a message fit to show, and for validation each field path with
 * a plain message. Services throw `AppError`; the IPC layer, the browser server and the
 * command line turn it into their own form. Anything else is a bug and is reported as such.
 */
import type { z } from 'zod';

/** `damaged`: the database file is damaged or missing; it is left as it is, for a restore. */
/** `unauthenticated`: nobody is signed in; `locked`: the session is locked until its user's password is given. */
/** `stale`: someone else saved the record after the caller read it; the issues say what differs. */
export type ErrorKind = 'validation' | 'not_found' | 'conflict' | 'stale' | 'forbidden' | 'unauthenticated' | 'locked' | 'storage' | 'damaged';

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

/**
 * Control characters (and those that reorder text) as `\u0007`, so that a message shows them
 * and a terminal or a page does not act on them: a key or a path can come from a hostile file.
 */
export const printable = (text: string): string =>
  text.replace(/[\p{Cc}\p{Cs}\u061c\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/gu, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** `a.b[2].c` from a zod path; a key is shown with its control characters escaped. */
export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? printable(String(part)) : `.${printable(String(part))}`;
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

/** The issues as lines `path: message`, each with its control characters escaped (a message may quote a value). */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => printable(i.path ? `${i.path}: ${i.message}` : i.message)).join('\n');
}

/** A validation error whose message names the one fault, or counts them. */
export function invalid(what: string, issues: FieldIssue[]): AppError {
  const first = issues[0];
  const summary = issues.length === 1 && first ? `${first.path ? `${first.path}: ` : ''}${first.message}` : `${issues.length} fields need attention`;
  return new AppError('validation', `Check ${what}: ${printable(summary)}.`, issues);
}

export function validationError(error: z.ZodError, what = 'the input'): AppError {
  return invalid(what, fieldIssues(error));
}
