/**
 * Field schemas with the plain messages a person reads: "count: must be a whole number from
 * 1 to 500", never zod's default wording. Built from the vocabulary tables so that the
 * allowed codes are spelled in one place.
 */
import * as z from 'zod';
import { textProblem, unifyLineBreaks, type TextLayout } from './plainText';

type Issue = { input?: unknown };

const kindNames: Record<string, string> = { object: 'an object', array: 'a list', string: 'text', number: 'a number', boolean: 'true or false' };

// Plain wording for whatever no field schema words itself (a missing object, a wrong type).
z.config({
  customError: (iss) => {
    if (iss.input === undefined) return 'is required';
    if (iss.code === 'invalid_type') return `must be ${kindNames[iss.expected] ?? iss.expected}`;
    return undefined;
  },
});
const required = (msg: string) => (iss: Issue) => (iss.input === undefined ? 'is required' : msg);

export function wholeNumber(min: number, max: number) {
  const msg = `must be a whole number from ${min} to ${max}`;
  const error = required(msg);
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/**
 * The largest id a record row can have: the practice server keeps ids as 32-bit integers
 * (PostgreSQL's `integer`), so a larger one names no row on either engine and is refused as
 * input rather than reaching the database.
 */
export const largestRecordId = 2_147_483_647;

/** A record row's id given as input: a whole number from 1 to `largestRecordId`. */
export const recordId = () => wholeNumber(1, largestRecordId);

export function decimal(min: number, max: number) {
  const error = required(`must be a number from ${min} to ${max}`);
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/**
 * Text trimmed of surrounding white space and normalised to NFC (so an accent typed as a letter
 * and a combining mark is stored, searched and compared as one character), with no control
 * character or text-direction mark (see plainText.ts). `retype` ends the refusal: what to do.
 */
export function text(min: number, max: number, { layout = 'line', retype = 'it' }: { layout?: TextLayout; retype?: string } = {}) {
  const msg = min > 0 ? `must be text of ${min} to ${max} characters` : `must be text of at most ${max} characters`;
  const error = required(msg);
  const schema = z.string({ error }).trim();
  return (
    (layout === 'lines' ? schema.overwrite(unifyLineBreaks) : schema)
      // `abort`: the length checks after it would only add a second message. The problem is worded
      // again for the message, only when there is one.
      .refine((value) => textProblem(value, layout) === null, { error: (iss) => `${textProblem(iss.input as string, layout)}; retype ${retype}`, abort: true })
      .normalize('NFC')
      .min(min, { error: min === 1 ? 'must not be empty' : msg })
      .max(max, { error: msg })
  );
}

/** Text that may run over several lines (tab and line breaks allowed; every CR LF or CR stored as LF). */
export const multiLineText = (min: number, max: number) => text(min, max, { layout: 'lines', retype: 'the text' });

export const notes = () => multiLineText(0, 10_000);
export const name = () => text(1, 100, { retype: 'the name' });

export function code<const C extends string>(codes: readonly [C, ...C[]]) {
  return z.enum(codes as unknown as [C, ...C[]], { error: required(`must be one of: ${codes.join(', ')}`) });
}

/** A list of distinct codes. */
export function codeList<const C extends string>(codes: readonly [C, ...C[]]) {
  return z
    .array(code(codes), { error: required('must be a list of codes') })
    .refine((list) => new Set(list).size === list.length, { error: 'must not name the same code twice' });
}

export function bool() {
  return z.boolean({ error: required('must be true or false') });
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;
/** True for a real calendar day written `YYYY-MM-DD`. */
export function isIsoDate(value: string): boolean {
  const m = isoDatePattern.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900;
}

export function isoDate() {
  const error = required('must be a real date written YYYY-MM-DD, from 1900 on');
  return z.string({ error }).refine(isIsoDate, { error });
}

/** A moment as the record stamps it: ISO 8601 in UTC with milliseconds, `2026-11-30T09:41:07.123Z`. */
export function isoTimestamp() {
  const error = required('must be a time written as the app gives it, like 2026-11-30T09:41:07.123Z');
  return z.string({ error }).regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/, { error });
}
